import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';

/** Resolves (or returns true) when the dependency is usable; throws, rejects or returns false when not. */
export type ReadinessCheck = () => Promise<unknown> | unknown;

export type CheckStatus =
  { status: 'up' } | { status: 'down'; reason: 'failed' | 'timed out' | 'shutting down' };

export interface Readiness {
  ready: boolean;
  checks: Record<string, CheckStatus>;
}

/** A check that pings a database: `pg.Pool`, `pg.Client` and TypeORM's `DataSource` all fit. */
export function databaseCheck(db: { query(sql: string): Promise<unknown> }): ReadinessCheck {
  return () => db.query('SELECT 1');
}

/**
 * The readiness checks of this app. Services register theirs at start-up, e.g. in
 * `onModuleInit`: `registry.register('database', databaseCheck(dataSource))`.
 */
@Injectable()
export class HealthRegistry implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Health');
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  constructor(private readonly timeoutMs = 2000) {}

  register(name: string, check: ReadinessCheck): void {
    if (this.checks.has(name)) throw new Error(`readiness check "${name}" is registered twice`);
    this.checks.set(name, check);
  }

  /** Runs every check at once, each bounded by the timeout. */
  async readiness(): Promise<Readiness> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await this.run(name, check)] as const),
    );
    const checks: Record<string, CheckStatus> = Object.fromEntries(entries);
    // Load balancers stop sending work while the app drains.
    if (this.shuttingDown) checks['shutdown'] = { status: 'down', reason: 'shutting down' };
    return { ready: Object.values(checks).every((c) => c.status === 'up'), checks };
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }

  private async run(name: string, check: ReadinessCheck): Promise<CheckStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timed out'>((resolve) => {
      timer = setTimeout(() => resolve('timed out'), this.timeoutMs);
    });
    try {
      const outcome = await Promise.race([Promise.resolve().then(check), timeout]);
      if (outcome === 'timed out') {
        this.logger.warn(`readiness check "${name}" timed out after ${this.timeoutMs} ms`);
        return { status: 'down', reason: 'timed out' };
      }
      if (outcome === false) {
        this.logger.warn(`readiness check "${name}" is down`);
        return { status: 'down', reason: 'failed' };
      }
      return { status: 'up' };
    } catch (error) {
      // The reason stays in the log: the endpoint is public and must not show hosts or errors.
      this.logger.warn({ err: error }, `readiness check "${name}" failed`);
      return { status: 'down', reason: 'failed' };
    } finally {
      clearTimeout(timer);
    }
  }
}
