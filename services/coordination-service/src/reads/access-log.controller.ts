import { Controller, Get, Inject, Param, Query, Req, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type Principal } from '@samvirke/platform';
import { AccessLog } from '../audit';
import { ChildAccess } from '../commands/child-access';
import { ChildRefParam } from '../commands/params';
import { decodeCursor, encodeCursor } from './cursor';
import { CallerRateLimit } from './rate-limits';
import { AccessLogQuery, DEFAULT_PAGE } from './dto/read-queries.dto';

const READERS = ['coordinator', 'auditor'] as const;

/** The request id the HTTP logger gave the request (echoed as X-Request-Id). */
export type WithRequestId = { id?: unknown };

@ApiTags('children')
@Roles(...READERS)
@UseGuards(CallerRateLimit)
@SkipThrottle({ lookup: true })
@Controller('v1/children')
export class AccessLogController {
  constructor(
    private readonly access: ChildAccess,
    @Inject(AccessLog) private readonly log: AccessLog,
  ) {}

  @Get(':childRef/access-log')
  @ApiOperation({
    summary:
      'Who read the child, when, as what and which part, newest first; append-only (no route changes it)',
  })
  async list(
    @Param() { childRef }: ChildRefParam,
    @Query() query: AccessLogQuery,
    @CurrentUser() caller: Principal,
    @Req() request: WithRequestId,
  ) {
    await this.access.childForRead(caller, childRef, READERS);
    // Reading the log is a read of the child too, and shows up in the page it returns.
    await this.log.record(caller, childRef, 'access-log', READERS, request.id);
    const limit = query.limit ?? DEFAULT_PAGE;
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 2);
    const rows = await this.log.find(childRef, cursor && [cursor[0], cursor[1]], limit);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      entries: page.map(({ cursorAt: _, childRef: __, ...entry }) => entry),
      nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
    };
  }
}
