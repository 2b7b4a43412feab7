import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  UseGuards,
} from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, ProblemException, Roles, type Principal } from '@samvirke/platform';
import { ChildIdentity } from '@samvirke/write-side';
import { AccessLog } from '../audit';
import { ChildAccess } from '../commands/child-access';
import { ChildPersonalData } from '../commands/child-personal-data';
import { CLOCK } from '../commands/clock';
import { ChildRefParam } from '../commands/params';
import { currentPlanVersion, seesMunicipality, type Clock } from '../domain';
import type { WithRequestId } from './access-log.controller';
import { municipalityOf } from './caller';
import { decodeCursor, encodeCursor } from './cursor';
import { endOf, startOf } from './dto/query-validation';
import { ChildrenQuery, DEFAULT_PAGE, LookupChildDto, TimelineQuery } from './dto/read-queries.dto';
import { findChildren, latestEntriesOf, sectorsOf } from './queries/children.query';
import { gapSeen, unresolvedGapsOf, type GapRow } from './queries/gaps.query';
import { findTimeline, type TimelineRowWithCursor } from './queries/timeline.query';
import { CallerRateLimit } from './rate-limits';
import { READ_MODEL_DB, type ReadModelDb } from './read-model.database';
import { shownPage } from './shown-page';
import {
  consentInForce,
  coveredSectors,
  gapAsSeen,
  involvedSectors,
  restrictedSectors,
  viewOf,
  visibilityAt,
  visibilityOf,
  visibleEntry,
  type Visibility,
} from './visibility';

const READERS = ['coordinator', 'coordinating-unit'] as const;

@ApiTags('children')
@Roles(...READERS)
@UseGuards(CallerRateLimit)
@SkipThrottle({ lookup: true })
@Controller('v1/children')
export class ChildrenReadController {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly identity: ChildIdentity,
    private readonly access: ChildAccess,
    private readonly personalData: ChildPersonalData,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AccessLog) private readonly log: AccessLog,
  ) {}

  @Post('lookup')
  @SkipThrottle({ read: true, lookup: false })
  @HttpCode(200)
  @ApiOperation({
    summary:
      'The childRef of a personal id (sent in the body, never in a URL), and whether the child is enrolled here',
  })
  async lookup(
    @Body() { personalId }: LookupChildDto,
    @CurrentUser() caller: Principal,
    @Req() request: WithRequestId,
  ) {
    const childRef = this.identity.childRefOf(personalId);
    const child = await this.access.loadChild(childRef);
    // Another municipality's child is "not enrolled" here: a lookup never confirms a child elsewhere.
    const enrolled = child !== undefined && child.municipality === caller.municipality;
    // Every lookup is logged, under the childRef (never the number), found or not: the same work either way.
    await this.log.record(
      caller,
      childRef,
      enrolled ? 'lookup' : 'lookup-not-found',
      READERS,
      request.id,
    );
    return {
      childRef,
      enrolled,
      ...(enrolled && child.state.status === 'erased' ? { erased: true } : {}),
    };
  }

  @Get()
  @ApiOperation({
    summary:
      'Enrolled children: a coordinator’s own caseload, or the coordinating unit’s whole municipality',
  })
  async list(
    @Query() query: ChildrenQuery,
    @CurrentUser() caller: Principal,
    @Req() request: WithRequestId,
  ) {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await findChildren(this.db, {
      municipality: municipalityOf(caller),
      coordinatorId: seesMunicipality(caller, READERS) ? undefined : caller.sub,
      waitingForCoordinator: query.waitingForCoordinator,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor, 1)?.[0],
      limit,
    });
    const page = rows.slice(0, limit);
    const refs = page.map((row) => row.child_ref);
    const [visibilities, gaps, latest] = await Promise.all([
      this.access.visibilities(refs),
      unresolvedGapsOf(this.db, refs),
      latestEntriesOf(this.db, refs),
      this.log.recordEach(caller, refs, 'caseload', READERS, request.id),
    ]);
    const children = await Promise.all(
      page.map(async (row) => {
        const visibility = visibilities.get(row.child_ref) ?? visibilityOf([]);
        const shown = openGapsAsSeen(
          gaps.filter((gap) => gap.child_ref === row.child_ref),
          visibility,
        );
        const seenAt = latest
          .filter(
            (entry) =>
              entry.child_ref === row.child_ref && viewOf(visibility, entry.sector) === 'content',
          )
          .map((entry) => entry.at.getTime());
        return {
          childRef: row.child_ref,
          name:
            (await this.personalData.name(row.child_ref, {
              name: row.name,
              nameCiphertext: row.name_ciphertext,
            })) ?? null,
          coordinatorId: row.coordinator_id,
          openGaps: shown.length,
          escalatedGaps: shown.filter((gap) => gap.escalated).length,
          oldestDueAt: shown[0]?.due_at.toISOString() ?? null,
          waitingForCoordinatorSince: row.waiting_since,
          enrolledAt: row.enrolled_at?.toISOString() ?? null,
          sectors: involvedSectors(row.sectors, visibility),
          lastEventAt: seenAt.length > 0 ? new Date(Math.max(...seenAt)).toISOString() : null,
        };
      }),
    );
    const last = page[page.length - 1];
    return {
      children,
      nextCursor: rows.length > limit && last ? encodeCursor([last.child_ref]) : null,
    };
  }

  @Get(':childRef')
  @ApiOperation({ summary: 'The child’s summary: name, coordinator, consents, plan, open gaps' })
  async summary(
    @Param() { childRef }: ChildRefParam,
    @CurrentUser() caller: Principal,
    @Req() request: WithRequestId,
  ) {
    const child = await this.access.childForRead(caller, childRef, READERS);
    await this.log.record(caller, childRef, 'summary', READERS, request.id);
    const { state } = child;
    const coordinator = state.coordinator ?? null;
    if (state.status === 'erased') {
      return { childRef, erased: true, erasedAt: state.erasedAt, name: null, coordinator };
    }
    const now = this.clock();
    const visibility = visibilityAt(state, now);
    const [name, sectors, gaps] = await Promise.all([
      this.personalData.name(childRef, state.enrolment),
      sectorsOf(this.db, childRef),
      unresolvedGapsOf(this.db, [childRef]),
    ]);
    const plan = state.plan && {
      establishedAt: state.plan.established.establishedAt,
      reviewDueAt: currentPlanVersion(state.plan).reviewDueAt,
      lastRevisedAt: state.plan.revisions.length > 0 ? currentPlanVersion(state.plan).at : null,
      revisions: state.plan.revisions.length,
    };
    return {
      childRef,
      erased: false,
      name: name ?? null,
      enrolledAt: state.enrolment.enrolledAt,
      coordinator,
      coordinatorRequests: state.coordinatorRequests,
      consents: Object.values(state.consents).map((consent) => ({
        ...consent,
        inForce: consentInForce(consent, now),
      })),
      consentCovers: coveredSectors(visibility).sort(),
      plan: plan ?? null,
      responsibilityGroupMeetings: state.responsibilityGroupMeetings,
      sectors: involvedSectors(sectors, visibility),
      restrictedSectors: restrictedSectors(sectors, visibility),
      openGaps: gaps
        .map((row) => gapSeen(row, true, visibility))
        .filter((gap) => gap !== undefined),
    };
  }

  @Get(':childRef/timeline')
  @ApiOperation({
    summary:
      'The child’s timeline across sectors, newest first; a sector’s details only where a consent in force covers it',
  })
  async timeline(
    @Param() { childRef }: ChildRefParam,
    @Query() query: TimelineQuery,
    @CurrentUser() caller: Principal,
    @Req() request: WithRequestId,
  ) {
    const child = await this.access.childForRead(caller, childRef, READERS);
    const from = query.from === undefined ? undefined : startOf(query.from);
    const to = query.to === undefined ? undefined : endOf(query.to);
    if (from !== undefined && to !== undefined && Date.parse(from) >= Date.parse(to)) {
      throw ProblemException.validation([{ field: 'to', message: 'to must be after from' }]);
    }
    await this.log.record(caller, childRef, 'timeline', READERS, request.id);
    const limit = query.limit ?? DEFAULT_PAGE;
    const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor, 2);
    // Consent is judged now, on the child's own stream: a withdrawal hides the sector at once.
    const visibility = visibilityAt(child.state, this.clock());
    const shownSectors = Object.entries(visibility)
      .filter(([, view]) => view === 'content')
      .map(([sector]) => sector);
    const [{ page, more }, sectors] = await Promise.all([
      shownPage(
        (after: TimelineRowWithCursor | undefined) =>
          findTimeline(this.db, {
            childRef,
            from,
            to,
            sector: query.sector,
            sectors: shownSectors,
            before: after ? [after.cursorAt, after.eventId] : cursor && [cursor[0], cursor[1]],
            limit,
          }),
        (rows) => rows.map(({ cursorAt: _, gap, ...row }) => visibleEntry(row, visibility, gap)),
        limit,
      ),
      sectorsOf(this.db, childRef),
    ]);
    const last = page[page.length - 1]?.row;
    return {
      entries: page.map(({ view }) => view),
      nextCursor: more && last ? encodeCursor([last.cursorAt, last.eventId]) : null,
      // Involved, content hidden: the page draws a lane mark for each, with nothing in it.
      restrictedSectors: restrictedSectors(sectors, visibility),
    };
  }
}

/** A child's unresolved gaps a reader may know of (shown or restricted), oldest deadline first. */
function openGapsAsSeen(rows: GapRow[], visibility: Visibility): GapRow[] {
  return rows.filter(
    (row) =>
      gapAsSeen({ ruleId: row.rule_id, evidence: row.evidence, detail: row.detail }, visibility)
        .as !== 'hidden',
  );
}
