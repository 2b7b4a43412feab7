import { parseEventType, schemaVersionOf } from './event-type';

describe('event type names', () => {
  it('splits a type into sector, short name and version', () => {
    expect(parseEventType('no.samvirke.childwelfare.investigation-extended.v12')).toEqual({
      sector: 'childwelfare',
      event: 'investigation-extended',
      version: 12,
    });
    expect(schemaVersionOf('no.samvirke.health.discharge-recorded.v2')).toBe(2);
  });

  it.each([
    'no.samvirke.child-welfare.concern-report-received.v1',
    'no.samvirke.police.arrest-made.v1',
    'no.samvirke.health.DischargeRecorded.v1',
    'no.samvirke.health.discharge-recorded',
    'no.samvirke.health.discharge-recorded.v0',
    'com.example.health.discharge-recorded.v1',
  ])('refuses %s', (type) => expect(parseEventType(type)).toBeUndefined());
});
