import { createValidationPipe, ProblemException } from '@samvirke/platform';
import { IsCalendarDate, IsFactDate, IsFactTime, IsTime } from './validation';

class Times {
  @IsFactTime()
  happenedAt!: string;

  @IsFactDate()
  day!: string;

  @IsTime()
  expiresAt!: string;

  @IsCalendarDate()
  deadline!: string;
}

// The four time decorators every DTO uses: what PostgreSQL and the calendar can hold, or a 400 naming the field.
describe('time and date validators', () => {
  const pipe = createValidationPipe();
  const fine: Times = {
    happenedAt: '2026-03-02T08:15:00+01:00',
    day: '2026-03-02',
    expiresAt: '2027-03-02T08:15:00+01:00',
    deadline: '2026-06-01',
  };

  const fieldsNamedFor = async (body: Partial<Record<keyof Times, unknown>>): Promise<string[]> => {
    try {
      await pipe.transform({ ...fine, ...body }, { type: 'body', metatype: Times });
      return [];
    } catch (error) {
      if (!(error instanceof ProblemException)) throw error;
      return (error.problem.errors ?? []).map((e) => e.field);
    }
  };

  it('accepts times and dates from 1900 on, and deadlines up to 2100', async () => {
    expect(await fieldsNamedFor({})).toEqual([]);
    expect(
      await fieldsNamedFor({ happenedAt: '1900-01-01T00:00:00+01:00', day: '1900-01-01' }),
    ).toEqual([]);
    expect(
      await fieldsNamedFor({ expiresAt: '2100-12-31T23:59:59Z', deadline: '2100-12-31' }),
    ).toEqual([]);
  });

  it.each([
    [
      'year 0000',
      {
        happenedAt: '0000-01-01T00:00:00Z',
        day: '0000-01-01',
        expiresAt: '0000-01-01T00:00:00Z',
        deadline: '0000-01-01',
      },
    ],
    [
      'before 1900',
      {
        happenedAt: '1899-12-31T00:00:00Z',
        day: '1899-12-31',
        expiresAt: '1899-12-31T00:00:00Z',
        deadline: '1899-12-31',
      },
    ],
    ['a leap second', { happenedAt: '2016-12-31T23:59:60Z', expiresAt: '2016-12-31T23:59:60Z' }],
  ])('refuses %s in every kind of field, naming each', async (_name, body) => {
    expect((await fieldsNamedFor(body)).sort()).toEqual(Object.keys(body).sort());
  });

  it('refuses a deadline or an expiry after 2100', async () => {
    expect(
      await fieldsNamedFor({ expiresAt: '2101-01-02T00:00:00Z', deadline: '2101-01-01' }),
    ).toEqual(['expiresAt', 'deadline']);
  });

  it('says the span in the message', async () => {
    const error = await pipe
      .transform({ ...fine, happenedAt: '0000-01-01T00:00:00Z' }, { type: 'body', metatype: Times })
      .catch((e: unknown) => e);
    expect((error as ProblemException).problem.errors).toEqual([
      {
        field: 'happenedAt',
        message:
          'happenedAt must be an RFC 3339 time with offset, from 1900-01-01 and not more than a day in the future',
      },
    ]);
  });
});
