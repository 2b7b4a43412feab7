import type { GapRule } from '../rule';
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

export {
  absenceFollowUp,
  coordinatorRequest,
  dischargeFollowUp,
  dischargeSummary,
  expertAssessment,
  investigation,
  measureEvaluation,
  multiSector,
  planReview,
  referralAssessment,
  reportReview,
  responsibilityGroup,
  transition,
  treatmentDeadline,
};
export { transitionsOf, type TransitionKind } from './coordination-transition';

/** Every rule of DOMAIN.md's table, in its order. */
export const gapRules: readonly GapRule[] = [
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
];
