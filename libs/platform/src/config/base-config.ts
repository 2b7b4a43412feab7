// Decorator metadata is read at class definition; Nest loads this too, but config loads before Nest.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { isPublishedSecret } from './published-secrets';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const SAMVIRKE_ENVS = ['production', 'development'] as const;
export type SamvirkeEnv = (typeof SAMVIRKE_ENVS)[number];

/**
 * What every service reads from its environment. A service extends it with its own variables
 * and loads it with `loadConfig(ServiceConfig)`.
 */
export class BaseConfig {
  /** Overrides the service's default port (CONTRACT: 3000 to 3003). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// connection string',
  })
  DATABASE_URL!: string;

  /**
   * `production` (what docker-compose.yml sets) or `development` (the embedded run of `npm start`
   * and the tests, the default). Production takes RS256/ES256 tokens from an https JWKS with
   * issuer and audience checked, and refuses an HS256 secret and the demo log-in.
   */
  @IsIn(SAMVIRKE_ENVS, { message: `SAMVIRKE_ENV must be one of ${SAMVIRKE_ENVS.join(', ')}` })
  SAMVIRKE_ENV: SamvirkeEnv = 'development';

  /** HS256 key, outside production only; at least 32 characters (256 bits, as RFC 7518 asks), never a published one. */
  @ValidateIf(
    (config: BaseConfig) =>
      config.SAMVIRKE_JWT_SECRET !== undefined ||
      (config.SAMVIRKE_ENV !== 'production' && config.SAMVIRKE_JWKS_URL === undefined),
  )
  @IsString({ message: 'SAMVIRKE_JWT_SECRET or SAMVIRKE_JWKS_URL must be set' })
  @ValidateBy({
    name: 'noSecretInProduction',
    validator: {
      validate: (_value: unknown, args) =>
        (args?.object as BaseConfig).SAMVIRKE_ENV !== 'production',
      defaultMessage: () =>
        'SAMVIRKE_JWT_SECRET is refused in production (SAMVIRKE_ENV=production): HS256 tokens are not accepted there; unset it and set SAMVIRKE_JWKS_URL',
    },
  })
  @MinLength(32, { message: 'SAMVIRKE_JWT_SECRET must be at least 32 characters' })
  @ValidateBy({
    name: 'unpublishedSecret',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !isPublishedSecret(value),
      defaultMessage: () =>
        "SAMVIRKE_JWT_SECRET is a secret published in Samvirke's docs or tests: make your own (openssl rand -base64 32)",
    },
  })
  SAMVIRKE_JWT_SECRET?: string;

  /** Where RS256/ES256 public keys are published; required in production, and https there. */
  @ValidateIf(
    (config: BaseConfig) =>
      config.SAMVIRKE_JWKS_URL !== undefined || config.SAMVIRKE_ENV === 'production',
  )
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    {
      message: (args) =>
        args.value === undefined
          ? 'SAMVIRKE_JWKS_URL must be set in production (SAMVIRKE_ENV=production): the identity provider’s https JWKS'
          : 'SAMVIRKE_JWKS_URL must be an http(s) URL',
    },
  )
  @ValidateBy({
    name: 'httpsInProduction',
    validator: {
      validate: (value: unknown, args) =>
        typeof value !== 'string' ||
        (args?.object as BaseConfig).SAMVIRKE_ENV !== 'production' ||
        value.startsWith('https://'),
      defaultMessage: () =>
        'SAMVIRKE_JWKS_URL must be an https:// URL in production (SAMVIRKE_ENV=production): keys fetched over plain http can be swapped on the way',
    },
  })
  SAMVIRKE_JWKS_URL?: string;

  /** A PEM file of the CA that signed the JWKS server's certificate, when it is not a public one. */
  @IsOptional()
  @IsString()
  SAMVIRKE_JWKS_CA_FILE?: string;

  /** Only tokens with this `iss` are accepted; required in production. */
  @ValidateIf(
    (config: BaseConfig) =>
      config.SAMVIRKE_JWT_ISSUER !== undefined || config.SAMVIRKE_ENV === 'production',
  )
  @IsString({
    message:
      'SAMVIRKE_JWT_ISSUER must be set in production (SAMVIRKE_ENV=production): the `iss` of your identity provider’s tokens',
  })
  SAMVIRKE_JWT_ISSUER?: string;

  /** Only tokens with this `aud` are accepted; required in production. */
  @ValidateIf(
    (config: BaseConfig) =>
      config.SAMVIRKE_JWT_AUDIENCE !== undefined || config.SAMVIRKE_ENV === 'production',
  )
  @IsString({
    message:
      'SAMVIRKE_JWT_AUDIENCE must be set in production (SAMVIRKE_ENV=production): the `aud` your identity provider gives Samvirke’s tokens',
  })
  SAMVIRKE_JWT_AUDIENCE?: string;
}
