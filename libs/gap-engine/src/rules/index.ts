import { investigation } from './childwelfare-investigation';
import { measureEvaluation } from './childwelfare-measure-evaluation';
import { reportReview } from './childwelfare-report-review';
import { coordinatorRequest } from './coordination-coordinator-request';
import { multiSector } from './coordination-multi-sector';
import { planReview } from './coordination-plan-review';
import { responsibilityGroup } from './coordination-responsibility-group';
import { transition } from './coordination-transition';
import { dischargeFollowUp } from './health-discharge-follow-up';
import { dischargeSummary } from './health-discharge-summary';
import { referralAssessment } from './health-referral-assessment';
import { treatmentDeadline } from './health-treatment-deadline';
import { absenceFollowUp } from './school-absence-follow-up';
import { expertAssessment } from './school-expert-assessment';

/**
 * Every rule of DOMAIN.md's table, in its order. A new rule is its file, its spec and its line
 * here (with its import): the rule ids and the thresholds with their defaults follow from it.
 */
export const gapRules = [
  dischargeFollowUp,
  dischargeSummary,
  referralAssessment,
  treatmentDeadline,
  absenceFollowUp,
  expertAssessment,
  reportReview,
  investigation,
  measureEvaluation,
  coordinatorRequest,
  multiSector,
  planReview,
  responsibilityGroup,
  transition,
] as const;

export type RuleId = (typeof gapRules)[number]['id'];

/** The rule ids, in the table's order. */
export const RULE_IDS: readonly RuleId[] = gapRules.map((rule) => rule.id);
