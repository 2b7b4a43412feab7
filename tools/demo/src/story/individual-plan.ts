import { DAY_MS, osloTime, type Day } from '../calendar';
import { SectorStory } from './child-story';
import { CHILD_REF, type DemoRuleId, type Variant } from './types';

/**
 * The coordinator's individual plan for a child: established, revised before (in time) or after
 * (late) each review date, or left past it (open); and the responsibility group meeting every
 * 60 to 110 days after it, with one wait over 120 days (late), or none for the last 125 days
 * (open).
 */
export class IndividualPlanStory extends SectorStory {
  protected readonly service = 'coordination';

  /** The plan established on `established`, after the coordinator's assignment at `assignedMs`. */
  individualPlan(
    established: Day,
    assignedMs: number,
    reviewVariant: Variant,
    meetingVariant: Variant,
    designed: DemoRuleId,
  ) {
    const establishedMs = this.timeOn(established, assignedMs);
    const plan = this.reviews(established, establishedMs, reviewVariant, designed);
    this.responsibilityGroup(established, establishedMs, plan, meetingVariant, designed);
  }

  /** Establishes the plan and revises it; returns the plan's idempotency key. */
  private reviews(
    established: Day,
    establishedMs: number,
    wanted: Variant,
    designed: DemoRuleId,
  ): string {
    const { today } = this;
    const reviewLength = (from: Day, max: number) =>
      this.random.int(90, Math.max(90, Math.min(180, max - from)));
    // Open and late need the first review date to have passed (by 5 days at least).
    const variant: Variant =
      wanted !== 'in-time' && established + 90 > today - 6 ? 'in-time' : wanted;
    // A designed case needs its first review date passed, so that there is something to judge.
    const mustPass = variant !== 'in-time' || designed === 'coordination.plan-review';
    let due = mustPass
      ? established + reviewLength(established, today - 6)
      : established + this.random.int(90, 180);
    const plan = this.send(
      `/v1/children/${CHILD_REF}/individual-plan`,
      { establishedAt: osloTime(establishedMs), reviewDueAt: osloTime(this.timeOn(due)) },
      'plan',
      establishedMs,
      this.nextId('ip'),
    );
    let lastMs = establishedMs;
    const revise = (day: Day) => {
      lastMs = this.timeOn(day, lastMs);
      due = day + this.random.int(90, 180);
      return this.send(
        `/v1/children/${CHILD_REF}/individual-plan/revisions`,
        { revisedAt: osloTime(lastMs), reviewDueAt: osloTime(this.timeOn(due)) },
        'plan-revision',
        lastMs,
        this.nextId('ip-revision'),
      );
    };
    let firstRevision: string | undefined;
    if (variant === 'late') firstRevision = revise(this.dayBetween(due + 5, due + 40));
    if (variant !== 'open') {
      while (due <= today - 1) {
        const revision = revise(
          Math.max(due - this.random.int(1, 20), Math.floor(lastMs / DAY_MS) + 1),
        );
        firstRevision ??= revision;
      }
    }
    if (firstRevision || variant === 'open') {
      const primary = designed === 'coordination.plan-review';
      this.addCase('coordination.plan-review', variant, plan, firstRevision, primary);
    }
    return plan;
  }

  private responsibilityGroup(
    established: Day,
    establishedMs: number,
    plan: string,
    wanted: Variant,
    designed: DemoRuleId,
  ) {
    const { today } = this;
    let variant: Variant = wanted;
    if (variant === 'open' && established > today - 125) variant = 'in-time';
    if (variant === 'late' && established + 130 > today - 1) variant = 'in-time';
    const meetings: string[] = [];
    let meetingMs = establishedMs;
    const meet = (day: Day) => {
      meetingMs = this.timeOn(day, meetingMs);
      meetings.push(
        this.send(
          `/v1/children/${CHILD_REF}/responsibility-group-meetings`,
          { heldAt: osloTime(meetingMs) },
          'responsibility-group-meeting',
          meetingMs,
          this.nextId('ansvarsgruppe'),
        ),
      );
    };
    let next =
      established +
      (variant === 'late'
        ? this.random.int(130, Math.max(130, Math.min(170, today - 1 - established)))
        : this.random.int(30, 110));
    const stopBy = variant === 'open' ? today - 125 : today - 1;
    while (next <= stopBy) {
      meet(next);
      next += this.random.int(60, 110);
    }
    const primary = designed === 'coordination.responsibility-group';
    if (variant === 'open') {
      const since = meetings.at(-1) ?? plan;
      this.addCase('coordination.responsibility-group', variant, since, undefined, primary);
    } else if (meetings.length > 0) {
      this.addCase('coordination.responsibility-group', variant, plan, meetings[0], primary);
    }
  }
}
