import { WriteSideConfig } from '@samvirke/write-side';
import { Type } from 'class-transformer';
import {
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

/** The coordination service's environment: the write side's, and the web page's. */
export class CoordinationConfig extends WriteSideConfig {
  /**
   * A kommunenummer: turns on the log-in page's demo users of that municipality (its
   * coordinators, the coordinating unit, an auditor), with tokens signed by SAMVIRKE_JWT_SECRET.
   * For the embedded run only; unset in production, where tokens come from the OIDC provider.
   */
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'SAMVIRKE_DEMO_LOGIN must be a 4-digit kommunenummer, e.g. 0301' })
  @ValidateBy({
    name: 'noDemoLoginInProduction',
    validator: {
      validate: (_value: unknown, args) =>
        (args?.object as CoordinationConfig).SAMVIRKE_ENV !== 'production',
      defaultMessage: () =>
        'SAMVIRKE_DEMO_LOGIN is refused in production (SAMVIRKE_ENV=production): anyone could log in as a demo user; unset it',
    },
  })
  @ValidateBy({
    name: 'needsJwtSecret',
    validator: {
      validate: (_value: unknown, args) =>
        (args?.object as CoordinationConfig).SAMVIRKE_JWT_SECRET !== undefined,
      defaultMessage: () =>
        'SAMVIRKE_DEMO_LOGIN needs SAMVIRKE_JWT_SECRET: demo tokens are signed with it',
    },
  })
  SAMVIRKE_DEMO_LOGIN?: string;

  /**
   * The municipality's OpenID Connect provider (its issuer URL, where
   * `.well-known/openid-configuration` is): the log-in page sends people there (authorization
   * code with PKCE) and uses the access token it returns. Its keys go in SAMVIRKE_JWKS_URL.
   */
  @IsOptional()
  @IsUrl(
    { require_tld: false, protocols: ['http', 'https'], require_protocol: true },
    { message: 'SAMVIRKE_OIDC_ISSUER must be an http(s) URL' },
  )
  SAMVIRKE_OIDC_ISSUER?: string;

  /** The web page's client id at the provider (a public client: no secret). */
  @ValidateIf((config: CoordinationConfig) => config.SAMVIRKE_OIDC_ISSUER !== undefined)
  @IsString({ message: 'SAMVIRKE_OIDC_CLIENT_ID must be set with SAMVIRKE_OIDC_ISSUER' })
  SAMVIRKE_OIDC_CLIENT_ID?: string;

  /** The scopes the page asks for; `openid profile` when unset. */
  @IsOptional()
  @IsString()
  SAMVIRKE_OIDC_SCOPE?: string;

  /** Where the built coordinator web page is (index.html); found beside the build when unset. */
  @IsOptional()
  @IsString()
  SAMVIRKE_WEB_ROOT?: string;

  /** Lookups (`POST /v1/children/lookup`) per caller in a window; 30 when unset. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'SAMVIRKE_LOOKUP_LIMIT must be a whole number' })
  @Min(1, { message: 'SAMVIRKE_LOOKUP_LIMIT must be at least 1' })
  SAMVIRKE_LOOKUP_LIMIT?: number;

  /** The lookups' window in seconds; 60 when unset. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'SAMVIRKE_LOOKUP_WINDOW_SECONDS must be a whole number' })
  @Min(1, { message: 'SAMVIRKE_LOOKUP_WINDOW_SECONDS must be at least 1' })
  SAMVIRKE_LOOKUP_WINDOW_SECONDS?: number;

  /** Other reads (every GET of the read API) per caller in a window; 1200 when unset. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'SAMVIRKE_READ_LIMIT must be a whole number' })
  @Min(1, { message: 'SAMVIRKE_READ_LIMIT must be at least 1' })
  SAMVIRKE_READ_LIMIT?: number;

  /** The reads' window in seconds; 60 when unset. */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'SAMVIRKE_READ_WINDOW_SECONDS must be a whole number' })
  @Min(1, { message: 'SAMVIRKE_READ_WINDOW_SECONDS must be at least 1' })
  SAMVIRKE_READ_WINDOW_SECONDS?: number;
}
