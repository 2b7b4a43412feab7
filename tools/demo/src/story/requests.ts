import { MINUTE_MS, osloTime } from '../calendar';
import type { DemoRequest, DemoRole, DemoService, FactKind, StoryContext } from './types';

/** A request with what orders it among all children's: its time, its child, its place in the child's story. */
export interface TimedRequest {
  ms: number;
  childNumber: number;
  sequence: number;
  request: DemoRequest;
}

/**
 * One child's requests as the sector systems and the coordinating unit would send them: each
 * with the role and token subject of its sender and an idempotency key named after the child.
 */
export class RequestLog {
  /** Set by the assignment: the coordinator's own commands go out under their name. */
  coordinatorId: string | undefined;
  private readonly requests: TimedRequest[] = [];
  private readonly counters = new Map<string, number>();

  constructor(
    private readonly context: StoryContext,
    private readonly childNumber: number,
    private readonly childKey: string,
  ) {}

  /**
   * The next idempotency key of a kind for this child: `<child>-<kind>-<n>`. The kinds (`adm`,
   * `ref`, `bm`, …) are part of ids the services have stored: renamed, a rerun would add twice.
   */
  nextId(kind: string): string {
    const count = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, count);
    return `${this.childKey}-${kind}-${count}`;
  }

  /** Records a request that happened at `ms`; returns its idempotency key. */
  send(
    service: DemoService,
    path: string,
    body: Record<string, unknown>,
    fact: FactKind,
    ms: number,
    idempotencyKey: string,
    method: 'POST' | 'PUT' = 'POST',
  ): string {
    const role = roleOf(service, fact);
    const subject =
      role === 'coordinator'
        ? (this.coordinatorId as string)
        : role === 'coordinating-unit'
          ? this.unit()
          : `demo-${service}`;
    this.requests.push({
      ms,
      childNumber: this.childNumber,
      sequence: this.requests.length,
      request: {
        service,
        method,
        path,
        body,
        role,
        sub: subject,
        idempotencyKey,
        child: this.childKey,
        at: osloTime(ms),
        fact,
      },
    });
    return idempotencyKey;
  }

  /** The idempotency key of the child's enrolment: the transition rule's evidence (the birth date). */
  get enrolmentKey(): string {
    return `${this.childKey}-enrolment`;
  }

  /**
   * The requests, with the enrolment (when the child is enrolled) first among the coordination
   * ones: its answer names the childRef the others need.
   */
  all(enrolment: { personalId: string; name: string } | undefined): TimedRequest[] {
    const requests = [...this.requests];
    if (!enrolment) return requests;
    const coordination = requests
      .filter((timed) => timed.request.service === 'coordination')
      .map((timed) => timed.ms);
    const ms = coordination.length > 0 ? Math.min(...coordination) - MINUTE_MS : this.context.now;
    requests.push({
      ms,
      childNumber: this.childNumber,
      sequence: -1,
      request: {
        service: 'coordination',
        method: 'POST',
        path: '/v1/children',
        body: {
          personalId: enrolment.personalId,
          name: enrolment.name,
          municipality: this.context.municipality,
        },
        role: 'coordinating-unit',
        sub: this.unit(),
        idempotencyKey: this.enrolmentKey,
        child: this.childKey,
        at: osloTime(Math.min(ms, this.context.now)),
        fact: 'child-enrolment',
      },
    });
    return requests;
  }

  private unit(): string {
    return `demo-unit-${this.context.municipality}`;
  }
}

/** The sector systems send as their sector; the unit requests and assigns; the coordinator does the rest. */
function roleOf(service: DemoService, fact: FactKind): DemoRole {
  switch (service) {
    case 'health':
      return 'sector:health';
    case 'school':
      return 'sector:school';
    case 'child-welfare':
      return 'sector:child-welfare';
    case 'coordination':
      return fact === 'coordinator-request' || fact === 'coordinator-assignment'
        ? 'coordinating-unit'
        : 'coordinator';
  }
}
