import { TOPICS } from '../topics';
import {
  catalogEntry,
  eventCatalog,
  eventCatalogByType,
  eventsOfSector,
  isKnownEventType,
  validateEventData,
  type EventDefinition,
} from './index';
import { isIsoDate, isRfc3339DateTime } from './formats';
import * as catalog from './index';

// Written out from CONTRACT.md's Events section: the catalog must hold exactly these.
const CONTRACT_EVENT_TYPES = [
  'no.samvirke.health.admission-recorded.v1',
  'no.samvirke.health.discharge-recorded.v1',
  'no.samvirke.health.discharge-summary-sent.v1',
  'no.samvirke.health.follow-up-recorded.v1',
  'no.samvirke.health.referral-received.v1',
  'no.samvirke.health.referral-assessed.v1',
  'no.samvirke.health.treatment-started.v1',
  'no.samvirke.school.absence-recorded.v1',
  'no.samvirke.school.meeting-held.v1',
  'no.samvirke.school.expert-assessment-requested.v1',
  'no.samvirke.school.expert-assessment-completed.v1',
  'no.samvirke.school.enrolment-recorded.v1',
  'no.samvirke.childwelfare.concern-report-received.v1',
  'no.samvirke.childwelfare.concern-report-reviewed.v1',
  'no.samvirke.childwelfare.investigation-started.v1',
  'no.samvirke.childwelfare.investigation-extended.v1',
  'no.samvirke.childwelfare.investigation-concluded.v1',
  'no.samvirke.childwelfare.measure-decided.v1',
  'no.samvirke.childwelfare.measure-evaluated.v1',
  'no.samvirke.coordination.child-enrolled.v1',
  'no.samvirke.coordination.coordinator-requested.v1',
  'no.samvirke.coordination.coordinator-assigned.v1',
  'no.samvirke.coordination.consent-given.v1',
  'no.samvirke.coordination.consent-withdrawn.v1',
  'no.samvirke.coordination.plan-established.v1',
  'no.samvirke.coordination.plan-revised.v1',
  'no.samvirke.coordination.responsibility-group-met.v1',
  'no.samvirke.coordination.gap-opened.v1',
  'no.samvirke.coordination.gap-acknowledged.v1',
  'no.samvirke.coordination.gap-resolved.v1',
  'no.samvirke.coordination.gap-acknowledged.v2',
  'no.samvirke.coordination.gap-resolved.v2',
  'no.samvirke.coordination.child-erased.v1',
  'no.samvirke.coordination.transfer-requested.v1',
  'no.samvirke.coordination.transfer-accepted.v1',
  'no.samvirke.coordination.transfer-declined.v1',
];

/** The exported `as const` lists of strings: the catalog's enums, e.g. ADMISSION_KINDS. */
const ENUM_LISTS = Object.entries(catalog).filter(
  ([name, value]) =>
    /^[A-Z][A-Z_]+$/.test(name) &&
    Array.isArray(value) &&
    value.every((v) => typeof v === 'string'),
) as [string, readonly string[]][];

/** Every union of literals in a schema, with the path of the field that holds it. */
function enumsIn(schema: unknown, path = ''): { path: string; values: string[] }[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as { anyOf?: { const?: unknown }[]; properties?: object; items?: unknown };
  if (node.anyOf && node.anyOf.length > 0 && node.anyOf.every((v) => typeof v.const === 'string')) {
    return [{ path, values: node.anyOf.map((v) => v.const as string) }];
  }
  return [
    ...(node.anyOf ?? []).flatMap((variant) => enumsIn(variant, path)),
    ...Object.entries(node.properties ?? {}).flatMap(([key, field]) =>
      enumsIn(field, `${path}/${key}`),
    ),
    ...(node.items ? enumsIn(node.items, `${path}/*`) : []),
  ];
}

const entries: EventDefinition[] = [...eventCatalog];
const byType = entries.map((e) => [e.type, e] as const);

/** A value of the wrong JSON type for whatever the field expects. */
const WRONG = { wrong: true };

function errorPaths(type: string, data: unknown): string[] {
  const result = validateEventData(type, data);
  return result.ok ? [] : result.errors.map((e) => e.path);
}

describe('event catalog', () => {
  it('holds exactly the event types CONTRACT.md lists, once each', () => {
    expect(entries.map((e) => e.type).sort()).toEqual([...CONTRACT_EVENT_TYPES].sort());
    expect(eventCatalogByType.size).toBe(CONTRACT_EVENT_TYPES.length);
  });

  it.each(byType)('%s agrees with its sector, short name, version and topic', (type, entry) => {
    expect(type).toBe(`no.samvirke.${entry.sector}.${entry.event}.v${entry.version}`);
    expect(entry.topic).toBe(TOPICS[entry.sector]);
    expect(catalogEntry(type)).toBe(entry);
    expect(isKnownEventType(type)).toBe(true);
  });

  it.each(byType)('%s names the data field that says when it happened', (_type, entry) => {
    const value = (entry.example as Record<string, unknown>)[entry.occurredAtField as string];
    expect(typeof value === 'string' && (isRfc3339DateTime(value) || isIsoDate(value))).toBe(true);
  });

  it.each(byType)('%s accepts its example', (type, entry) => {
    expect(validateEventData(type, entry.example)).toEqual({ ok: true });
  });

  it.each(byType)('%s names each field that has the wrong type', (type, entry) => {
    for (const field of Object.keys(entry.example as object)) {
      const data = { ...(entry.example as object), [field]: WRONG };
      expect({ field, paths: errorPaths(type, data) }).toEqual({
        field,
        paths: expect.arrayContaining([`/${field}`]),
      });
    }
  });

  it.each(byType)('%s names a missing required field', (type, entry) => {
    const required = (entry.schema as { required?: string[] }).required ?? [];
    for (const field of required) {
      const data: Record<string, unknown> = { ...(entry.example as object) };
      delete data[field];
      expect({ field, paths: errorPaths(type, data) }).toEqual({
        field,
        paths: expect.arrayContaining([`/${field}`]),
      });
    }
  });

  it.each(byType)('%s never carries personalId or municipality in data', (type, entry) => {
    const withPersonalId = { ...(entry.example as object), personalId: '01017012345' };
    const withMunicipality = { ...(entry.example as object), municipality: '0301' };
    expect(errorPaths(type, withPersonalId)).toContain('/personalId');
    expect(errorPaths(type, withMunicipality)).toContain('/municipality');
  });

  it('keeps every sub-resource fact tied to its parent id', () => {
    const required = (type: string) =>
      (catalogEntry(type)?.schema as unknown as { required: string[] }).required;
    expect(required('no.samvirke.health.discharge-recorded.v1')).toContain('admissionId');
    expect(required('no.samvirke.health.discharge-summary-sent.v1')).toContain('admissionId');
    expect(required('no.samvirke.health.referral-assessed.v1')).toContain('referralId');
    expect(required('no.samvirke.health.treatment-started.v1')).toContain('referralId');
    expect(required('no.samvirke.school.expert-assessment-completed.v1')).toContain('assessmentId');
    expect(required('no.samvirke.childwelfare.concern-report-reviewed.v1')).toContain('reportId');
    expect(required('no.samvirke.childwelfare.investigation-started.v1')).toEqual(
      expect.arrayContaining(['investigationId', 'reportId']),
    );
    expect(required('no.samvirke.childwelfare.investigation-concluded.v1')).toContain(
      'investigationId',
    );
    expect(required('no.samvirke.childwelfare.measure-evaluated.v1')).toContain('measureId');
  });

  it.each(byType)(
    '%s builds each enum field from an exported list of its values',
    (_type, entry) => {
      for (const { path, values } of enumsIn(entry.schema)) {
        const lists = ENUM_LISTS.filter(([, list]) => list.join() === values.join()).map(
          ([n]) => n,
        );
        expect({ path, lists }).toEqual({ path, lists: [expect.any(String)] });
      }
    },
  );

  it('lists the allowed values when an enum is wrong', () => {
    const result = validateEventData('no.samvirke.health.discharge-recorded.v1', {
      admissionId: 'a-1',
      dischargedAt: '2026-03-09T14:00:00+01:00',
      followUpNeeded: true,
      destination: 'mars',
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: '/destination', message: 'Expected one of "home", "institution", "other"' }],
    });
  });

  it('refuses a time without an offset and a date that does not exist', () => {
    expect(
      errorPaths('no.samvirke.health.admission-recorded.v1', {
        admissionId: 'a-1',
        facility: 'X',
        kind: 'day',
        admittedAt: '2026-03-02T08:15:00',
      }),
    ).toEqual(['/admittedAt']);
    expect(
      errorPaths('no.samvirke.school.absence-recorded.v1', {
        schoolId: 's',
        date: '2026-02-29',
        scope: 'full-day',
        documented: true,
      }),
    ).toEqual(['/date']);
  });

  it('accepts an optional field when present and when absent', () => {
    const type = 'no.samvirke.health.referral-assessed.v1';
    const base = { referralId: 'r', assessedAt: '2026-02-10T11:00:00Z', outcome: 'rejected' };
    expect(validateEventData(type, base)).toEqual({ ok: true });
    expect(validateEventData(type, { ...base, treatmentDeadline: '2026-04-10' })).toEqual({
      ok: true,
    });
    expect(errorPaths(type, { ...base, treatmentDeadline: '2026-04-10T00:00:00Z' })).toEqual([
      '/treatmentDeadline',
    ]);
  });

  describe('child-enrolled', () => {
    const type = 'no.samvirke.coordination.child-enrolled.v1';
    const enrolledAt = '2026-03-01T09:00:00+01:00';

    it('accepts the name encrypted, or in clear for tests and the demo', () => {
      expect(validateEventData(type, { nameCiphertext: 'pd1.q83vEjRWeJq8', enrolledAt })).toEqual({
        ok: true,
      });
      expect(
        validateEventData(type, { name: 'Ola Nordmann', birthDate: '2015-06-01', enrolledAt }),
      ).toEqual({
        ok: true,
      });
    });

    it('refuses the name both in clear and encrypted, naming the stray field', () => {
      expect(
        errorPaths(type, { name: 'Ola', nameCiphertext: 'pd1.q83vEjRWeJq8', enrolledAt }),
      ).toEqual(['/name']);
    });

    it('refuses a clear name put where the ciphertext belongs', () => {
      expect(errorPaths(type, { nameCiphertext: 'Ola Nordmann', enrolledAt })).toEqual([
        '/nameCiphertext',
      ]);
    });

    it('refuses a payload with no name at all', () => {
      expect(validateEventData(type, { enrolledAt }).ok).toBe(false);
    });
  });

  it('refuses consent for no sector, a repeated sector or an unknown one', () => {
    const type = 'no.samvirke.coordination.consent-given.v1';
    const base = { consentId: 'c', givenBy: 'parent', givenAt: '2026-03-05T13:00:00+01:00' };
    expect(errorPaths(type, { ...base, sectors: [] })).toEqual(['/sectors']);
    expect(errorPaths(type, { ...base, sectors: ['health', 'health'] })).toEqual(['/sectors']);
    expect(errorPaths(type, { ...base, sectors: ['childwelfare'] })).toEqual(['/sectors/0']);
    expect(validateEventData(type, { ...base, sectors: ['child-welfare'] })).toEqual({ ok: true });
  });

  it('refuses a gap with no evidence or a malformed rule id', () => {
    const entry = catalogEntry('no.samvirke.coordination.gap-opened.v1');
    expect(errorPaths(entry.type, { ...entry.example, evidence: [] })).toEqual(['/evidence']);
    expect(errorPaths(entry.type, { ...entry.example, ruleId: 'Discharge Follow-up' })).toEqual([
      '/ruleId',
    ]);
  });

  it('says an unknown type is unknown', () => {
    expect(isKnownEventType('no.samvirke.health.discharge-recorded.v9')).toBe(false);
    expect(validateEventData('no.samvirke.health.discharge-recorded.v9', {})).toEqual({
      ok: false,
      errors: [
        { path: '', message: 'unknown event type "no.samvirke.health.discharge-recorded.v9"' },
      ],
    });
  });

  it('groups the events by sector', () => {
    expect(eventsOfSector('health')).toHaveLength(7);
    expect(eventsOfSector('school')).toHaveLength(5);
    expect(eventsOfSector('childwelfare')).toHaveLength(7);
    expect(eventsOfSector('coordination')).toHaveLength(17);
  });
});
