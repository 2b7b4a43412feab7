import type { ConsumerStatus } from './idempotent-consumer';
import { consumerUnreadiness } from './readiness';

const now = new Date('2026-03-02T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const status = (overrides: Partial<ConsumerStatus> = {}): ConsumerStatus => ({
  running: true,
  batches: 3,
  handled: 30,
  duplicates: 0,
  deadLettered: 0,
  ...overrides,
});

describe("a consumer's readiness", () => {
  it('is ready while it commits', () => {
    expect(consumerUnreadiness(status(), now)).toBeUndefined();
  });

  it('stays ready while a failing batch is retried and split to park a poison event', () => {
    expect(
      consumerUnreadiness(
        status({
          lastError: 'QueryFailedError: out of range',
          failingSince: ago(5_000),
          outage: false,
        }),
        now,
      ),
    ).toBeUndefined();
  });

  it('is not ready when an outage has stopped all progress for a moment', () => {
    expect(
      consumerUnreadiness(
        status({ lastError: 'Error: Connection terminated', failingSince: ago(500), outage: true }),
        now,
      ),
    ).toBeUndefined();
    expect(
      consumerUnreadiness(
        status({
          lastError: 'Error: Connection terminated',
          failingSince: ago(3_000),
          outage: true,
        }),
        now,
      ),
    ).toBe('outage for 3 s: Error: Connection terminated');
  });

  it('is not ready when it has failed with nothing committed for half a minute, or is stopped', () => {
    expect(
      consumerUnreadiness(
        status({ lastError: 'TypeError: x', failingSince: ago(31_000), outage: false }),
        now,
      ),
    ).toMatch(/^failing for 31 s/);
    expect(consumerUnreadiness(status({ running: false }), now)).toBe('stopped');
  });
});
