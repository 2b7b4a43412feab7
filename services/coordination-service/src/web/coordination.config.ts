import { WriteSideConfig } from '@samvirke/write-side';
import { IsOptional, IsString, Matches, ValidateBy } from 'class-validator';

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
    name: 'needsJwtSecret',
    validator: {
      validate: (_value: unknown, args) => (args?.object as CoordinationConfig).SAMVIRKE_JWT_SECRET !== undefined,
      defaultMessage: () => 'SAMVIRKE_DEMO_LOGIN needs SAMVIRKE_JWT_SECRET: demo tokens are signed with it',
    },
  })
  SAMVIRKE_DEMO_LOGIN?: string;

  /** Where the built coordinator web page is (index.html); found beside the build when unset. */
  @IsOptional()
  @IsString()
  SAMVIRKE_WEB_ROOT?: string;
}
