import { DAY_MS, osloTime, type Day } from '../calendar';
import { CONCERN_REPORTERS, EXTENSION_REASONS, MEASURE_KINDS } from '../names';
import { SectorStory } from './child-story';
import type { Variant } from './types';

interface ReviewedReport {
  reportId: string;
  receipt: string;
  review?: string;
  /** When the report was reviewed (or received, when it is not yet reviewed). */
  reviewedMs: number;
}

/** How an investigation goes: extended after so many days, concluded after so many (none: not yet). */
interface InvestigationPlan {
  extendAfter?: number;
  concludeAfter?: number;
}

/**
 * What the child welfare service sends about a child: concern reports and their review,
 * investigations (extended, concluded), support measures and their evaluations.
 */
export class ChildWelfareStory extends SectorStory {
  protected readonly service = 'child-welfare';

  /** A concern report reviewed within 7 days. */
  reportReviewCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this;
    if (variant === 'open') {
      const { receipt } = this.concernReport(today - this.random.int(8, 30), undefined, 'dismiss');
      this.addCase('childwelfare.report-review', variant, receipt, undefined, primary);
      return;
    }
    const received =
      variant === 'in-time' ? today - this.random.int(8, 340) : today - this.random.int(32, 340);
    const reviewAfter = variant === 'in-time' ? this.random.int(1, 6) : this.random.int(9, 30);
    const investigate = received <= today - 120 && this.random.chance(0.3);
    const report = this.concernReport(
      received,
      reviewAfter,
      investigate ? 'investigate' : 'dismiss',
    );
    this.addCase('childwelfare.report-review', variant, report.receipt, report.review, primary);
    if (investigate) {
      // The investigation that followed, concluded in time.
      const started = this.timeOn(
        received + reviewAfter + this.random.int(0, 3),
        report.reviewedMs,
      );
      this.investigation(report.reportId, started, { concludeAfter: this.random.int(25, 80) });
    }
  }

  /** An investigation concluded within 3 months, or 6 when it was extended. */
  investigationCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this;
    const extended =
      variant === 'late' ? false : this.random.chance(variant === 'open' ? 0.4 : 0.3);
    const startDay =
      variant === 'open'
        ? extended
          ? today - this.random.int(200, 330)
          : today - this.random.int(100, 250)
        : variant === 'in-time'
          ? extended
            ? today - this.random.int(175, 330)
            : today - this.random.int(40, 330)
          : today - this.random.int(110, 330);
    const received = startDay - this.random.int(4, 10);
    const report = this.concernReport(received, this.random.int(1, 4), 'investigate');
    const startedMs = this.timeOn(startDay, report.reviewedMs);
    const room = today - 1 - startDay;
    const plan: InvestigationPlan =
      variant === 'open'
        ? extended
          ? { extendAfter: this.random.int(50, 85) }
          : {}
        : variant === 'in-time'
          ? extended
            ? {
                extendAfter: this.random.int(50, 80),
                concludeAfter: this.random.int(100, Math.min(170, room)),
              }
            : { concludeAfter: this.random.int(Math.min(25, room), Math.min(85, room)) }
          : { concludeAfter: this.random.int(97, Math.min(160, room)) };
    const { start, conclusion } = this.investigation(report.reportId, startedMs, plan);
    this.addCase('childwelfare.investigation', variant, start, conclusion, primary);
  }

  /** A support measure evaluated every 3 months. */
  measureCase(variant: Variant, { primary }: { primary: boolean }) {
    const { today } = this;
    const decided =
      variant === 'open'
        ? today - this.random.int(100, 330)
        : variant === 'in-time'
          ? today - this.random.int(100, 330)
          : today - this.random.int(110, 330);
    // How the measure came about, when that fits within the year: a report, an investigation.
    const concludedMs = decided >= today - 272 ? this.investigationBefore(decided) : undefined;
    const { decision, evaluations } = this.measure(decided, variant, concludedMs);
    // Open: the period without an evaluation began with the last one (or the decision).
    if (variant === 'open')
      this.addCase(
        'childwelfare.measure-evaluation',
        variant,
        evaluations.at(-1) ?? decision,
        undefined,
        primary,
      );
    else
      this.addCase('childwelfare.measure-evaluation', variant, decision, evaluations[0], primary);
  }

  /** A concern report about the child that was looked into and dismissed. */
  ordinaryReport() {
    if (this.random.chance(0.08))
      this.concernReport(this.today - this.random.int(8, 340), this.random.int(1, 6), 'dismiss');
  }

  /** A concern report, and its review after `reviewAfter` days (none: not yet). */
  private concernReport(
    received: Day,
    reviewAfter: number | undefined,
    decision: 'investigate' | 'dismiss',
  ): ReviewedReport {
    const reportId = this.nextId('bm');
    const receivedMs = this.timeOn(received);
    const receipt = this.send(
      '/v1/concern-reports',
      {
        reportId,
        ...this.person(),
        receivedAt: osloTime(receivedMs),
        reporter: this.random.pick(CONCERN_REPORTERS),
      },
      'concern-report',
      receivedMs,
      reportId,
    );
    if (reviewAfter === undefined) return { reportId, receipt, reviewedMs: receivedMs };
    const reviewedMs = this.timeOn(Math.min(received + reviewAfter, this.today - 1), receivedMs);
    const review = this.send(
      `/v1/concern-reports/${reportId}/review`,
      { reviewedAt: osloTime(reviewedMs), decision },
      'concern-report-review',
      reviewedMs,
      `${reportId}-review`,
    );
    return { reportId, receipt, review, reviewedMs };
  }

  /** An investigation of a reviewed report, maybe extended, maybe concluded; measures may follow. */
  private investigation(reportId: string, startedMs: number, plan: InvestigationPlan) {
    const { today } = this;
    const investigationId = this.nextId('us');
    const start = this.send(
      '/v1/investigations',
      { investigationId, reportId, startedAt: osloTime(startedMs) },
      'investigation',
      startedMs,
      investigationId,
    );
    const startDay = Math.floor(startedMs / DAY_MS);
    let lastMs = startedMs;
    if (plan.extendAfter !== undefined) {
      lastMs = this.timeOn(startDay + plan.extendAfter, startedMs);
      this.send(
        `/v1/investigations/${investigationId}/extension`,
        { extendedAt: osloTime(lastMs), reason: this.random.pick(EXTENSION_REASONS) },
        'investigation-extension',
        lastMs,
        `${investigationId}-extension`,
      );
    }
    let conclusion: string | undefined;
    if (plan.concludeAfter !== undefined && startDay + plan.concludeAfter <= today - 1) {
      const concludedDay = startDay + plan.concludeAfter;
      const ms = this.timeOn(concludedDay, lastMs);
      const outcome = this.random.chance(0.6) ? 'measures' : 'closed';
      conclusion = this.send(
        `/v1/investigations/${investigationId}/conclusion`,
        { concludedAt: osloTime(ms), outcome },
        'investigation-conclusion',
        ms,
        `${investigationId}-conclusion`,
      );
      const decided = concludedDay + this.random.int(2, 14);
      if (outcome === 'measures' && decided <= today - 1) this.measure(decided, 'in-time', ms);
    }
    return { start, conclusion };
  }

  /**
   * The report and the investigation that led to a measure decided on `decided`, concluded with
   * measures a few days before it; returns when it was concluded.
   */
  private investigationBefore(decided: Day): number {
    const concluded = decided - this.random.int(2, 10);
    const started = concluded - this.random.int(25, 75);
    const report = this.concernReport(
      started - this.random.int(3, 8),
      this.random.int(1, 5),
      'investigate',
    );
    const investigationId = this.nextId('us');
    const startedMs = this.timeOn(started, report.reviewedMs);
    this.send(
      '/v1/investigations',
      { investigationId, reportId: report.reportId, startedAt: osloTime(startedMs) },
      'investigation',
      startedMs,
      investigationId,
    );
    const concludedMs = this.timeOn(concluded, startedMs);
    this.send(
      `/v1/investigations/${investigationId}/conclusion`,
      { concludedAt: osloTime(concludedMs), outcome: 'measures' },
      'investigation-conclusion',
      concludedMs,
      `${investigationId}-conclusion`,
    );
    return concludedMs;
  }

  /**
   * A support measure and its evaluations: every 50 to 85 days (in time), with one long wait
   * first (late), or none for the last 3 months and more (open).
   */
  private measure(decided: Day, variant: Variant, notBefore?: number) {
    const { today } = this;
    const measureId = this.nextId('tiltak');
    const decidedMs = this.timeOn(decided, notBefore);
    const decision = this.send(
      '/v1/measures',
      {
        measureId,
        ...this.person(),
        kind: this.random.pick(MEASURE_KINDS),
        decidedAt: osloTime(decidedMs),
      },
      'measure',
      decidedMs,
      measureId,
    );
    const evaluations: string[] = [];
    let lastMs = decidedMs;
    const evaluate = (day: Day) => {
      lastMs = this.timeOn(day, lastMs);
      evaluations.push(
        this.send(
          `/v1/measures/${measureId}/evaluation`,
          { evaluatedAt: osloTime(lastMs) },
          'measure-evaluation',
          lastMs,
          `${measureId}-evaluation-${evaluations.length + 1}`,
        ),
      );
    };
    let day = decided;
    if (variant === 'late') {
      day += this.random.int(100, Math.max(100, Math.min(140, today - 1 - decided)));
      evaluate(day);
    }
    const stopBy = variant === 'open' ? today - 100 : today - 1;
    for (let next = day + this.random.int(50, 85); next <= stopBy; next += this.random.int(50, 85))
      evaluate(next);
    return { decision, evaluations };
  }
}
