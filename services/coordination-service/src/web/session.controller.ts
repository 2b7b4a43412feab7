import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import {
  CurrentUser,
  ProblemException,
  Public,
  signDemoToken,
  type Principal,
} from '@samvirke/platform';
import { WRITE_SIDE_OPTIONS, type WriteSideModuleOptions } from '@samvirke/write-side';
import { IsString, Length } from 'class-validator';
import { READ_MODEL_DB, type ReadModelDb } from '../reads/read-model.database';
import type { CoordinationConfig } from './coordination.config';
import { demoUsers, type DemoUser } from './demo-users';

/** The ways to log in here: the OIDC provider, the embedded run's demo users, or neither (a pasted token). */
export interface SessionOptions {
  oidc: { issuer: string; clientId: string; scope: string } | null;
  demoLogin: { municipality: string; users: DemoUser[] } | null;
}

/** How long a demo log-in lasts: a working day. */
export const DEMO_TOKEN_TTL_SECONDS = 8 * 60 * 60;

export class DemoLoginDto {
  @ApiProperty({
    description: 'The id of one of the demo users that GET /v1/session/options lists',
    example: 'demo-ke',
  })
  @IsString()
  @Length(1, 100)
  userId!: string;
}

/**
 * What the web page needs to log in: which ways there are (`options`), the embedded run's demo
 * log-in (a bearer token for a demo user, in the shape of an OAuth 2.0 token response), and who
 * the bearer of a token is (`GET /v1/session`).
 */
@ApiTags('session')
@Controller('v1/session')
export class SessionController {
  private readonly config: CoordinationConfig;

  constructor(
    @Inject(WRITE_SIDE_OPTIONS) options: WriteSideModuleOptions,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
  ) {
    this.config = options.config as CoordinationConfig;
  }

  @Public()
  @Get('options')
  @ApiOperation({
    summary:
      'How to log in here: the OIDC provider, and the demo users when the embedded run offers them',
  })
  async options(): Promise<SessionOptions> {
    const {
      SAMVIRKE_DEMO_LOGIN: municipality,
      SAMVIRKE_OIDC_ISSUER: issuer,
      SAMVIRKE_OIDC_CLIENT_ID: clientId,
    } = this.config;
    return {
      oidc:
        issuer && clientId
          ? { issuer, clientId, scope: this.config.SAMVIRKE_OIDC_SCOPE ?? 'openid profile' }
          : null,
      demoLogin:
        municipality === undefined ? null : { municipality, users: await this.users(municipality) },
    };
  }

  @Public()
  @Post('demo')
  @HttpCode(200)
  @ApiOperation({ summary: 'The embedded run only: a bearer token for one of the demo users' })
  async demoLogin(@Body() { userId }: DemoLoginDto) {
    const municipality = this.config.SAMVIRKE_DEMO_LOGIN;
    const secret = this.config.SAMVIRKE_JWT_SECRET;
    if (municipality === undefined || secret === undefined) {
      throw ProblemException.of(
        404,
        'There is no demo log-in here: log in with your organisation’s identity provider.',
      );
    }
    const user = (await this.users(municipality)).find((candidate) => candidate.id === userId);
    if (!user)
      throw ProblemException.validation([
        { field: 'userId', message: 'userId must be one of the demo users' },
      ]);
    const token = await signDemoToken(
      { sub: user.id, roles: user.roles, municipality: user.municipality, name: user.name },
      secret,
      DEMO_TOKEN_TTL_SECONDS,
      { issuer: this.config.SAMVIRKE_JWT_ISSUER, audience: this.config.SAMVIRKE_JWT_AUDIENCE },
    );
    return { access_token: token, token_type: 'Bearer', expires_in: DEMO_TOKEN_TTL_SECONDS };
  }

  @Get()
  @ApiOperation({ summary: 'Who the bearer of this token is: subject, name, roles, municipality' })
  whoAmI(@CurrentUser() caller: Principal) {
    return {
      sub: caller.sub,
      name: caller.name,
      roles: caller.roles,
      municipality: caller.municipality ?? null,
    };
  }

  private async users(municipality: string): Promise<DemoUser[]> {
    const { rows } = await this.db.query<{ id: string; children: number }>(
      `SELECT coordinator_id AS id, count(*)::int AS children FROM read_model.children
       WHERE municipality = $1 AND enrolled AND erased_at IS NULL AND coordinator_id IS NOT NULL
       GROUP BY coordinator_id`,
      [municipality],
    );
    return demoUsers(municipality, rows);
  }
}
