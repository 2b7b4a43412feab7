import { syntheticPersonalIds } from '@samvirke/identity';
import { signDemoToken, type Role } from '@samvirke/platform';
import { eventually, freePort, testPostgresUrl } from '@samvirke/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { newSecrets } from '../src/secrets';
import { startServices, type RunningServices } from '../src/embedded';

// Who may do what to which child, across the whole system as `npm start` runs it (every service,
// one PostgreSQL, the in-process bus): every route × every role × the four kinds of child a
// caller of Oslo (0301) may name, each with the status it must get and nothing of the child in
// any answer that is not the caller's to see.
//   own              enrolled in 0301, the coordinator's caseload
//   otherMunicipality enrolled in Bergen (4601), its facts from Bergen
//   notEnrolled      known to 0301's sector systems, enrolled nowhere: its gaps are 0301's
//                    coordinating unit's to act on (and its auditor's to count), never a
//                    coordinator's, and nothing of its content or name shows to anyone
//   enrolledElsewhere enrolled in Bergen, its facts from 0301's sector systems
jest.setTimeout(300_000);

const OSLO = '0301';
const BERGEN = '4601';
const TARGETS = ['own', 'otherMunicipality', 'notEnrolled', 'enrolledElsewhere'] as const;
type Target = (typeof TARGETS)[number];

interface Caller {
  sub: string;
  roles: Role[];
  municipality?: string;
  municipalities?: string[];
}
const CALLERS = {
  coordinator: { sub: 'matrix-coord-0301', roles: ['coordinator'], municipality: OSLO },
  unit: { sub: 'matrix-ke-0301', roles: ['coordinating-unit'], municipality: OSLO },
  auditor: { sub: 'matrix-auditor-0301', roles: ['auditor'], municipality: OSLO },
  health: { sub: 'matrix-helse-0301', roles: ['sector:health'], municipality: OSLO },
  school: { sub: 'matrix-skole-0301', roles: ['sector:school'], municipality: OSLO },
  childWelfare: {
    sub: 'matrix-barnevern-0301',
    roles: ['sector:child-welfare'],
    municipality: OSLO,
  },
  anonymous: undefined,
} satisfies Record<string, Caller | undefined>;
type CallerName = keyof typeof CALLERS;
const CALLER_NAMES = Object.keys(CALLERS) as CallerName[];

const [ownPid, otherPid, unenrolledPid, elsewherePid] = syntheticPersonalIds('access-matrix', 4);
const NAMES: Record<Target, string> = {
  own: 'Ingrid Matrisedottir',
  otherMunicipality: 'Bjarte Bergensen',
  notEnrolled: 'Uregistrert Barn',
  enrolledElsewhere: 'Flyttet Andreassen',
};
const PIDS: Record<Target, string> = {
  own: ownPid,
  otherMunicipality: otherPid,
  notEnrolled: unenrolledPid,
  enrolledElsewhere: elsewherePid,
};
/** Words that would tell of a child's content: what the sectors recorded, and their facility names. */
const CONTENT_WORDS = [
  'concern-report',
  'Bekymring',
  'Concern report',
  'admission-recorded',
  'Matriseklinikken',
  'absence-recorded',
  'kindergarten',
];

type Service = 'coordination' | 'health' | 'school' | 'childWelfare';
interface Answer {
  status: number;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the matrix reads whatever came back
  body: any;
}

describe('access matrix: every route, role and kind of child', () => {
  const secrets = newSecrets();
  let system: RunningServices;
  const base: Partial<Record<Service, string>> = {};
  const tokens = new Map<string, string>();
  const refs = {} as Record<Target, string>;
  const gaps = {} as Record<Target, string>;

  async function token(caller: Caller): Promise<string> {
    const key = JSON.stringify(caller);
    if (!tokens.has(key))
      tokens.set(key, await signDemoToken(caller as never, secrets.jwtSecret, '30m'));
    return tokens.get(key) as string;
  }

  async function call(
    service: Service,
    method: string,
    path: string,
    caller: Caller | undefined,
    body?: unknown,
  ): Promise<Answer> {
    const headers: Record<string, string> = { 'idempotency-key': randomUUID() };
    if (caller) headers.authorization = `Bearer ${await token(caller)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base[service]}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
    return { status: response.status, text, body: parsed };
  }

  const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();

  /** The sector facts of a child: a discharge needing follow-up and a concern report, both overdue, and a day's absence. */
  async function sectorFacts(target: Target, municipality: string) {
    const scope: Caller = {
      sub: `matrix-sector-${municipality}`,
      roles: ['sector:health', 'sector:school', 'sector:child-welfare'],
      municipality,
    };
    const personalId = PIDS[target];
    const admissionId = `matrix-${target}`;
    const answers = [
      await call('health', 'POST', '/v1/admissions', scope, {
        admissionId,
        personalId,
        municipality,
        facility: 'Matriseklinikken',
        kind: 'inpatient',
        admittedAt: at(20),
      }),
      await call('health', 'POST', `/v1/admissions/${admissionId}/discharge`, scope, {
        dischargedAt: at(15),
        followUpNeeded: true,
        destination: 'home',
      }),
      await call('school', 'POST', '/v1/absences', scope, {
        personalId,
        municipality,
        schoolId: 'matrix-skole',
        date: at(3).slice(0, 10),
        scope: 'full-day',
        documented: false,
      }),
      await call('childWelfare', 'POST', '/v1/concern-reports', scope, {
        reportId: `matrix-${target}`,
        personalId,
        municipality,
        receivedAt: at(12),
        reporter: 'kindergarten',
      }),
    ];
    for (const answer of answers) expect(answer.status).toBe(201);
    return answers[0].body.childRef as string;
  }

  async function enrol(target: Target, municipality: string) {
    const unit: Caller = {
      sub: `matrix-ke-${municipality}`,
      roles: ['coordinating-unit'],
      municipality,
    };
    const answer = await call('coordination', 'POST', '/v1/children', unit, {
      personalId: PIDS[target],
      name: NAMES[target],
      municipality,
    });
    expect(answer.status).toBe(201);
  }

  beforeAll(async () => {
    const ports = {
      coordination: await freePort(),
      health: await freePort(),
      school: await freePort(),
      childWelfare: await freePort(),
    };
    system = await startServices({
      serverUrl: testPostgresUrl(),
      secrets,
      databasePrefix: `matrix_${randomBytes(3).toString('hex')}_`,
      env: {
        ...process.env,
        COORDINATION_PORT: String(ports.coordination),
        HEALTH_PORT: String(ports.health),
        SCHOOL_PORT: String(ports.school),
        CHILD_WELFARE_PORT: String(ports.childWelfare),
      },
    });
    for (const service of ['coordination', 'health', 'school', 'childWelfare'] as const)
      base[service] = `http://127.0.0.1:${ports[service]}`;

    await enrol('own', OSLO);
    await enrol('otherMunicipality', BERGEN);
    await enrol('enrolledElsewhere', BERGEN);
    refs.own = await sectorFacts('own', OSLO);
    refs.otherMunicipality = await sectorFacts('otherMunicipality', BERGEN);
    refs.notEnrolled = await sectorFacts('notEnrolled', OSLO);
    refs.enrolledElsewhere = await sectorFacts('enrolledElsewhere', OSLO);
    const assigned = await call(
      'coordination',
      'PUT',
      `/v1/children/${refs.own}/coordinator`,
      CALLERS.unit,
      { coordinatorId: CALLERS.coordinator.sub, assignedAt: at(1) },
    );
    expect(assigned.status).toBe(201);

    // The projection and the rules, a moment behind: each child's discharge follow-up gap.
    const db = new Client({ connectionString: system.databases['coordination-service'] });
    await db.connect();
    try {
      await eventually(
        async () => {
          const { rows } = await db.query<{ child_ref: string; gap_id: string }>(
            `SELECT child_ref, gap_id FROM read_model.gaps WHERE rule_id = 'health.discharge-follow-up' AND child_ref = ANY($1)`,
            [Object.values(refs)],
          );
          for (const target of TARGETS) {
            const row = rows.find((r) => r.child_ref === refs[target]);
            if (!row) throw new Error(`no follow-up gap yet for ${target}`);
            gaps[target] = row.gap_id;
          }
        },
        { timeoutMs: 60_000, intervalMs: 200 },
      );
    } finally {
      await db.end();
    }
  });

  afterAll(() => system?.stop());

  const others = ['otherMunicipality', 'notEnrolled', 'enrolledElsewhere'] as const;
  const allowedFor = (caller: CallerName, roles: Role[], ok: number) => {
    const principal = CALLERS[caller];
    if (!principal) return [401];
    return roles.some((role) => (principal.roles as Role[]).includes(role)) ? [ok] : [403];
  };

  /** The roles that see (and, for the unit, act on) the gaps of a child enrolled nowhere in their municipality. */
  const unitsOwnGaps = (caller: CallerName) => caller === 'unit' || caller === 'auditor';

  /** No consent was given: every gap shown is restricted (no rule, evidence or detail), child welfare's not at all. */
  function expectOnlyRestricted(answer: Answer) {
    for (const gap of answer.body.gaps as Array<Record<string, unknown>>) {
      expect(gap.sector).not.toBe('child-welfare');
      if (gap.restricted) expect(Object.keys(gap)).not.toContain('ruleId');
      // In full only where a basis covers the sector (the own child's school consent, given below) or for coordination's own.
      else
        expect(
          gap.sector === 'coordination' || (gap.childRef === refs.own && gap.sector === 'school'),
        ).toBe(true);
    }
    for (const word of CONTENT_WORDS) expect(answer.text).not.toContain(word);
  }

  it.each(CALLER_NAMES)(
    'lists (caseload, gaps, statistics) as %s show the own child only, and nothing of the others',
    async (caller) => {
      const lists: Array<[string, Role[]]> = [
        ['/v1/children', ['coordinator', 'coordinating-unit']],
        ['/v1/gaps', ['coordinator', 'coordinating-unit', 'auditor']],
        ['/v1/gaps?status=open', ['coordinator', 'coordinating-unit', 'auditor']],
        ...TARGETS.map((t): [string, Role[]] => [
          `/v1/gaps?childRef=${refs[t]}`,
          ['coordinator', 'coordinating-unit', 'auditor'],
        ]),
        ['/v1/statistics', ['coordinating-unit', 'auditor']],
      ];
      for (const [path, roles] of lists) {
        const answer = await call('coordination', 'GET', path, CALLERS[caller]);
        // A filter naming a child not the caller's may answer an empty page or 404: either says nothing.
        const yours =
          path.includes(refs.own) || (path.includes(refs.notEnrolled) && unitsOwnGaps(caller));
        const allowed =
          path.includes('childRef=') && !yours
            ? [
                ...allowedFor(caller, roles, 200),
                ...(allowedFor(caller, roles, 200)[0] === 200 ? [404] : []),
              ]
            : allowedFor(caller, roles, 200);
        expectStatus(answer, allowed, `GET ${path} as ${caller}`);
        for (const target of others) {
          // A gap of a child enrolled nowhere is the unit's of the municipality its facts name.
          if (!(target === 'notEnrolled' && unitsOwnGaps(caller) && path.startsWith('/v1/gaps'))) {
            expect(answer.text).not.toContain(refs[target]);
            expect(answer.text).not.toContain(gaps[target]);
          }
          expect(answer.text).not.toContain(NAMES[target]);
        }
        for (const pid of Object.values(PIDS)) expect(answer.text).not.toContain(pid);
        if (answer.status === 200 && path.startsWith('/v1/gaps')) expectOnlyRestricted(answer);
      }
      if (caller === 'coordinator' || caller === 'unit') {
        const caseload = await call('coordination', 'GET', '/v1/children', CALLERS[caller]);
        expect(caseload.body.children.map((c: { childRef: string }) => c.childRef)).toEqual([
          refs.own,
        ]);
      }
    },
  );

  it.each(CALLER_NAMES)(
    'a lookup as %s says "enrolled" of the own child only, and the same of every other',
    async (caller) => {
      const answers = {} as Record<Target, Answer>;
      for (const target of TARGETS) {
        answers[target] = await call(
          'coordination',
          'POST',
          '/v1/children/lookup',
          CALLERS[caller],
          { personalId: PIDS[target] },
        );
        expectStatus(
          answers[target],
          allowedFor(caller, ['coordinator', 'coordinating-unit'], 200),
          `lookup as ${caller} of ${target}`,
        );
        expectNoLeak(answers[target], target);
      }
      if (answers.own.status !== 200) return;
      expect(answers.own.body).toMatchObject({ childRef: refs.own, enrolled: true });
      const notYours = others.map((t) => JSON.stringify({ ...answers[t].body, childRef: '<ref>' }));
      expect(new Set(notYours).size).toBe(1);
      expect(answers.notEnrolled.body).toMatchObject({ enrolled: false });
    },
  );

  it.each(CALLER_NAMES)(
    'transfers as %s: only the receiving unit answers one, and the list names only the children coming in',
    async (caller) => {
      const bergenUnit: Caller = {
        sub: 'matrix-ke-4601',
        roles: ['coordinating-unit'],
        municipality: BERGEN,
      };
      // One transfer into 0301 (Bergen's child) and one out of it (the own child to Bergen); both wait for an answer.
      const incoming = await call(
        'coordination',
        'POST',
        `/v1/children/${refs.otherMunicipality}/transfers`,
        bergenUnit,
        { toMunicipality: OSLO },
      );
      expect([200, 201]).toContain(incoming.status);
      const outgoing = await call(
        'coordination',
        'POST',
        `/v1/children/${refs.own}/transfers`,
        CALLERS.unit,
        { toMunicipality: BERGEN },
      );
      expect([200, 201]).toContain(outgoing.status);
      const isUnit = caller === 'unit';

      const list = await call('coordination', 'GET', '/v1/transfers', CALLERS[caller]);
      expectStatus(
        list,
        allowedFor(caller, ['coordinating-unit'], 200),
        `GET /v1/transfers as ${caller}`,
      );
      for (const pid of Object.values(PIDS)) expect(list.text).not.toContain(pid);
      for (const target of ['notEnrolled', 'enrolledElsewhere'] as const)
        expect(list.text).not.toContain(NAMES[target]);
      for (const word of CONTENT_WORDS) expect(list.text).not.toContain(word);
      if (isUnit) {
        // The receiving unit sees the name of the child coming in, to know the family; nothing more.
        const coming = await eventually(async () => {
          const answer = await call(
            'coordination',
            'GET',
            '/v1/transfers?status=pending',
            CALLERS.unit,
          );
          const found = (answer.body.transfers as Array<Record<string, unknown>>).find(
            (t) => t.transferId === incoming.body.transferId,
          );
          if (!found) throw new Error('the incoming transfer is not listed yet');
          return found;
        });
        expect(coming).toMatchObject({
          direction: 'incoming',
          name: NAMES.otherMunicipality,
          childRef: refs.otherMunicipality,
        });
      }

      // Answering: the sending unit, other roles and strangers find no such transfer (or may not ask).
      for (const verb of ['accept', 'decline'] as const) {
        const answer = await call(
          'coordination',
          'POST',
          `/v1/transfers/${outgoing.body.transferId}/${verb}`,
          CALLERS[caller],
          verb === 'decline' ? { reason: 'Ikke vår' } : undefined,
        );
        expectStatus(
          answer,
          allowedFor(caller, ['coordinating-unit'], 404),
          `${verb} of an outgoing transfer as ${caller}`,
        );
        expectNoLeak(answer, 'otherMunicipality');
      }
      const declined = await call(
        'coordination',
        'POST',
        `/v1/transfers/${incoming.body.transferId}/decline`,
        CALLERS[caller],
        { reason: 'Familien bor ikke her' },
      );
      expectStatus(
        declined,
        isUnit ? [201, 200, 409] : allowedFor(caller, ['coordinating-unit'], 201),
        `decline of an incoming transfer as ${caller}`,
      );
    },
  );

  /** Every sector write that starts a child's stream, for a child of the given municipality. */
  const sectorStarts: Array<{
    service: Service;
    path: string;
    role: Role;
    body: (personalId: string, municipality: string, id: string) => object;
  }> = [
    {
      service: 'health',
      path: '/v1/admissions',
      role: 'sector:health',
      body: (personalId, municipality, id) => ({
        admissionId: id,
        personalId,
        municipality,
        facility: 'Matriseklinikken',
        kind: 'day',
        admittedAt: at(1),
      }),
    },
    {
      service: 'health',
      path: '/v1/follow-ups',
      role: 'sector:health',
      body: (personalId, municipality, id) => ({
        followUpId: id,
        personalId,
        municipality,
        kind: 'gp',
        occurredAt: at(1),
      }),
    },
    {
      service: 'health',
      path: '/v1/referrals',
      role: 'sector:health',
      body: (personalId, municipality, id) => ({
        referralId: id,
        personalId,
        municipality,
        service: 'bup',
        receivedAt: at(1),
      }),
    },
    {
      service: 'school',
      path: '/v1/absences',
      role: 'sector:school',
      body: (personalId, municipality) => ({
        personalId,
        municipality,
        schoolId: 'matrix-skole',
        date: at(5).slice(0, 10),
        scope: 'partial',
        hours: 2,
        documented: true,
      }),
    },
    {
      service: 'school',
      path: '/v1/meetings',
      role: 'sector:school',
      body: (personalId, municipality, id) => ({
        meetingId: id,
        personalId,
        municipality,
        kind: 'parents',
        occurredAt: at(1),
      }),
    },
    {
      service: 'school',
      path: '/v1/expert-assessments',
      role: 'sector:school',
      body: (personalId, municipality, id) => ({
        assessmentId: id,
        personalId,
        municipality,
        requestedAt: at(1),
      }),
    },
    {
      service: 'school',
      path: '/v1/enrolments',
      role: 'sector:school',
      body: (personalId, municipality) => ({
        personalId,
        municipality,
        schoolId: 'matrix-skole',
        stage: 'primary',
        from: at(30).slice(0, 10),
      }),
    },
    {
      service: 'childWelfare',
      path: '/v1/concern-reports',
      role: 'sector:child-welfare',
      body: (personalId, municipality, id) => ({
        reportId: id,
        personalId,
        municipality,
        receivedAt: at(1),
        reporter: 'school',
      }),
    },
    {
      service: 'childWelfare',
      path: '/v1/measures',
      role: 'sector:child-welfare',
      body: (personalId, municipality, id) => ({
        measureId: id,
        personalId,
        municipality,
        kind: 'hjelpetiltak',
        decidedAt: at(1),
      }),
    },
  ];
  const sectorCells = sectorStarts.flatMap((route) =>
    CALLER_NAMES.map((caller) => [route.path, caller, route] as const),
  );

  it.each(sectorCells)(
    'sector write %s as %s: only for a municipality the token serves, whichever child',
    async (path, caller, route) => {
      for (const target of TARGETS) {
        for (const municipality of [OSLO, BERGEN]) {
          const id = `matrix-${caller}-${target}-${municipality}-${path.split('/')[2]}`;
          const answer = await call(
            route.service,
            'POST',
            path,
            CALLERS[caller],
            route.body(PIDS[target], municipality, id),
          );
          const principal = CALLERS[caller];
          const allowed = !principal
            ? [401]
            : !(principal.roles as Role[]).includes(route.role)
              ? [403]
              : municipality === OSLO
                ? [201]
                : [403];
          expectStatus(
            answer,
            allowed,
            `${path} as ${caller} for ${target} naming ${municipality}`,
          );
          for (const name of Object.values(NAMES)) expect(answer.text).not.toContain(name);
          for (const pid of Object.values(PIDS)) expect(answer.text).not.toContain(pid);
        }
      }
    },
  );

  /**
   * The routes that name one child (or one of its gaps), in an order in which each succeeds for
   * the caller's own child; `roles` are those the contract lets in. Erasure comes last.
   */
  interface ChildRoute {
    name: string;
    service: Service;
    method: string;
    path: (target: Target) => string;
    body?: (target: Target) => unknown;
    roles: Role[];
  }
  const childRoutes: ChildRoute[] = [
    {
      name: 'child summary',
      service: 'coordination',
      method: 'GET',
      path: (t) => `/v1/children/${refs[t]}`,
      roles: ['coordinator', 'coordinating-unit'],
    },
    {
      name: 'timeline',
      service: 'coordination',
      method: 'GET',
      path: (t) => `/v1/children/${refs[t]}/timeline`,
      roles: ['coordinator', 'coordinating-unit'],
    },
    {
      name: 'access log',
      service: 'coordination',
      method: 'GET',
      path: (t) => `/v1/children/${refs[t]}/access-log`,
      roles: ['coordinator', 'auditor'],
    },
    {
      name: 'coordinator request',
      service: 'coordination',
      method: 'POST',
      path: (t) => `/v1/children/${refs[t]}/coordinator-requests`,
      body: () => ({ requestedAt: at(2) }),
      roles: ['coordinator', 'coordinating-unit'],
    },
    {
      name: 'coordinator assignment',
      service: 'coordination',
      method: 'PUT',
      path: (t) => `/v1/children/${refs[t]}/coordinator`,
      body: () => ({ coordinatorId: CALLERS.coordinator.sub, assignedAt: at(1) }),
      roles: ['coordinating-unit'],
    },
    {
      name: 'consent',
      service: 'coordination',
      method: 'POST',
      path: (t) => `/v1/children/${refs[t]}/consents`,
      body: () => ({ sectors: ['school'], givenBy: 'parent', givenAt: at(1) }),
      roles: ['coordinator'],
    },
    {
      name: 'individual plan',
      service: 'coordination',
      method: 'POST',
      path: (t) => `/v1/children/${refs[t]}/individual-plan`,
      body: () => ({ establishedAt: at(1), reviewDueAt: at(-90) }),
      roles: ['coordinator'],
    },
    {
      name: 'plan revision',
      service: 'coordination',
      method: 'POST',
      path: (t) => `/v1/children/${refs[t]}/individual-plan/revisions`,
      body: () => ({ revisedAt: at(0.5), reviewDueAt: at(-120) }),
      roles: ['coordinator'],
    },
    {
      name: 'ansvarsgruppe meeting',
      service: 'coordination',
      method: 'POST',
      path: (t) => `/v1/children/${refs[t]}/responsibility-group-meetings`,
      body: () => ({ heldAt: at(0.5) }),
      roles: ['coordinator'],
    },
    {
      name: 'gap acknowledgement',
      service: 'coordination',
      method: 'POST',
      path: (t) => `/v1/gaps/${gaps[t]}/acknowledge`,
      body: () => ({ note: 'Ringt til helsesykepleier' }),
      roles: ['coordinator', 'coordinating-unit'],
    },
    {
      name: 'gap resolution',
      service: 'coordination',
      method: 'POST',
      path: (t) => `/v1/gaps/${gaps[t]}/resolve`,
      body: () => ({ note: 'Oppfølging avtalt' }),
      roles: ['coordinator', 'coordinating-unit'],
    },
    {
      name: 'transfer request',
      service: 'coordination',
      method: 'POST',
      path: (t) => `/v1/children/${refs[t]}/transfers`,
      body: () => ({ toMunicipality: BERGEN }),
      roles: ['coordinating-unit'],
    },
    {
      name: 'erasure',
      service: 'coordination',
      method: 'DELETE',
      path: (t) => `/v1/children/${refs[t]}`,
      roles: ['coordinating-unit'],
    },
  ];

  /** What must come back: 401 without a token, 403 for a role the route does not let in, 404 for a child not the caller's. */
  function expected(route: ChildRoute, caller: CallerName, target: Target): number[] {
    const principal = CALLERS[caller];
    if (!principal) return [401];
    if (!route.roles.some((role) => (principal.roles as Role[]).includes(role))) return [403];
    // The unit acts on the gaps of a child enrolled nowhere whose facts name its municipality.
    if (target === 'notEnrolled' && caller === 'unit' && route.path(target).startsWith('/v1/gaps/'))
      return [200, 201, 409];
    if (target !== 'own') return [404];
    // A command on the caller's own child passes access; the child's stream may still refuse
    // it (409) when another role of the matrix did the same a moment before.
    return route.method === 'GET' ? [200] : [200, 201, 409];
  }

  function expectStatus(answer: Answer, allowed: number[], cell: string) {
    if (!allowed.includes(answer.status))
      throw new Error(
        `${cell}: ${answer.status}, expected one of ${allowed.join(', ')}: ${answer.text.slice(0, 300)}`,
      );
  }

  /** Neither the name nor the content of a child that is not the caller's, in any answer. */
  function expectNoLeak(answer: Answer, target: Target) {
    for (const other of TARGETS)
      if (other !== target || target !== 'own') expect(answer.text).not.toContain(NAMES[other]);
    for (const pid of Object.values(PIDS)) expect(answer.text).not.toContain(pid);
    if (target !== 'own') for (const word of CONTENT_WORDS) expect(answer.text).not.toContain(word);
  }

  const cells = childRoutes.flatMap((route) =>
    CALLER_NAMES.map((caller) => [route.name, caller, route] as const),
  );

  it.each(cells)(
    '%s as %s: the status of the matrix for each kind of child, and no leak',
    async (_name, caller, route) => {
      const answers = {} as Record<Target, Answer>;
      // The caller's own child last: its writes (erasure above all) must not change what the others are judged on.
      for (const target of [...TARGETS].reverse()) {
        const answer = await call(
          route.service,
          route.method,
          route.path(target),
          CALLERS[caller],
          route.body?.(target),
        );
        answers[target] = answer;
        expectStatus(
          answer,
          expected(route, caller, target),
          `${route.name} as ${caller} on ${target}`,
        );
        if (answer.status !== 200 && answer.status !== 201) expectNoLeak(answer, target);
      }
      // "Not yours" is one answer, whichever reason it has.
      const notYours = TARGETS.filter(
        (t) => t !== 'own' && expected(route, caller, t).includes(404),
      ).map((t) => answers[t].text.replaceAll(refs[t], '<ref>').replaceAll(gaps[t], '<gap>'));
      expect(new Set(notYours).size).toBe(notYours.length === 0 ? 0 : 1);
    },
  );
});
