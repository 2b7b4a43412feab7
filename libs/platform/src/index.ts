// Bootstrap
export {
  bootstrapService,
  createServiceApp,
  createTestApp,
  TEST_JWT_SECRET,
  type ServiceOptions,
  type TestAppOptions,
  type IdempotencySettings,
  type DatabaseSettings,
} from './bootstrap';
export { PlatformModule, PLATFORM_CONFIG, type PlatformModuleOptions } from './platform.module';

// Database
export {
  DatabaseModule,
  DATA_SOURCE,
  DATABASE_POOL,
  type DatabaseModuleOptions,
} from './database/database.module';

// Config
export { loadConfig, ConfigError } from './config/load-config';
export {
  BaseConfig,
  LOG_LEVELS,
  SAMVIRKE_ENVS,
  type LogLevel,
  type SamvirkeEnv,
} from './config/base-config';
export { isPublishedSecret } from './config/published-secrets';

// Logging
export {
  DEFAULT_REDACT,
  createRootLogger,
  httpLogger,
  type LoggingOptions,
} from './logging/logging';

// Health and metrics
export {
  HealthRegistry,
  databaseCheck,
  type ReadinessCheck,
  type Readiness,
  type CheckStatus,
} from './health/health.registry';
export { Metrics, routeTemplate, UNMATCHED_ROUTE } from './metrics/metrics';

// Errors
export {
  type Problem,
  type FieldError,
  ProblemException,
  ProblemType,
  PROBLEM_CONTENT_TYPE,
  RETRY_AFTER_SECONDS,
  problem,
  statusTitle,
} from './errors/problem';
export { ProblemDetailsFilter, toProblem } from './errors/problem.filter';
export { isOutage } from './errors/outage';
export { createValidationPipe, fieldErrors } from './errors/validation';
export { BODY_LIMIT_BYTES, isJsonMediaType, useJsonBodyOnly } from './errors/json-body';
export { isStorableText, MAX_JSON_DEPTH } from './errors/json-limits';

// Auth
export {
  ROLES,
  isRole,
  principalFromClaims,
  reachOf,
  reaches,
  KOMMUNENUMMER,
  SECTOR_ROLES,
  type Role,
  type Principal,
  type Reach,
} from './auth/principal';
export {
  Public,
  Roles,
  CurrentUser,
  assertMunicipality,
  type AuthenticatedRequest,
} from './auth/decorators';
export { AuthGuard } from './auth/auth.guard';
export {
  TokenVerifier,
  InvalidTokenError,
  KeysUnavailableError,
  signDemoToken,
  type TokenSettings,
  type DemoClaims,
} from './auth/tokens';

// Idempotency
export {
  Idempotent,
  IDEMPOTENCY_HEADER,
  type IdempotentOptions,
} from './idempotency/idempotent.decorator';
export {
  IdempotencyInterceptor,
  IDEMPOTENCY_STORE,
  type IdempotencyWait,
} from './idempotency/idempotency.interceptor';
export {
  InMemoryIdempotencyStore,
  DEFAULT_IDEMPOTENCY_TIMINGS,
  type IdempotencyStore,
  type IdempotencyRequest,
  type IdempotencyTimings,
  type ClaimResult,
  type StoredResponse,
} from './idempotency/idempotency-store';
export {
  PostgresIdempotencyStore,
  type PostgresIdempotencyStoreOptions,
} from './idempotency/postgres-idempotency-store';
export { canonicalJson, requestFingerprint } from './idempotency/fingerprint';

// OpenAPI
export { setupOpenApi, BEARER_SCHEME, DOCS_CONTENT_SECURITY_POLICY } from './openapi/openapi';
