/** The slice of a pino logger this lib writes to; pass the service's pino logger. */
export interface MessagingLogger {
  debug(context: object, message: string): void;
  info(context: object, message: string): void;
  warn(context: object, message: string): void;
  error(context: object, message: string): void;
}

export const silentLogger: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The default: warnings and errors to stderr, so a stuck relay or consumer is never silent. */
export const consoleLogger: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (context, message) => console.warn(`[messaging] ${message}`, context),
  error: (context, message) => console.error(`[messaging] ${message}`, context),
};

export function describeError(error: unknown): { error: string } {
  return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}
