import {
  isoDate,
  isSchoolDay,
  nextConsecutiveSchoolDay,
  osloTime,
  schoolDayFrom,
  workingDayFrom,
  type Day,
} from '../calendar';
import type { School } from './cast';
import { SectorStory, type ChildStory } from './child-story';
import { workingDayWithin, YEAR } from './clock';
import type { Variant } from './types';

export type SchoolMeetingKind = 'absence-follow-up' | 'parents' | 'support-team' | 'transition';

/**
 * What the school sends about a pupil: the enrolment, absent days, meetings, and expert
 * assessments asked of the educational-psychological service (PPT).
 */
export class SchoolStory extends SectorStory {
  protected readonly service = 'school';
  private readonly absentDays = new Set<Day>();
  /** Absence is kept apart from these days (a designed streak and its follow-up). */
  private readonly absenceBlocked: Array<[Day, Day]> = [];

  constructor(
    story: ChildStory,
    /** The child's school this year; undefined for a child not yet at school. */
    readonly school: School | undefined,
  ) {
    super(story);
  }

  /**
   * A run of absent school days; the second reaches the threshold (2 of the last 20 school
   * days), and the absence follow-up meeting is due 10 days after that day ends.
   */
  absenceCase(variant: Variant, { primary }: { primary: boolean }) {
    if (!this.school?.wholeYear) return;
    const { today } = this;
    const [earliest, latest] =
      variant === 'open'
        ? [today - 100, today - 20]
        : variant === 'in-time'
          ? [today - 300, today - 20]
          : [today - 300, today - 45];
    const days = this.absentRun(earliest, latest);
    const second = days[1];
    // In time: by the end of the 10th day after the second day (the last absent day included).
    while (variant === 'in-time' && days[days.length - 1] > second + 8) days.pop();
    const triggers = days.map((day, index) =>
      this.absence(
        day,
        index > 0 && index === days.length - 1 && this.random.chance(0.3) ? 'partial' : 'full-day',
        this.random.chance(0.4),
      ),
    );
    const last = days[days.length - 1];
    let meeting: string | undefined;
    let until = Number.POSITIVE_INFINITY;
    if (variant !== 'open') {
      const day =
        variant === 'in-time'
          ? workingDayWithin(this.random.int(last, Math.max(last, second + 8)), last, second + 9)
          : workingDayWithin(this.dayBetween(second + 13, second + 30), second + 13, today - 1);
      meeting = this.meeting(day, 'absence-follow-up');
      until = day;
    }
    this.absenceBlocked.push([days[0] - 40, until + 40]);
    this.addCase('school.absence-follow-up', variant, triggers[1], meeting, primary);
  }

  /** PPT's expert assessment completed within 3 months of the school's request. */
  expertAssessmentCase(variant: Variant, { primary }: { primary: boolean }) {
    if (!this.school) return;
    const { today } = this;
    const requested =
      variant === 'open'
        ? today - this.random.int(100, 300)
        : variant === 'in-time'
          ? today - this.random.int(60, 340)
          : today - this.random.int(130, 340);
    // The support team met about the pupil before the school asked PPT.
    const met = requested - this.random.int(5, 25);
    if (met >= today - YEAR) this.meeting(workingDayFrom(met), 'support-team');
    const assessmentId = this.nextId('ppt');
    const requestedMs = this.timeOn(requested);
    const request = this.send(
      '/v1/expert-assessments',
      { assessmentId, ...this.person(), requestedAt: osloTime(requestedMs) },
      'expert-assessment',
      requestedMs,
      assessmentId,
    );
    let completion: string | undefined;
    if (variant !== 'open') {
      const day =
        variant === 'in-time'
          ? requested + this.random.int(20, Math.min(80, today - 1 - requested))
          : requested + this.random.int(100, Math.min(170, today - 1 - requested));
      const ms = this.timeOn(day, requestedMs);
      completion = this.send(
        `/v1/expert-assessments/${assessmentId}/completion`,
        { completedAt: osloTime(ms), recommendsSpecialEducation: this.random.chance(0.6) },
        'expert-assessment-completion',
        ms,
        `${assessmentId}-completion`,
      );
    }
    this.addCase('school.expert-assessment', variant, request, completion, primary);
  }

  /** Enrolment at school, a sick day now and then, a parents' meeting. */
  ordinarySchool() {
    const { school, today } = this;
    if (!school) return;
    const fromMs = this.timeOn(Math.min(school.from, today - 1));
    this.send(
      '/v1/enrolments',
      {
        ...this.person(),
        schoolId: school.schoolId,
        stage: school.stage,
        from: isoDate(school.from),
      },
      'school-enrolment',
      fromMs,
      `${this.story.child.key}-school-${isoDate(school.from)}`,
    );
    if (!school.wholeYear) return;
    // Single days, far enough apart that two never fall in the same 20 school days.
    const wanted = this.random.int(0, 5);
    for (let tries = 0, placed = 0; placed < wanted && tries < 20; tries++) {
      const day = schoolDayFrom(today - this.random.int(2, YEAR - 5));
      if (day > today - 1 || day < today - YEAR) continue;
      if ([...this.absentDays].some((absent) => Math.abs(absent - day) < 40)) continue;
      if (this.absenceBlocked.some(([from, to]) => day >= from && day <= to)) continue;
      this.absence(day, this.random.chance(0.7) ? 'full-day' : 'partial', this.random.chance(0.6));
      placed += 1;
    }
    if (this.random.chance(0.4))
      this.meeting(schoolDayFrom(today - this.random.int(2, 300)), 'parents');
  }

  /** A meeting the school holds about the pupil. */
  meeting(day: Day, kind: SchoolMeetingKind): string {
    const meetingId = this.nextId('mtg');
    const ms = this.timeOn(day);
    return this.send(
      '/v1/meetings',
      { meetingId, ...this.person(), kind, occurredAt: osloTime(ms) },
      'school-meeting',
      ms,
      meetingId,
    );
  }

  /** Two to five school days in a row, the first between the dates (or one before, at a break). */
  private absentRun(earliest: Day, latest: Day): Day[] {
    const { today } = this;
    let first = schoolDayFrom(this.random.int(earliest, latest));
    if (first > latest) first = schoolDayFrom(earliest);
    const days = [first];
    const length = this.random.int(2, 5);
    while (days.length < length) {
      const next = nextConsecutiveSchoolDay(days[days.length - 1]);
      if (next === undefined || next > today - 14) break;
      days.push(next);
    }
    if (days.length < 2) {
      // A break right after: take the school day before instead.
      let before = first - 1;
      while (!isSchoolDay(before)) before -= 1;
      days.unshift(before);
    }
    return days;
  }

  private absence(day: Day, scope: 'full-day' | 'partial', documented: boolean): string {
    const school = this.school as School;
    const schoolId =
      day < school.from && school.previousSchoolId ? school.previousSchoolId : school.schoolId;
    const ms = this.timeOn(day);
    this.absentDays.add(day);
    return this.send(
      '/v1/absences',
      {
        ...this.person(),
        schoolId,
        date: isoDate(day),
        scope,
        ...(scope === 'partial' ? { hours: this.random.int(1, 4) } : {}),
        documented,
      },
      'absence',
      ms,
      `${this.story.child.key}-absence-${isoDate(day)}`,
    );
  }
}
