import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req } from '@nestjs/common';
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
import { findChildren, sectorsOf } from './queries/children.query';
import { gapView, unresolvedGapsOf } from './queries/gaps.query';
import { findTimeline } from './queries/timeline.query';
import { READ_MODEL_DB, type ReadModelDb } from './read-model.database';
import { consentInForce, coveredSectors, visibleEntry } from './visibility';

const READERS = ['coordinator', 'coordinating-unit'] as const;

@ApiTags('children')
@Roles(...READERS)
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
  @HttpCode(200)
  @ApiOperation({ summary: 'The childRef of a personal id (sent in the body, never in a URL), and whether the child is enrolled here' })
  async lookup(@Body() { personalId }: LookupChildDto, @CurrentUser() caller: Principal, @Req() request: WithRequestId) {
    const childRef = this.identity.childRefOf(personalId);
    const child = await this.access.loadChild(childRef);
    // Another municipality's child is "not enrolled" here: a lookup never confirms a child elsewhere.
    const enrolled = child !== undefined && child.municipality === caller.municipality;
    if (enrolled) await this.log.record(caller, childRef, 'lookup', READERS, request.id);
    return { childRef, enrolled, ...(enrolled && child.state.status === 'erased' ? { erased: true } : {}) };
  }

  @Get()
  @ApiOperation({ summary: 'Enrolled children: a coordinator’s own caseload, or the coordinating unit’s whole municipality' })
  async list(@Query() query: ChildrenQuery, @CurrentUser() caller: Principal) {
    const limit = query.limit ?? DEFAULT_PAGE;
    const rows = await findChildren(this.db, {
      municipality: municipalityOf(caller),
      coordinatorId: seesMunicipality(caller, READERS) ? undefined : caller.sub,
      waitingForCoordinator: query.waitingForCoordinator,
      after: query.cursor === undefined ? undefined : decodeCursor(query.cursor, 1)?.[0],
      limit,
    });
    const page = rows.slice(0, limit);
    const children = await Promise.all(
      page.map(async (row) => ({
        childRef: row.child_ref,
        name: (await this.personalData.name(row.child_ref, { name: row.name, nameCiphertext: row.name_ciphertext })) ?? null,
        coordinatorId: row.coordinator_id,
        openGaps: row.open_gaps,
        escalatedGaps: row.escalated_gaps,
        oldestDueAt: row.oldest_due_at?.toISOString() ?? null,
        waitingForCoordinatorSince: row.waiting_since,
        enrolledAt: row.enrolled_at?.toISOString() ?? null,
        sectors: row.sectors,
        lastEventAt: row.last_event_at?.toISOString() ?? null,
      })),
    );
    const last = page[page.length - 1];
    return { children, nextCursor: rows.length > limit && last ? encodeCursor([last.child_ref]) : null };
  }

  @Get(':childRef')
  @ApiOperation({ summary: 'The child’s summary: name, coordinator, consents, plan, open gaps' })
  async summary(@Param() { childRef }: ChildRefParam, @CurrentUser() caller: Principal, @Req() request: WithRequestId) {
    const child = await this.access.childForRead(caller, childRef, READERS);
    await this.log.record(caller, childRef, 'summary', READERS, request.id);
    const { state } = child;
    const coordinator = state.coordinator ?? null;
    if (state.status === 'erased') {
      return { childRef, erased: true, erasedAt: state.erasedAt, name: null, coordinator };
    }
    const now = this.clock();
    const covered = coveredSectors(state, now);
    const [name, sectors, gaps] = await Promise.all([
      this.personalData.name(childRef, state.enrolment),
      sectorsOf(this.db, childRef),
      unresolvedGapsOf(this.db, childRef),
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
      consentCovers: [...covered].sort(),
      plan: plan ?? null,
      responsibilityGroupMeetings: state.responsibilityGroupMeetings,
      sectors,
      openGaps: gaps.map((row) => gapView(row, true)),
    };
  }

  @Get(':childRef/timeline')
  @ApiOperation({
    summary: 'The child’s timeline across sectors, newest first; a sector’s details only where a consent in force covers it',
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
    const rows = await findTimeline(this.db, {
      childRef,
      from,
      to,
      sector: query.sector,
      before: cursor && [cursor[0], cursor[1]],
      limit,
    });
    // Consent is judged now, on the child's own stream: a withdrawal hides details at once.
    const covered = coveredSectors(child.state, this.clock());
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      entries: page.map(({ cursorAt: _, ...row }) => visibleEntry(row, covered)),
      nextCursor: rows.length > limit && last ? encodeCursor([last.cursorAt, last.eventId]) : null,
    };
  }
}
