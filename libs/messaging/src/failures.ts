/**
 * Telling an outage from a poison event. An outage (the database or the bus away, overloaded
 * or restarting; a transaction that lost a race) is waited out with a backoff and never
 * dead-lettered: nothing is wrong with the events. Anything else that fails again and again on
 * the same event, while the database answers, is that event's fault: it is a poison.
 */

/** Socket errors (Node's `code`): the other end is not there or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
]);

/**
 * PostgreSQL SQLSTATE classes that say nothing about the data: 08 connection exception, 40
 * transaction rollback (serialization failure, deadlock), 53 insufficient resources, 57
 * operator intervention (shutdown, statement timeout), 58 system error.
 */
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '40', '53', '57', '58']);
/** Single SQLSTATEs of other classes: lock not available, idle-in-transaction timeout. */
const TRANSIENT_SQLSTATES = new Set(['55P03', '25P03']);

/** What `pg` and TypeORM say when the connection is gone (they carry no code). */
const CONNECTION_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /cannot use a pool after calling end/i,
  /connection (is )?not (yet )?established/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

/** kafkajs error names that mean the broker is away, whatever their `retriable` says. */
const BUS_ERROR_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNumberOfRetriesExceeded',
  'KafkaJSBrokerNotFound',
  'KafkaJSConnectionClosedError',
]);

/** True when the error, or any error it was caused by, says the database or the bus is away. */
export function isOutage(error: unknown): boolean {
  return causesOf(error).some((cause) => {
    const { code, name, message, retriable } = cause as {
      code?: unknown;
      name?: unknown;
      message?: unknown;
      retriable?: unknown;
    };
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code)) return true;
      if (
        /^[0-9A-Z]{5}$/.test(code) &&
        (TRANSIENT_SQLSTATE_CLASSES.has(code.slice(0, 2)) || TRANSIENT_SQLSTATES.has(code))
      )
        return true;
    }
    if (
      typeof name === 'string' &&
      name.startsWith('KafkaJS') &&
      (BUS_ERROR_NAMES.has(name) || retriable === true)
    )
      return true;
    return (
      typeof message === 'string' && CONNECTION_MESSAGES.some((pattern) => pattern.test(message))
    );
  });
}

/** The error and its causes (`cause`, TypeORM's `driverError`), outermost first. */
export function causesOf(error: unknown): object[] {
  const chain: object[] = [];
  for (
    let current: unknown = error;
    current !== null &&
    typeof current === 'object' &&
    !chain.includes(current) &&
    chain.length < 10;
  ) {
    chain.push(current);
    const { cause, driverError } = current as { cause?: unknown; driverError?: unknown };
    current = cause ?? driverError;
  }
  return chain;
}

/**
 * The error in words for a dead letter: its name, its SQLSTATE when PostgreSQL refused, and its
 * message. Not for logs: a database error may quote a value of the event.
 */
export function errorReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const sqlState = sqlStateOf(error);
  return `${error.name}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}: ${error.message}`;
}

/** The SQLSTATE of a PostgreSQL error anywhere in the chain, if any. */
export function sqlStateOf(error: unknown): string | undefined {
  for (const cause of causesOf(error)) {
    const { code } = cause as { code?: unknown };
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * The error for a log line or a status: in full for an outage (it names hosts and connections,
 * not people); otherwise only its name and SQLSTATE, since a database error may quote a value of
 * the event (the full reason goes with the dead letter).
 */
export function loggableError(error: unknown): { error: string } {
  if (isOutage(error) || !(error instanceof Error))
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  const sqlState = sqlStateOf(error);
  return { error: `${error.name}${sqlState ? ` (SQLSTATE ${sqlState})` : ''}` };
}
