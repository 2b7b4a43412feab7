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
  ValidateIf,
} from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

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

  /** HS256 key; at least 32 characters (256 bits, as RFC 7518 asks of an HS256 key). */
  @ValidateIf((config: BaseConfig) => config.SAMVIRKE_JWKS_URL === undefined)
  @IsString({ message: 'SAMVIRKE_JWT_SECRET or SAMVIRKE_JWKS_URL must be set' })
  @MinLength(32, { message: 'SAMVIRKE_JWT_SECRET must be at least 32 characters' })
  SAMVIRKE_JWT_SECRET?: string;

  /** Where RS256/ES256 public keys are published, in production. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  SAMVIRKE_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  SAMVIRKE_JWT_ISSUER?: string;

  @IsOptional()
  @IsString()
  SAMVIRKE_JWT_AUDIENCE?: string;
}
