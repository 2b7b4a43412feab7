import { birthDateOf, validatePersonalId } from '@samvirke/identity';
import {
  DEMO_RULE_IDS,
  demoScenario,
  VARIANTS,
  type DemoCase,
  type DemoChild,
  type DemoRequest,
  type DemoScenario,
} from './scenario';

const DAY = 86_400_000;
const now = new Date('2026-11-24T15:00:00Z');
const make = (seed: string, children = 200, at = now) =>
  demoScenario({ seed, children, municipality: '0301', now: at });

describe('demoScenario', () => {
  const scenario = make('samvirke');

  it('gives the same requests for the same seed, and others for another seed', () => {
    expect(JSON.stringify(make('samvirke'))).toBe(JSON.stringify(scenario));
    const other = make('other');
    expect(other.children.map((c) => c.personalId)).not.toEqual(
      scenario.children.map((c) => c.personalId),
    );
    expect(other.requests.map((r) => r.idempotencyKey)).not.toEqual(
      scenario.requests.map((r) => r.idempotencyKey),
    );
  });

  it('makes a smaller demo of the same seed from the first children of a larger one', () => {
    const small = make('samvirke', 50);
    expect(small.children).toEqual(scenario.children.slice(0, 50));
    const firstFifty = new Set(small.children.map((c) => c.key));
    expect(small.requests).toEqual(scenario.requests.filter((r) => firstFifty.has(r.child)));
  });

  it('gives ids the services accept and each request its own idempotency key, named after the seed', () => {
    const identifier = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
    const keys = scenario.requests.map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const request of scenario.requests) {
      expect(request.idempotencyKey).toMatch(identifier);
      expect(request.idempotencyKey.startsWith('demo-samvirke-')).toBe(true);
      for (const [field, value] of Object.entries(request.body)) {
        if (field.endsWith('Id') && field !== 'personalId') expect(value).toMatch(identifier);
      }
    }
  });

  it('uses only synthetic personal ids (month + 80), distinct, one per child', () => {
    const ids = scenario.children.map((c) => c.personalId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(validatePersonalId(id)).toMatchObject({ valid: true, kind: 'synthetic' });
      expect(Number(id.slice(2, 4))).toBeGreaterThanOrEqual(81);
      expect(Number(id.slice(2, 4))).toBeLessThanOrEqual(92);
    }
    const inBodies = new Set(
      scenario.requests.map((r) => r.body['personalId']).filter((v) => v !== undefined),
    );
    expect([...inBodies].every((id) => ids.includes(id as string))).toBe(true);
  });

  it('has every fact within the year before now, none more than a day after it, in time order', () => {
    const times = scenario.requests.map((r) => Date.parse(r.at));
    for (const [i, request] of scenario.requests.entries()) {
      expect(times[i]).toBeLessThanOrEqual(now.getTime() + DAY);
      if (request.fact !== 'child-enrolment')
        expect(times[i]).toBeGreaterThanOrEqual(now.getTime() - 366 * DAY);
      if (i > 0) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
      for (const field of [
        'admittedAt',
        'dischargedAt',
        'sentAt',
        'occurredAt',
        'receivedAt',
        'assessedAt',
        'startedAt',
        'requestedAt',
        'completedAt',
        'reviewedAt',
        'extendedAt',
        'concludedAt',
        'decidedAt',
        'evaluatedAt',
        'assignedAt',
        'givenAt',
        'establishedAt',
        'revisedAt',
        'heldAt',
      ]) {
        const value = request.body[field];
        if (value !== undefined)
          expect(Date.parse(value as string)).toBeLessThanOrEqual(now.getTime() + DAY);
      }
      if (request.body['date'] !== undefined)
        expect(Date.parse(`${request.body['date'] as string}T00:00:00Z`)).toBeLessThanOrEqual(
          now.getTime() + DAY,
        );
    }
  });

  it('enrols each enrolled child before any other coordination request of that child, and only those children', () => {
    for (const child of scenario.children) {
      const coordination = scenario.requests.filter(
        (r) => r.child === child.key && r.service === 'coordination',
      );
      if (!child.enrolled) expect(coordination).toEqual([]);
      else
        expect(coordination[0]).toMatchObject({
          fact: 'child-enrolment',
          role: 'coordinating-unit',
          body: { personalId: child.personalId, municipality: '0301' },
        });
    }
  });

  it('sends the coordinator’s own commands with the assigned coordinator as the token subject', () => {
    for (const request of scenario.requests.filter((r) => r.role === 'coordinator')) {
      const child = scenario.children.find((c) => c.key === request.child) as DemoChild;
      expect(request.sub).toBe(child.coordinatorId);
      const assignment = scenario.requests.find(
        (r) => r.child === child.key && r.fact === 'coordinator-assignment',
      ) as DemoRequest;
      expect(Date.parse(request.at)).toBeGreaterThan(Date.parse(assignment.at));
    }
  });

  it.each([42, 200])(
    'designs an open, an in-time and a late case of every rule among %i children',
    (children) => {
      const designed = make('samvirke', children).children.flatMap((c) =>
        c.cases.filter((k) => k.primary),
      );
      for (const rule of DEMO_RULE_IDS) {
        for (const variant of VARIANTS) {
          expect(
            designed.some((k) => k.rule === rule && k.variant === variant)
              ? `${rule} ${variant}`
              : `${rule} ${variant} missing`,
          ).toBe(`${rule} ${variant}`);
        }
      }
    },
  );

  it('also designs every case for other seeds and other days of the year', () => {
    for (const [seed, at] of [
      ['a1', '2026-03-15T10:00:00Z'],
      ['b2', '2026-07-01T10:00:00Z'],
      ['c3', '2027-01-01T00:30:00+01:00'],
    ] as const) {
      const other = make(seed, 42, new Date(at));
      const designed = new Set(
        other.children.flatMap((c) =>
          c.cases.filter((k) => k.primary).map((k) => `${k.rule} ${k.variant}`),
        ),
      );
      expect(designed.size).toBe(42);
      for (const child of other.children)
        for (const k of child.cases)
          expect(judgeByConstruction(other, child, k)).toBe('as designed');
    }
  });

  it('builds each case from its trigger and (when met) the resolving fact before or after the deadline', () => {
    const verdicts = scenario.children.flatMap((child) =>
      child.cases.map(
        (k) => `${child.key} ${k.rule} ${k.variant}: ${judgeByConstruction(scenario, child, k)}`,
      ),
    );
    expect(verdicts.filter((v) => !v.endsWith('as designed'))).toEqual([]);
  });
});

// ---- the rules' deadlines, counted conservatively (the exact counting is the gap engine's)

const MONTH_IN_TIME = 88; // 3 calendar months are 89 to 92 days
const MONTH_LATE = 93;

function judgeByConstruction(scenario: DemoScenario, child: DemoChild, k: DemoCase): string {
  const requests = scenario.requests.filter((r) => r.child === child.key);
  const byKey = (key: string | undefined) => requests.find((r) => r.idempotencyKey === key);
  const trigger = byKey(k.trigger);
  const resolution = byKey(k.resolution);
  if (!trigger) return 'no trigger request';
  if ((k.variant === 'open') !== (k.resolution === undefined))
    return 'resolution does not match the variant';
  if (k.resolution !== undefined && !resolution) return 'no resolving request';
  const t = (r: DemoRequest | undefined, field: string) =>
    Date.parse((r as DemoRequest).body[field] as string);
  const nowMs = Date.parse(scenario.now);
  const days = (from: number, to: number) => (to - from) / DAY;
  const after = (r: DemoRequest, facts: string[]) =>
    requests.filter((x) => facts.includes(x.fact) && Date.parse(x.at) > Date.parse(r.at));

  // [when the duty began, when the fact came (or now, for open), the limit in days, and whether
  // the limit is exact] per rule.
  const within = (start: number, end: number | undefined, inTime: number, late: number): string => {
    if (k.variant === 'open')
      return days(start, nowMs) >= late
        ? 'as designed'
        : `open only ${days(start, nowMs).toFixed(1)} days`;
    const d = days(start, end as number);
    if ((end as number) > nowMs) return 'resolved after now';
    if (k.variant === 'in-time')
      return d <= inTime ? 'as designed' : `in time but ${d.toFixed(1)} days`;
    return d > late ? 'as designed' : `late but only ${d.toFixed(1)} days`;
  };

  switch (k.rule) {
    case 'health.discharge-follow-up': {
      const admission = requests.find(
        (r) => r.fact === 'admission' && r.body['admissionId'] === trigger.path.split('/')[3],
      ) as DemoRequest;
      const assigned = requests.find((r) => r.fact === 'coordinator-assignment');
      const needed =
        trigger.body['followUpNeeded'] === true ||
        (admission.body['kind'] === 'inpatient' &&
          assigned !== undefined &&
          Date.parse(assigned.at) <= t(trigger, 'dischargedAt'));
      if (!needed) return 'no follow-up needed';
      if (resolution && resolution.body['admissionId'] !== admission.body['admissionId'])
        return 'follow-up of another stay';
      return within(t(trigger, 'dischargedAt'), resolution && t(resolution, 'occurredAt'), 7, 7);
    }
    case 'health.discharge-summary':
      return within(t(trigger, 'dischargedAt'), resolution && t(resolution, 'sentAt'), 7, 7);
    case 'health.referral-assessment':
      // 10 working days span 14 calendar days at least, and under 20 even around Easter.
      return within(t(trigger, 'receivedAt'), resolution && t(resolution, 'assessedAt'), 14, 20);
    case 'health.treatment-deadline': {
      const deadline = Date.parse(`${trigger.body['treatmentDeadline'] as string}T23:00:00Z`); // end of the date in Oslo, give or take an hour
      if (k.variant === 'open')
        return deadline + 2 * 3600_000 < nowMs ? 'as designed' : 'deadline not passed';
      const started = t(resolution, 'startedAt');
      if (k.variant === 'in-time')
        return started < deadline - 2 * 3600_000 ? 'as designed' : 'started after the deadline';
      return started > deadline + 2 * 3600_000 && started <= nowMs
        ? 'as designed'
        : 'started by the deadline';
    }
    case 'school.absence-follow-up': {
      const date = Date.parse(`${trigger.body['date'] as string}T12:00:00Z`);
      const before = requests.filter(
        (r) =>
          r.fact === 'absence' && (r.body['date'] as string) < (trigger.body['date'] as string),
      );
      if (
        !before.some((r) => date - Date.parse(`${r.body['date'] as string}T12:00:00Z`) <= 10 * DAY)
      )
        return 'not the second absent day';
      if (
        resolution &&
        (resolution.body['kind'] !== 'absence-follow-up' ||
          (resolution.body['occurredAt'] as string).slice(0, 10) < (trigger.body['date'] as string))
      ) {
        return 'not an absence follow-up meeting on or after the day';
      }
      if (
        k.variant === 'open' &&
        after(trigger, ['school-meeting']).some((m) => m.body['kind'] === 'absence-follow-up')
      )
        return 'met about after all';
      return within(date, resolution && t(resolution, 'occurredAt'), 10, 11.5);
    }
    case 'school.expert-assessment':
      return within(
        t(trigger, 'requestedAt'),
        resolution && t(resolution, 'completedAt'),
        MONTH_IN_TIME,
        MONTH_LATE,
      );
    case 'childwelfare.report-review':
      return within(t(trigger, 'receivedAt'), resolution && t(resolution, 'reviewedAt'), 7, 7);
    case 'childwelfare.investigation': {
      const id = trigger.body['investigationId'];
      const extension = requests.find(
        (r) => r.fact === 'investigation-extension' && r.path.split('/')[3] === id,
      );
      const extended =
        extension !== undefined &&
        days(t(trigger, 'startedAt'), t(extension, 'extendedAt')) <= MONTH_IN_TIME;
      return extended
        ? within(t(trigger, 'startedAt'), resolution && t(resolution, 'concludedAt'), 180, 185)
        : within(
            t(trigger, 'startedAt'),
            resolution && t(resolution, 'concludedAt'),
            MONTH_IN_TIME,
            MONTH_LATE,
          );
    }
    case 'childwelfare.measure-evaluation': {
      const start = t(trigger, trigger.fact === 'measure' ? 'decidedAt' : 'evaluatedAt');
      const measureId =
        trigger.fact === 'measure' ? trigger.body['measureId'] : trigger.path.split('/')[3];
      const next = after(trigger, ['measure-evaluation']).filter(
        (r) => r.path.split('/')[3] === measureId,
      );
      if (k.variant === 'open' && next.length > 0) return 'evaluated after all';
      if (resolution && resolution !== next[0]) return 'not the next evaluation';
      return within(start, resolution && t(resolution, 'evaluatedAt'), MONTH_IN_TIME, MONTH_LATE);
    }
    case 'coordination.coordinator-request': {
      const assignments = requests.filter((r) => r.fact === 'coordinator-assignment');
      if (k.variant === 'open' && assignments.length > 0) return 'a coordinator was assigned';
      return within(t(trigger, 'requestedAt'), resolution && t(resolution, 'assignedAt'), 30, 30);
    }
    case 'coordination.multi-sector': {
      // The school's support team meets (school involved) within 90 days of a referral (health).
      const referral = requests.filter(
        (r) =>
          r.fact === 'referral' &&
          days(t(r, 'receivedAt'), t(trigger, 'occurredAt')) >= 0 &&
          days(t(r, 'receivedAt'), t(trigger, 'occurredAt')) <= 90,
      );
      if (trigger.body['kind'] !== 'support-team' || referral.length === 0)
        return 'not two sectors within 90 days';
      const assignment = requests.find((r) => r.fact === 'coordinator-assignment');
      if (k.variant === 'open') return assignment ? 'a coordinator was assigned' : 'as designed';
      if (resolution !== assignment) return 'not resolved by the assignment';
      if (k.variant === 'late')
        return t(resolution, 'assignedAt') > t(trigger, 'occurredAt')
          ? 'as designed'
          : 'assigned before';
      // In time: a coordinator before any involvement of a second sector.
      const active = requests.filter(
        (r) =>
          ACTIVE.has(r.fact) ||
          (r.fact === 'school-meeting' &&
            ['absence-follow-up', 'support-team'].includes(r.body['kind'] as string)),
      );
      return active.every((r) => Date.parse(r.at) > t(resolution, 'assignedAt'))
        ? 'as designed'
        : 'involvement before the coordinator';
    }
    case 'coordination.plan-review': {
      const due = t(trigger, 'reviewDueAt');
      const next = after(trigger, ['plan-revision']);
      if (k.variant === 'open')
        return next.length === 0 && due < nowMs ? 'as designed' : 'revised, or not yet due';
      if (resolution !== next[0]) return 'not the next revision';
      const revised = t(resolution, 'revisedAt');
      if (k.variant === 'in-time')
        return revised <= due ? 'as designed' : 'revised after the review date';
      return revised > due ? 'as designed' : 'revised by the review date';
    }
    case 'coordination.responsibility-group': {
      const start = t(trigger, trigger.fact === 'plan' ? 'establishedAt' : 'heldAt');
      const next = after(trigger, ['responsibility-group-meeting']);
      if (k.variant === 'open' && next.length > 0) return 'met after all';
      if (resolution && resolution !== next[0]) return 'not the next meeting';
      return within(start, resolution && t(resolution, 'heldAt'), 120, 120);
    }
    case 'coordination.transition': {
      if (trigger.fact !== 'child-enrolment') return 'not the enrolment';
      const on = nextTransition(birthDateOf(child.personalId), scenario.now);
      const months = (n: number) => on - n * 30.5 * DAY;
      const meetings = requests.filter(
        (r) => r.fact === 'school-meeting' && r.body['kind'] === 'transition',
      );
      if (k.variant === 'open')
        return meetings.length === 0 && months(6) < nowMs - DAY
          ? 'as designed'
          : 'a meeting, or not yet due';
      const held = t(resolution, 'occurredAt');
      if (k.variant === 'in-time')
        return held >= months(12) && held <= months(6) - 3 * DAY
          ? 'as designed'
          : 'outside 12 to 6 months before';
      return held > months(6) + DAY && held <= nowMs ? 'as designed' : 'not after 6 months before';
    }
  }
}

const ACTIVE = new Set<string>([
  'admission',
  'discharge',
  'follow-up',
  'referral',
  'referral-assessment',
  'treatment-start',
  'expert-assessment',
  'expert-assessment-completion',
  'investigation',
  'investigation-extension',
  'investigation-conclusion',
  'measure',
  'measure-evaluation',
]);

/** The next of the child's transitions after now: school start, upper secondary, the 18th birthday. */
function nextTransition(birthDate: string, now: string): number {
  const y = Number(birthDate.slice(0, 4));
  const candidates = [`${y + 6}-08-01`, `${y + 16}-08-01`, `${y + 18}${birthDate.slice(4)}`].map(
    (d) => Date.parse(`${d}T00:00:00+02:00`),
  );
  return Math.min(...candidates.filter((d) => d > Date.parse(now)));
}
