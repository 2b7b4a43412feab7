import type { Day } from '../calendar';
import type { Random } from '../random';
import { StoryClock } from './clock';
import { RequestLog, type TimedRequest } from './requests';
import type {
  DemoCase,
  DemoChild,
  DemoRuleId,
  DemoService,
  FactKind,
  StoryContext,
  Variant,
} from './types';

/** Who a child is, as the cast made them. */
export interface ChildIdentity {
  number: number;
  key: string;
  personalId: string;
  name: string;
  birthDate: string;
}

/**
 * What every sector's part of one child's story shares: the child, the seeded draws (in one
 * order, so that the same seed tells the same story), the clock, the requests and the cases.
 */
export class ChildStory {
  enrolled = true;
  readonly clock: StoryClock;
  readonly requests: RequestLog;
  private readonly cases: DemoCase[] = [];

  constructor(
    readonly context: StoryContext,
    readonly child: ChildIdentity,
    readonly random: Random,
  ) {
    this.clock = new StoryClock(context.today, random);
    this.requests = new RequestLog(context, child.number, child.key);
  }

  addCase(
    rule: DemoRuleId,
    variant: Variant,
    trigger: string,
    resolution: string | undefined,
    primary: boolean,
  ) {
    this.cases.push({ rule, variant, trigger, ...(resolution ? { resolution } : {}), primary });
  }

  demoChild(): DemoChild {
    const { coordinatorId } = this.requests;
    return {
      key: this.child.key,
      number: this.child.number,
      personalId: this.child.personalId,
      name: this.child.name,
      birthDate: this.child.birthDate,
      enrolled: this.enrolled,
      ...(coordinatorId ? { coordinatorId } : {}),
      cases: this.cases,
    };
  }

  timedRequests(): TimedRequest[] {
    return this.requests.all(this.enrolled ? this.child : undefined);
  }
}

/** One sector's part of a child's story: what it sends, and the cases it designs. */
export abstract class SectorStory {
  protected abstract readonly service: DemoService;

  constructor(protected readonly story: ChildStory) {}

  protected get random(): Random {
    return this.story.random;
  }

  protected get today(): Day {
    return this.story.context.today;
  }

  protected get municipality(): string {
    return this.story.context.municipality;
  }

  protected timeOn(day: Day, notBefore?: number): number {
    return this.story.clock.timeOn(day, notBefore);
  }

  protected dayBetween(from: Day, to: Day): Day {
    return this.story.clock.dayBetween(from, to);
  }

  protected nextId(kind: string): string {
    return this.story.requests.nextId(kind);
  }

  protected send(
    path: string,
    body: Record<string, unknown>,
    fact: FactKind,
    ms: number,
    idempotencyKey: string,
    method: 'POST' | 'PUT' = 'POST',
  ): string {
    return this.story.requests.send(this.service, path, body, fact, ms, idempotencyKey, method);
  }

  /** The child as a sector names them: the personal id and the municipality. */
  protected person() {
    return { personalId: this.story.child.personalId, municipality: this.municipality };
  }

  protected addCase(
    rule: DemoRuleId,
    variant: Variant,
    trigger: string,
    resolution: string | undefined,
    primary: boolean,
  ) {
    this.story.addCase(rule, variant, trigger, resolution, primary);
  }
}
