import { checkOverrides, defaultThresholds, thresholdsFor } from './thresholds';

describe('thresholds', () => {
  it("lays a municipality's overrides over the defaults, setting by setting", () => {
    const overrides = {
      '4601': {
        'school.absence-follow-up': { minDays: 3 },
        'childwelfare.report-review': { days: 5 },
      },
    };
    const bergen = thresholdsFor('4601', overrides);
    expect(bergen['school.absence-follow-up']).toEqual({
      ...defaultThresholds['school.absence-follow-up'],
      minDays: 3,
    });
    expect(bergen['childwelfare.report-review']).toEqual({ days: 5 });
    expect(bergen['health.discharge-follow-up']).toEqual({ days: 7 });
  });

  it('gives the defaults to a municipality without overrides, or an unknown one', () => {
    const overrides = { '4601': { 'childwelfare.report-review': { days: 5 } } };
    expect(thresholdsFor('0301', overrides)).toBe(defaultThresholds);
    expect(thresholdsFor(undefined, overrides)).toBe(defaultThresholds);
    expect(thresholdsFor('__proto__', overrides)).toBe(defaultThresholds);
  });

  it("never changes the defaults when applying a municipality's overrides", () => {
    thresholdsFor('4601', { '4601': { 'health.discharge-summary': { days: 1 } } });
    expect(defaultThresholds['health.discharge-summary']).toEqual({ days: 7 });
    expect(Object.isFrozen(defaultThresholds['health.discharge-summary'])).toBe(true);
  });

  it('names every problem in an override table', () => {
    expect(checkOverrides({ '4601': { 'health.discharge-follow-up': { days: 3 } } })).toEqual([]);
    expect(
      checkOverrides({
        oslo: {},
        '4601': {
          'health.discharge-follow-up': { days: -1 },
          'school.absence-follow-up': { share: 1.5, windowSchoolDays: 0, minDays: 2.5 },
          'health.nonexistent': { days: 1 },
          'childwelfare.report-review': { weeks: 1 },
        } as never,
      }),
    ).toEqual([
      '4601.health.discharge-follow-up.days: must be a number ≥ 0',
      '4601.school.absence-follow-up.share: must be ≤ 1',
      '4601.school.absence-follow-up.windowSchoolDays: must be at least 1',
      '4601.school.absence-follow-up.minDays: must be a whole number',
      '4601.health.nonexistent: unknown rule',
      '4601.childwelfare.report-review.weeks: unknown setting',
      'oslo: not a kommunenummer',
    ]);
  });
});
