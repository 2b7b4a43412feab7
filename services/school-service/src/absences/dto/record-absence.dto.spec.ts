import { createValidationPipe, ProblemException } from '@samvirke/platform';
import { syntheticPersonalIds } from '@samvirke/identity';
import { RecordAbsenceDto } from './record-absence.dto';

// The absence rules the pipe enforces before any command is made (CONTRACT: 400, each bad field named).
describe('RecordAbsenceDto', () => {
  const [personalId] = syntheticPersonalIds('absence-dto', 1);
  const absence = {
    personalId,
    municipality: '0301',
    schoolId: 'school-0301-017',
    date: '2026-03-03',
    scope: 'full-day',
    documented: false,
  };
  const pipe = createValidationPipe();

  const fieldsNamedFor = async (body: object): Promise<string[]> => {
    try {
      await pipe.transform(body, { type: 'body', metatype: RecordAbsenceDto });
      return [];
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      return (error.problem.errors ?? []).map((e) => e.field);
    }
  };

  const isoDate = (daysAhead: number) =>
    new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);

  it('accepts a full-day absence without hours', async () => {
    expect(await fieldsNamedFor(absence)).toEqual([]);
  });

  it('accepts a partial absence with or without hours', async () => {
    expect(await fieldsNamedFor({ ...absence, scope: 'partial', hours: 2.5 })).toEqual([]);
    expect(await fieldsNamedFor({ ...absence, scope: 'partial' })).toEqual([]);
  });

  it('refuses hours on a full-day absence, naming hours', async () => {
    expect(await fieldsNamedFor({ ...absence, hours: 3 })).toEqual(['hours']);
  });

  it.each([0, -1, 24.5, '2', null])('refuses %p hours', async (hours) => {
    expect(await fieldsNamedFor({ ...absence, scope: 'partial', hours })).toEqual(['hours']);
  });

  it('accepts a date up to a day ahead and refuses one further ahead', async () => {
    expect(await fieldsNamedFor({ ...absence, date: isoDate(1) })).toEqual([]);
    expect(await fieldsNamedFor({ ...absence, date: isoDate(2) })).toEqual(['date']);
  });

  it.each(['2026-02-30', '2026-3-3', '2026-03-03T00:00:00+01:00'])(
    'refuses the date %p',
    async (date) => {
      expect(await fieldsNamedFor({ ...absence, date })).toEqual(['date']);
    },
  );
});
