import { DomainError } from '@samvirke/event-sourcing';
import {
  KafkaJSConnectionError,
  KafkaJSNonRetriableError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
} from 'kafkajs';
import { createServer, type Server, type Socket } from 'node:net';
import { Client, DatabaseError, Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import { isOutage } from './outage';

/** A TCP server on loopback that does to each connection what it is told, standing in for a sick PostgreSQL. */
async function listening(
  onConnection: (socket: Socket) => void,
): Promise<{ port: number; server: Server }> {
  const server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

/** What node-postgres rejects with when it connects to this port. */
async function connectError(
  port: number,
  options: { connectionTimeoutMillis?: number } = {},
): Promise<unknown> {
  const pool = new Pool({
    host: '127.0.0.1',
    port,
    user: 'x',
    password: 'x',
    database: 'x',
    max: 1,
    ...options,
  });
  try {
    await pool.query('SELECT 1');
    throw new Error('connected');
  } catch (error) {
    return error;
  } finally {
    await pool.end();
  }
}

const databaseError = (code: string, message: string) =>
  Object.assign(new DatabaseError(message, message.length, 'error'), { code, severity: 'FATAL' });

describe('isOutage', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((server) => server.close()));

  it('knows a database that refuses connections (stopped)', async () => {
    const { port, server } = await listening(() => undefined);
    await new Promise((resolve) => server.close(resolve));
    const error = await connectError(port);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(isOutage(error)).toBe(true);
  });

  it('knows a connection the server cut, and one that timed out', async () => {
    const cutting = await listening((socket) => socket.destroy());
    const silent = await listening(() => undefined);
    servers.push(cutting.server, silent.server);
    const cut = await connectError(cutting.port);
    const timedOut = await connectError(silent.port, { connectionTimeoutMillis: 50 });
    expect(String(cut)).toMatch(/Connection terminated|ECONNRESET/);
    expect(String(timedOut)).toMatch(/timeout/);
    expect(isOutage(cut)).toBe(true);
    expect(isOutage(timedOut)).toBe(true);
  });

  it('knows a query on a client whose connection broke', async () => {
    const client = new Client({ host: '127.0.0.1', port: 1 });
    await client.connect().catch(() => undefined);
    const error = await client.query('SELECT 1').catch((e: unknown) => e);
    expect(isOutage(error)).toBe(true);
    // What node-postgres says to a query on a client whose established connection broke.
    expect(
      isOutage(new Error('Client has encountered a connection error and is not queryable')),
    ).toBe(true);
  });

  it('knows PostgreSQL shutting down, starting up, or full, also inside TypeORM’s QueryFailedError', () => {
    for (const [code, message] of [
      ['57P01', 'terminating connection due to administrator command'],
      ['57P03', 'the database system is starting up'],
      ['53300', 'sorry, too many clients already'],
      ['08006', 'connection failure'],
    ]) {
      expect(isOutage(databaseError(code, message))).toBe(true);
      expect(isOutage(new QueryFailedError('INSERT …', [], databaseError(code, message)))).toBe(
        true,
      );
    }
  });

  it('knows Kafka out of reach, however kafkajs wraps it', () => {
    const refused = new KafkaJSConnectionError(
      'Connection error: connect ECONNREFUSED 127.0.0.1:9092',
      { code: 'ECONNREFUSED' },
    );
    expect(isOutage(refused)).toBe(true);
    expect(isOutage(Object.assign(new KafkaJSNonRetriableError(refused), { cause: refused }))).toBe(
      true,
    );
    expect(
      isOutage(new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 1000 })),
    ).toBe(true);
    expect(
      isOutage(
        new KafkaJSProtocolError({
          type: 'LEADER_NOT_AVAILABLE',
          code: 5,
          retriable: true,
          message: 'no leader',
        } as never),
      ),
    ).toBe(true);
  });

  it('looks through our own wrappers and through every error of an AggregateError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(isOutage(new Error('loading the stream failed', { cause: refused }))).toBe(true);
    expect(isOutage(new AggregateError([new Error('other'), refused]))).toBe(true);
  });

  it('is not an outage: a rule, a bug, a bad statement, a unique key, a message Kafka refuses, nothing at all', () => {
    expect(isOutage(new DomainError('Already reviewed.', 'already-reviewed'))).toBe(false);
    expect(isOutage(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      false,
    );
    expect(
      isOutage(
        new QueryFailedError(
          'SELEC 1',
          [],
          databaseError('42601', 'syntax error at or near "SELEC"'),
        ),
      ),
    ).toBe(false);
    expect(isOutage(databaseError('23505', 'duplicate key value violates unique constraint'))).toBe(
      false,
    );
    expect(
      isOutage(
        new KafkaJSProtocolError({
          type: 'MESSAGE_TOO_LARGE',
          code: 10,
          retriable: false,
          message: 'too large',
        } as never),
      ),
    ).toBe(false);
    expect(isOutage(undefined)).toBe(false);
    expect(isOutage('ECONNREFUSED')).toBe(false);
    const circular: { cause?: unknown } = new Error('loop');
    circular.cause = circular;
    expect(isOutage(circular)).toBe(false);
  });
});
