import { isoDate, osloTime, type Day } from '../calendar';
import { facilitiesOf } from '../names';
import { SectorStory } from './child-story';
import { YEAR } from './clock';
import type { Variant } from './types';

interface AdmissionPlan {
  discharge: Day;
  kind: 'inpatient' | 'day' | 'emergency';
  followUpNeeded: boolean;
  summary: 'in-time' | 'late' | 'none';
  followUp: 'in-time' | 'late' | 'none';
}

/** A treatment duty the case needs: the deadline, and when treatment starts (none: not yet). */
interface TreatmentPlan {
  deadlineAfter: number;
  startAfter?: number;
}

/**
 * What the hospital sends about a child: stays with their discharge summaries and follow-ups,
 * referrals with their assessments and treatment starts.
 */
export class HealthStory extends SectorStory {
  protected readonly service = 'health';

  /** Follow-up within 7 days of an inpatient discharge. */
  dischargeFollowUpCase(
    variant: Variant,
    assigned: Day | undefined,
    { primary }: { primary: boolean },
  ) {
    const { today } = this;
    const discharge =
      variant === 'open'
        ? today - this.random.int(9, 40)
        : variant === 'in-time'
          ? today - this.random.int(8, 340)
          : today - this.random.int(30, 340);
    // A child with a coordinator needs follow-up after any inpatient stay, asked for or not.
    const byCoordinator =
      assigned !== undefined && discharge > assigned + 1 && this.random.chance(0.4);
    const { discharge: trigger, followUp } = this.admission({
      discharge,
      kind: 'inpatient',
      followUpNeeded: !byCoordinator,
      summary: 'in-time',
      followUp: variant === 'open' ? 'none' : variant,
    });
    this.addCase('health.discharge-follow-up', variant, trigger, followUp, primary);
  }

  /** The discharge summary within 7 days of a discharge. */
  dischargeSummaryCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this;
    const discharge =
      variant === 'open'
        ? today - this.random.int(9, 35)
        : variant === 'in-time'
          ? today - this.random.int(5, 340)
          : today - this.random.int(35, 340);
    const { discharge: trigger, summary } = this.admission({
      discharge,
      kind: this.random.pick(['day', 'emergency'] as const),
      followUpNeeded: false,
      summary: variant === 'open' ? 'none' : variant,
      followUp: 'none',
    });
    this.addCase('health.discharge-summary', variant, trigger, summary, primary);
  }

  /** A referral assessed within 10 working days. */
  referralAssessmentCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this;
    if (variant === 'open') {
      const { receipt } = this.referral(today - this.random.int(21, 70), undefined);
      this.addCase('health.referral-assessment', variant, receipt, undefined, primary);
    } else if (variant === 'in-time') {
      const { receipt, assessment } = this.referral(
        today - this.random.int(8, 340),
        this.random.int(1, 7),
      );
      this.addCase('health.referral-assessment', variant, receipt, assessment, primary);
    } else {
      const { receipt, assessment } = this.referral(
        today - this.random.int(50, 340),
        this.random.int(25, 45),
      );
      this.addCase('health.referral-assessment', variant, receipt, assessment, primary);
    }
  }

  /** Treatment started by the deadline the assessment set. */
  treatmentDeadlineCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this;
    const assessAfter = this.random.int(1, 7);
    let result;
    if (variant === 'open') {
      result = this.referral(today - this.random.int(60, 250), assessAfter, {
        deadlineAfter: this.random.int(14, 45),
      });
    } else if (variant === 'in-time') {
      const received = today - this.random.int(40, 340);
      const deadlineAfter = this.random.int(14, 60);
      const lastStart = Math.min(deadlineAfter - 1, today - 1 - (received + assessAfter));
      result = this.referral(received, assessAfter, {
        deadlineAfter,
        startAfter: this.random.int(1, Math.max(1, lastStart)),
      });
    } else {
      const deadlineAfter = this.random.int(14, 30);
      result = this.referral(today - this.random.int(70, 340), assessAfter, {
        deadlineAfter,
        startAfter: deadlineAfter + this.random.int(3, 30),
      });
    }
    this.addCase(
      'health.treatment-deadline',
      variant,
      result.assessment as string,
      result.start,
      primary,
    );
  }

  /** A hospital stay or a referral that went as it should. */
  ordinaryCare() {
    const { today } = this;
    if (this.random.chance(0.25)) {
      const kind = this.random.weighted({ emergency: 45, day: 30, inpatient: 25 });
      this.admission({
        discharge: today - this.random.int(3, 350),
        kind,
        followUpNeeded: kind === 'inpatient' && this.random.chance(0.6),
        summary: 'in-time',
        followUp: kind === 'inpatient' ? 'in-time' : 'none',
      });
    }
    if (this.random.chance(0.12))
      this.referral(today - this.random.int(10, 340), this.random.int(1, 7));
  }

  /** A referral, its assessment after `assessAfter` days (none: not yet), and what follows. */
  referral(received: Day, assessAfter: number | undefined, treatment?: TreatmentPlan) {
    const { today } = this;
    const referralId = this.nextId('ref');
    const receivedMs = this.timeOn(received);
    const receipt = this.send(
      '/v1/referrals',
      {
        referralId,
        ...this.person(),
        service: this.random.weighted({ bup: 45, habilitation: 20, paediatrics: 25, other: 10 }),
        receivedAt: osloTime(receivedMs),
      },
      'referral',
      receivedMs,
      referralId,
    );
    if (assessAfter === undefined) return { receipt };
    const assessedDay = Math.min(received + assessAfter, today - 1);
    const assessedMs = this.timeOn(assessedDay, receivedMs);
    // Without a designed treatment duty: accepted with a deadline that is met (or still ahead), or rejected.
    const plan: TreatmentPlan | undefined =
      treatment ??
      (this.random.chance(0.7)
        ? { deadlineAfter: this.random.int(20, 70), startAfter: undefined }
        : undefined);
    let deadline: Day | undefined;
    if (plan) {
      deadline = assessedDay + plan.deadlineAfter;
      if (!treatment && deadline <= today + 1) {
        // A met deadline: treatment started before it.
        plan.startAfter = this.random.int(1, Math.max(1, deadline - 1 - assessedDay));
      }
    }
    const assessment = this.send(
      `/v1/referrals/${referralId}/assessment`,
      {
        assessedAt: osloTime(assessedMs),
        outcome: plan ? 'accepted' : 'rejected',
        ...(deadline !== undefined ? { treatmentDeadline: isoDate(deadline) } : {}),
      },
      'referral-assessment',
      assessedMs,
      `${referralId}-assessment`,
    );
    let start: string | undefined;
    if (plan?.startAfter !== undefined && assessedDay + plan.startAfter <= today - 1) {
      const ms = this.timeOn(assessedDay + plan.startAfter, assessedMs);
      start = this.send(
        `/v1/referrals/${referralId}/treatment-start`,
        { startedAt: osloTime(ms) },
        'treatment-start',
        ms,
        `${referralId}-treatment`,
      );
    }
    return { receipt, assessment, start, deadline };
  }

  /** A stay: the admission, the discharge, and the summary and follow-up as planned. */
  private admission(plan: AdmissionPlan) {
    const { today } = this;
    const admissionId = this.nextId('adm');
    const stay = plan.kind === 'inpatient' ? this.random.int(1, 12) : 0;
    const admittedMs = this.timeOn(Math.max(plan.discharge - stay, today - YEAR));
    this.send(
      '/v1/admissions',
      {
        admissionId,
        ...this.person(),
        facility: this.random.pick(facilitiesOf(this.municipality)),
        kind: plan.kind,
        admittedAt: osloTime(admittedMs),
      },
      'admission',
      admittedMs,
      admissionId,
    );
    const dischargedMs = this.timeOn(plan.discharge, admittedMs);
    const discharge = this.send(
      `/v1/admissions/${admissionId}/discharge`,
      {
        dischargedAt: osloTime(dischargedMs),
        followUpNeeded: plan.followUpNeeded,
        destination: this.random.weighted({ home: 90, institution: 6, other: 4 }),
      },
      'discharge',
      dischargedMs,
      `${admissionId}-discharge`,
    );
    const summary = this.dischargeSummary(admissionId, plan, dischargedMs);
    const followUp = this.followUp(admissionId, plan, dischargedMs);
    return { discharge, summary, followUp };
  }

  private dischargeSummary(
    admissionId: string,
    plan: AdmissionPlan,
    dischargedMs: number,
  ): string | undefined {
    const day =
      plan.summary === 'in-time'
        ? Math.min(plan.discharge + this.random.int(0, 3), this.today - 1)
        : plan.summary === 'late'
          ? this.dayBetween(plan.discharge + 9, plan.discharge + 30)
          : undefined;
    if (day === undefined) return undefined;
    const ms = this.timeOn(day, dischargedMs);
    return this.send(
      `/v1/admissions/${admissionId}/discharge-summary`,
      { sentAt: osloTime(ms) },
      'discharge-summary',
      ms,
      `${admissionId}-summary`,
    );
  }

  private followUp(
    admissionId: string,
    plan: AdmissionPlan,
    dischargedMs: number,
  ): string | undefined {
    const day =
      plan.followUp === 'in-time'
        ? Math.min(plan.discharge + this.random.int(1, 5), this.today - 1)
        : plan.followUp === 'late'
          ? this.dayBetween(plan.discharge + 9, plan.discharge + 25)
          : undefined;
    if (day === undefined) return undefined;
    const followUpId = this.nextId('fu');
    const ms = this.timeOn(day, dischargedMs);
    return this.send(
      '/v1/follow-ups',
      {
        followUpId,
        ...this.person(),
        kind: this.random.weighted({
          'health-nurse': 40,
          'home-visit': 25,
          gp: 25,
          habilitation: 10,
        }),
        occurredAt: osloTime(ms),
        admissionId,
      },
      'follow-up',
      ms,
      followUpId,
    );
  }
}
