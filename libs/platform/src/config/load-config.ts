import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';

/** Raised at start-up when the environment is incomplete or wrong; names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid environment:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`,
    );
  }
}

/**
 * Reads a class-validator decorated env class from `env` and fails fast, listing every bad
 * variable at once. Only decorated properties are kept; empty strings count as unset, so
 * `FOO=` falls back to the class's default. Values never appear in the error (some are secrets).
 */
export function loadConfig<T extends object>(
  EnvClass: new () => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const config = plainToInstance(EnvClass, present);
  const errors = validateSync(config, {
    whitelist: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length > 0) throw new ConfigError(errors.flatMap(describe));
  return config;
}

function describe(error: ValidationError): { variable: string; message: string }[] {
  const messages = Object.values(error.constraints ?? {});
  return messages.length > 0 ? [{ variable: error.property, message: messages.join('; ') }] : [];
}
