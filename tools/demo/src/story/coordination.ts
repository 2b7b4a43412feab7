import { DAY_MS, osloTime, workingDayFrom, type Day } from '../calendar';
import type { Random } from '../random';
import type { Transition } from './cast';
import { SectorStory, type ChildStory } from './child-story';
import { YEAR } from './clock';
import type { HealthStory } from './health';
import { IndividualPlanStory } from './individual-plan';
import type { SchoolStory } from './school';
import { CHILD_REF, type DemoRuleId, type Variant } from './types';

/** How the coordinating unit comes to the child: asked (and answering in time, late or not yet), directly, or never. */
type Approach = 'none' | 'request-open' | 'request-in-time' | 'request-late' | 'direct';

/** When the unit is asked for a coordinator and assigns one; decided before the sectors' facts. */
export interface CoordinatorPlan {
  requested: Day | undefined;
  assigned: Day | undefined;
  coordinatorId: string;
  enrolled: boolean;
  /** The multi-sector in-time case: no other facts, so that no second sector came in before the coordinator. */
  quietBeforeAssignment: boolean;
}

/** The days of the coordinator's request and assignment that the child's designed case needs. */
export function planCoordinator(
  context: { municipality: string; today: Day },
  random: Random,
  [rule, variant]: [DemoRuleId, Variant],
  transition: Transition | undefined,
): CoordinatorPlan {
  const { today } = context;
  const planned = hasDesignedPlan(rule);
  const approach = approachOf(rule, variant, random);
  const coordinatorId = `demo-coord-${context.municipality}-${random.int(1, 6)}`;
  const quietBeforeAssignment = rule === 'coordination.multi-sector' && variant === 'in-time';

  let requested: Day | undefined;
  let assigned: Day | undefined;
  if (planned) {
    assigned = today - (approach === 'request-late' ? random.int(200, 280) : random.int(200, 300));
  } else if (quietBeforeAssignment) {
    assigned = today - random.int(150, 300);
  }
  switch (approach) {
    case 'request-open':
      requested = today - random.int(32, 120);
      break;
    case 'request-in-time':
      if (assigned === undefined) {
        requested = today - random.int(40, 340);
        assigned = requested + random.int(3, 25);
      } else requested = assigned - random.int(3, 25);
      break;
    case 'request-late':
      if (assigned === undefined) {
        requested = today - random.int(80, 340);
        assigned = Math.min(requested + random.int(35, 75), today - 5);
      } else requested = assigned - random.int(35, 60);
      break;
    case 'direct':
      // The multi-sector late case decides its own assignment.
      if (assigned === undefined && rule !== 'coordination.multi-sector')
        assigned = today - random.int(20, 340);
      break;
    case 'none':
      break;
  }
  const enrolled =
    approach !== 'none' || transition !== undefined || rule === 'coordination.multi-sector'
      ? !(rule === 'coordination.multi-sector' && variant === 'open' && random.chance(0.5))
      : random.chance(0.8);
  return { requested, assigned, coordinatorId, enrolled, quietBeforeAssignment };
}

function hasDesignedPlan(rule: DemoRuleId): boolean {
  return rule === 'coordination.plan-review' || rule === 'coordination.responsibility-group';
}

function approachOf(rule: DemoRuleId, variant: Variant, random: Random): Approach {
  if (rule === 'coordination.coordinator-request')
    return variant === 'open'
      ? 'request-open'
      : variant === 'in-time'
        ? 'request-in-time'
        : 'request-late';
  if (rule === 'coordination.multi-sector')
    return variant === 'open' ? 'none' : variant === 'in-time' ? 'request-in-time' : 'direct';
  if (hasDesignedPlan(rule))
    return random.weighted({ 'request-in-time': 5, direct: 3, 'request-late': 2 });
  return random.weighted({
    none: 55,
    'request-in-time': 14,
    direct: 14,
    'request-late': 7,
    'request-open': 10,
  });
}

/**
 * What the coordinating unit and the child's coordinator send: the request for a coordinator,
 * the assignment, the family's consent and the individual plan; and the cases about the child
 * as a whole (two sectors involved, a transition ahead).
 */
export class CoordinationStory extends SectorStory {
  protected readonly service = 'coordination';
  /** A multi-sector case the coordinator's assignment will meet, once it is made. */
  private multiSectorMeeting: { meeting: string; variant: Variant } | undefined;

  constructor(
    story: ChildStory,
    private readonly health: HealthStory,
    private readonly school: SchoolStory,
  ) {
    super(story);
  }

  /**
   * Two sectors involved within 90 days: a referral to specialist health care, then the school's
   * support team meets. Open: no coordinator. Late: the unit assigns one after. In time: the
   * child had a coordinator before the second sector came in. Returns the plan with the
   * assignment (and, late, maybe a request) the case needs.
   */
  multiSectorCase(variant: Variant, plan: CoordinatorPlan): CoordinatorPlan {
    const { today } = this;
    const referred =
      variant === 'open'
        ? today - this.random.int(20, 80)
        : variant === 'late'
          ? today - this.random.int(120, 300)
          : (plan.assigned as Day) + this.random.int(10, 60);
    this.health.referral(referred, this.random.int(1, 6));
    const schoolDay = workingDayFrom(Math.min(referred + this.random.int(5, 40), today - 1));
    const meeting = this.school.meeting(Math.min(schoolDay, today - 1), 'support-team');
    if (variant === 'open') {
      this.addCase('coordination.multi-sector', variant, meeting, undefined, true);
      return { ...plan, assigned: undefined };
    }
    this.multiSectorMeeting = { meeting, variant };
    if (variant === 'in-time') return plan;
    const assigned = Math.min(schoolDay + this.random.int(15, 60), today - 1);
    const requested = this.random.chance(0.5) ? assigned - this.random.int(3, 20) : plan.requested;
    return { ...plan, assigned, requested };
  }

  /** A transition ahead (school start, upper secondary, the 18th birthday) and its meeting, if held. */
  transitionCase(transition: Transition, { primary }: { primary: boolean }) {
    let meeting: string | undefined;
    if (transition.meeting !== undefined)
      meeting = this.school.meeting(transition.meeting, 'transition');
    const trigger = this.story.requests.enrolmentKey;
    this.addCase('coordination.transition', transition.variant, trigger, meeting, primary);
  }

  /** The request and the assignment as planned, the consent, and for some an individual plan. */
  coordinatorAndPlan(plan: CoordinatorPlan, [rule, variant]: [DemoRuleId, Variant]) {
    const { today } = this;
    const { requested, assigned } = plan;
    const requestIsDesigned = rule === 'coordination.coordinator-request';
    let request: string | undefined;
    if (requested !== undefined) {
      request = this.coordinatorRequest(requested);
      if (assigned === undefined)
        this.addCase(
          'coordination.coordinator-request',
          'open',
          request,
          undefined,
          requestIsDesigned,
        );
    }
    if (assigned === undefined) return;

    const { assignment, assignedMs } = this.assignCoordinator(assigned, plan.coordinatorId);
    if (request !== undefined) {
      const answer = assigned - (requested as Day) > 30 ? 'late' : 'in-time';
      this.addCase(
        'coordination.coordinator-request',
        answer,
        request,
        assignment,
        requestIsDesigned,
      );
    }
    if (this.multiSectorMeeting) {
      const { meeting, variant: multiSector } = this.multiSectorMeeting;
      this.addCase('coordination.multi-sector', multiSector, meeting, assignment, true);
    }
    this.consent(assigned, assignedMs);

    const planned = hasDesignedPlan(rule);
    if (planned || (assigned <= today - 60 && this.random.chance(0.5))) {
      const pick = () => this.random.weighted<Variant>({ 'in-time': 60, late: 20, open: 20 });
      const reviewVariant = rule === 'coordination.plan-review' ? variant : pick();
      const meetingVariant = rule === 'coordination.responsibility-group' ? variant : pick();
      const established = planned
        ? assigned + this.random.int(10, 20)
        : assigned + this.random.int(10, 40);
      new IndividualPlanStory(this.story).individualPlan(
        Math.min(established, today - 20),
        assignedMs,
        reviewVariant,
        meetingVariant,
        rule,
      );
    }
  }

  private coordinatorRequest(day: Day): string {
    const ms = this.timeOn(day);
    return this.send(
      `/v1/children/${CHILD_REF}/coordinator-requests`,
      { requestedAt: osloTime(ms) },
      'coordinator-request',
      ms,
      this.nextId('koord-request'),
    );
  }

  private assignCoordinator(day: Day, coordinatorId: string) {
    const assignedMs = this.timeOn(day);
    const assignment = this.send(
      `/v1/children/${CHILD_REF}/coordinator`,
      { coordinatorId, assignedAt: osloTime(assignedMs) },
      'coordinator-assignment',
      assignedMs,
      this.nextId('koord-assigned'),
      'PUT',
    );
    // From here on the coordinator's own commands go out under their name.
    this.story.requests.coordinatorId = coordinatorId;
    return { assignment, assignedMs };
  }

  /** The family's consent to share with the coordinator, soon after the assignment. */
  private consent(assigned: Day, assignedMs: number) {
    const day = Math.min(assigned + this.random.int(1, 14), this.today - 1);
    const ms = this.timeOn(day, assignedMs);
    const sectors = this.random.chance(0.7)
      ? ['health', 'school', 'child-welfare']
      : this.random.pick([
          ['health', 'school'],
          ['school'],
          ['health'],
          ['health', 'child-welfare'],
        ]);
    this.send(
      `/v1/children/${CHILD_REF}/consents`,
      {
        sectors,
        givenBy: this.random.weighted({ parent: 85, child: 15 }),
        givenAt: osloTime(ms),
        ...(this.random.chance(0.3) ? { expiresAt: osloTime(ms + 2 * YEAR * DAY_MS) } : {}),
      },
      'consent',
      ms,
      this.nextId('samtykke'),
    );
  }
}
