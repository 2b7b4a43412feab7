import { Controller, Get, Inject, Query, Req, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type Principal } from '@samvirke/platform';
import { AccessLog } from '../audit';
import { ChildAccess } from '../commands/child-access';
import { seesMunicipality } from '../domain';
import type { WithRequestId } from './access-log.controller';
import { municipalityOf } from './caller';
import { decodeCursor, encodeCursor } from './cursor';
import { DEFAULT_PAGE, GapsQuery } from './dto/read-queries.dto';
import { findGaps, gapSeen, type GapRow } from './queries/gaps.query';
import { CallerRateLimit } from './rate-limits';
import { READ_MODEL_DB, type ReadModelDb } from './read-model.database';
import { shownPage } from './shown-page';

const READERS = ['coordinator', 'coordinating-unit', 'auditor'] as const;

@ApiTags('gaps')
@Roles(...READERS)
@UseGuards(CallerRateLimit)
@SkipThrottle({ lookup: true })
@Controller('v1/gaps')
export class GapsReadController {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(AccessLog) private readonly log: AccessLog,
    private readonly access: ChildAccess,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Gaps, oldest deadline first: a coordinator’s caseload, or the whole municipality for the coordinating unit and auditors',
  })
  async list(
    @Query() query: GapsQuery,
    @CurrentUser() caller: Principal,
    @Req() request: WithRequestId,
  ) {
    const limit = query.limit ?? DEFAULT_PAGE;
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 2);
    const withNotes = caller.roles.some(
      (role) => role === 'coordinator' || role === 'coordinating-unit',
    );
    const filter = {
      municipality: municipalityOf(caller),
      // A coordinator sees their own caseload whatever they ask; the others may choose a coordinator's.
      coordinatorId: seesMunicipality(caller, READERS) ? query.coordinatorId : caller.sub,
      status: query.status,
      sector: query.sector,
      ruleId: query.ruleId,
      childRef: query.childRef,
      limit,
    };
    // Each gap as its child's visibility allows (judged now, on the child's stream); a restricted
    // gap names no rule, so it does not answer a question about a rule.
    const { page, more } = await shownPage(
      (after: GapRow | undefined) =>
        findGaps(this.db, {
          ...filter,
          after: after ? [after.cursor_at, after.gap_id] : cursor && [cursor[0], cursor[1]],
        }),
      async (rows) => {
        const visibilities = await this.access.visibilities(rows.map((row) => row.child_ref));
        return rows.map((row) => {
          const visibility = visibilities.get(row.child_ref);
          const gap = visibility && gapSeen(row, withNotes, visibility);
          return gap && 'restricted' in gap && query.ruleId !== undefined ? undefined : gap;
        });
      },
      limit,
    );
    const gaps = page.map(({ view }) => view);
    // Each child shown is read: as the child's gaps when asked for one child, else as a row of the list.
    await this.log.recordEach(
      caller,
      gaps.map((gap) => gap.childRef),
      query.childRef === undefined ? 'gap-list' : 'gaps',
      READERS,
      request.id,
    );
    const last = page[page.length - 1]?.row;
    return { gaps, nextCursor: more && last ? encodeCursor([last.cursor_at, last.gap_id]) : null };
  }
}
