import { Random } from '../random';
import { castChild, type Transition } from './cast';
import { ChildStory } from './child-story';
import { ChildWelfareStory } from './child-welfare';
import { CoordinationStory, planCoordinator } from './coordination';
import { HealthStory } from './health';
import { SchoolStory } from './school';
import type { DemoRuleId, StoryContext, Variant } from './types';

/**
 * Child `number`'s story: who they are, their designed case, a few more cases (mostly met in
 * time), ordinary life at school and in health care, and the coordinating unit's side. Every
 * draw comes from the child's own seeded generator, in this order, so that the first children
 * of a seed are the same however many are made.
 */
export function tellChildStory(
  context: StoryContext,
  number: number,
  designed: [DemoRuleId, Variant],
  usedIds: Set<string>,
): ChildStory {
  const random = new Random(`${context.seed}/child/${number}`);
  const { identity, school, transition } = castChild(context, number, designed, random, usedIds);
  const story = new ChildStory(context, identity, random);
  const health = new HealthStory(story);
  const schoolStory = new SchoolStory(story, school);
  const childWelfare = new ChildWelfareStory(story);
  const coordination = new CoordinationStory(story, health, schoolStory);

  let plan = planCoordinator(context, random, designed, transition);
  story.enrolled = plan.enrolled;

  const [rule, variant] = designed;
  const primary = { primary: true };
  switch (rule) {
    case 'health.discharge-follow-up':
      health.dischargeFollowUpCase(variant, plan.assigned, primary);
      break;
    case 'health.discharge-summary':
      health.dischargeSummaryCase(variant, primary);
      break;
    case 'health.referral-assessment':
      health.referralAssessmentCase(variant, primary);
      break;
    case 'health.treatment-deadline':
      health.treatmentDeadlineCase(variant, primary);
      break;
    case 'school.absence-follow-up':
      schoolStory.absenceCase(variant, primary);
      break;
    case 'school.expert-assessment':
      schoolStory.expertAssessmentCase(variant, primary);
      break;
    case 'childwelfare.report-review':
      childWelfare.reportReviewCase(variant, primary);
      break;
    case 'childwelfare.investigation':
      childWelfare.investigationCase(variant, primary);
      break;
    case 'childwelfare.measure-evaluation':
      childWelfare.measureCase(variant, primary);
      break;
    case 'coordination.multi-sector':
      plan = coordination.multiSectorCase(variant, plan);
      break;
    case 'coordination.transition':
      coordination.transitionCase(transition as Transition, primary);
      break;
    case 'coordination.coordinator-request':
    case 'coordination.plan-review':
    case 'coordination.responsibility-group':
      break; // made with the coordination facts below
  }

  if (!plan.quietBeforeAssignment) {
    // More of what happens to children: a few more cases, mostly met in time.
    const extra = () => random.weighted<Variant>({ 'in-time': 70, late: 15, open: 15 });
    const secondary = { primary: false };
    if (random.chance(0.3)) {
      const which = random.pick([
        'discharge-follow-up',
        'discharge-summary',
        'referral-assessment',
        'treatment-deadline',
      ] as const);
      if (which === 'discharge-follow-up')
        health.dischargeFollowUpCase(extra(), plan.assigned, secondary);
      if (which === 'discharge-summary') health.dischargeSummaryCase(extra(), secondary);
      if (which === 'referral-assessment') health.referralAssessmentCase(extra(), secondary);
      if (which === 'treatment-deadline') health.treatmentDeadlineCase(extra(), secondary);
    }
    if (school && random.chance(0.25)) {
      if (rule !== 'school.absence-follow-up' && random.chance(0.5))
        schoolStory.absenceCase(extra(), secondary);
      else schoolStory.expertAssessmentCase(extra(), secondary);
    }
    if (random.chance(0.15)) {
      const which = random.pick(['report-review', 'investigation', 'measure-evaluation'] as const);
      if (which === 'report-review') childWelfare.reportReviewCase(extra(), secondary);
      if (which === 'investigation') childWelfare.investigationCase(extra(), secondary);
      if (which === 'measure-evaluation') childWelfare.measureCase(extra(), secondary);
    }
    health.ordinaryCare();
    childWelfare.ordinaryReport();
  }
  schoolStory.ordinarySchool();

  if (story.enrolled) coordination.coordinatorAndPlan(plan, designed);
  return story;
}
