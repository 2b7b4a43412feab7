import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type Principal } from '@samvirke/platform';
import { AccessLog } from '../audit';
import { seesMunicipality } from '../domain';
import type { WithRequestId } from './access-log.controller';
import { municipalityOf } from './caller';
import { decodeCursor, encodeCursor } from './cursor';
import { DEFAULT_PAGE, GapsQuery } from './dto/read-queries.dto';
import { findGaps, gapView } from './queries/gaps.query';
import { READ_MODEL_DB, type ReadModelDb } from './read-model.database';

const READERS = ['coordinator', 'coordinating-unit', 'auditor'] as const;

@ApiTags('gaps')
@Roles(...READERS)
@Controller('v1/gaps')
export class GapsReadController {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(AccessLog) private readonly log: AccessLog,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Gaps, oldest deadline first: a coordinator’s caseload, or the whole municipality for the coordinating unit and auditors',
  })
  async list(@Query() query: GapsQuery, @CurrentUser() caller: Principal, @Req() request: WithRequestId) {
    const limit = query.limit ?? DEFAULT_PAGE;
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 2);
    const rows = await findGaps(this.db, {
      municipality: municipalityOf(caller),
      // A coordinator sees their own caseload whatever they ask; the others may choose a coordinator's.
      coordinatorId: seesMunicipality(caller, READERS) ? query.coordinatorId : caller.sub,
      status: query.status,
      sector: query.sector,
      ruleId: query.ruleId,
      childRef: query.childRef,
      after: cursor && [cursor[0], cursor[1]],
      limit,
    });
    const page = rows.slice(0, limit);
    // Asked for one child and shown some of its gaps: a read of that child. An empty page shows nothing.
    if (query.childRef !== undefined && page.length > 0) await this.log.record(caller, query.childRef, 'gaps', READERS, request.id);
    const withNotes = caller.roles.some((role) => role === 'coordinator' || role === 'coordinating-unit');
    const last = page[page.length - 1];
    return {
      gaps: page.map((row) => gapView(row, withNotes)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.cursor_at, last.gap_id]) : null,
    };
  }
}
