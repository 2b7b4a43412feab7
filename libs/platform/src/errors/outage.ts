/**
 * Whether an error means a server this service depends on (PostgreSQL, Kafka) cannot be reached
 * right now, so the same work may succeed later: the answer is 503 with `Retry-After`, a consumer
 * or relay retries, and nothing is dead-lettered. Anything else (a bad event, a bug, a rule) is
 * not an outage. Pure and free of imports, so every lib can use this one test.
 */
export function isOutage(error: unknown): boolean {
  return causes(error).some(isOutageItself);
}

// Socket errors on connecting or while connected (DNS included: a server's name gone from the network).
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// PostgreSQL's SQLSTATEs for "not now": connection exceptions (class 08), the server shutting
// down or starting up (57P01–57P03), too many connections (53300).
const POSTGRES_UNAVAILABLE = /^(08...|57P0[123]|53300)$/;

// node-postgres and pg-pool say these without a code.
const DRIVER_MESSAGES = [
  /^Connection terminated/, // unexpectedly, or due to connection timeout
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
];

// kafkajs: no broker reachable, or a request that timed out.
const KAFKA_UNAVAILABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
]);

function isOutageItself(error: object): boolean {
  const { code, name, message } = error as { code?: unknown; name?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code)))
    return true;
  if (typeof name === 'string' && KAFKA_UNAVAILABLE.has(name)) return true;
  // A broker's answer that kafkajs itself calls retriable: no leader or coordinator yet (a restart).
  if (name === 'KafkaJSProtocolError' && (error as { retriable?: unknown }).retriable === true)
    return true;
  return typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * The error and what it wraps: `cause` (kafkajs's retries, our own wrappers), TypeORM's
 * `driverError`, an `AggregateError`'s `errors` (a connect tried on IPv4 and IPv6).
 */
function causes(error: unknown, seen = new Set<object>()): object[] {
  if (typeof error !== 'object' || error === null || seen.has(error)) return [];
  seen.add(error);
  const { cause, driverError, errors } = error as {
    cause?: unknown;
    driverError?: unknown;
    errors?: unknown;
  };
  const inner = [cause, driverError, ...(Array.isArray(errors) ? errors : [])];
  return [error, ...inner.flatMap((wrapped) => causes(wrapped, seen))];
}
