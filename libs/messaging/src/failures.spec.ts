import { errorReason, isOutage, loggableError, sqlStateOf } from './failures';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('telling an outage from a poison event', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a connection pg saw end', new Error('Connection terminated unexpectedly')],
    ['a pool that timed out connecting', new Error('timeout exceeded when trying to connect')],
    [
      'PostgreSQL shutting down (57P01)',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['a server starting up (57P03)', withCode('the database system is starting up', '57P03')],
    ['a deadlock (40P01)', withCode('deadlock detected', '40P01')],
    ['too many connections (53300)', withCode('sorry, too many clients already', '53300')],
    ['a lock timeout (55P03)', withCode('canceling statement due to lock timeout', '55P03')],
    [
      'a TypeORM error around a lost connection',
      Object.assign(new Error('wrapped'), {
        driverError: withCode('read ECONNRESET', 'ECONNRESET'),
      }),
    ],
    [
      'the broker away',
      Object.assign(new Error('Connection error: connect ECONNREFUSED'), {
        name: 'KafkaJSConnectionError',
      }),
    ],
  ])('%s is an outage', (_what, error) => {
    expect(isOutage(error)).toBe(true);
  });

  it.each([
    [
      'a time PostgreSQL refuses (22008)',
      withCode('date/time field value out of range: "0000-01-01T00:00:00Z"', '22008'),
    ],
    [
      'a value too long (22001)',
      withCode('value too long for type character varying(10)', '22001'),
    ],
    ['a broken constraint (23514)', withCode('new row violates check constraint', '23514')],
    [
      'a bug in the handler',
      new TypeError("Cannot read properties of undefined (reading 'admissionId')"),
    ],
    [
      'an event type the handler does not know',
      new Error('no projection for no.samvirke.health.teleported.v1'),
    ],
  ])('%s is not', (_what, error) => {
    expect(isOutage(error)).toBe(false);
  });

  it("words a dead letter's reason with the SQLSTATE", () => {
    const error = Object.assign(new Error('date/time field value out of range'), {
      name: 'QueryFailedError',
      code: '22008',
    });
    expect(errorReason(error)).toBe(
      'QueryFailedError (SQLSTATE 22008): date/time field value out of range',
    );
    expect(sqlStateOf(new TypeError('x'))).toBeUndefined();
  });
});

describe('an error in a log line', () => {
  it('is in full for an outage, and only named for anything else (a database error may quote the event)', () => {
    expect(loggableError(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toEqual({
      error: 'Error: connect ECONNREFUSED 127.0.0.1:5432',
    });
    const refused = Object.assign(
      new Error('invalid input syntax for type integer: "Kari Nordmann"'),
      { name: 'QueryFailedError', code: '22P02' },
    );
    expect(loggableError(refused)).toEqual({ error: 'QueryFailedError (SQLSTATE 22P02)' });
  });
});
