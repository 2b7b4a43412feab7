import { compareStamps, type AbsenceFact, type ChildFacts } from '../child-facts';
import { addDays, addWorkingDays, endOfOsloDay, osloDate, type IsoDate } from '../calendar';
import { judgeAll, type Deadline } from '../deadline';
import type { GapRule } from '../rule';

type Settings = {
  /** The rolling window, in school days, ending on the day of the absence. */
  windowSchoolDays: number;
  /** Share of the window's school days absent that calls for follow-up... */
  share: number;
  /** ...but never fewer absent days than this. */
  minDays: number;
  /** Consecutive full school days absent that call for follow-up. */
  consecutiveDays: number;
  /** The follow-up meeting is due this many days after the threshold is reached. */
  meetingWithinDays: number;
};

/**
 * Absence reaching the threshold needs an absence follow-up meeting within 10 days.
 *
 * The threshold is reached on a day D when, counting only absence not yet followed up, either
 * the last 20 school days up to D hold at least max(2, 10% of 20) absent days (full or partial),
 * or D ends a run of 5 consecutive school days absent for the full day. School days are Norwegian
 * working days (the school's own holidays are not known here). The gap's clock starts when day D
 * is over. An absence follow-up meeting on or after D resolves it; any absence follow-up meeting
 * also starts the count afresh, so absence the school has already met about never counts twice,
 * and while a gap is open further absence adds no second gap.
 */
export const absenceFollowUp: GapRule<'school.absence-follow-up', Settings> = {
  id: 'school.absence-follow-up',
  version: 1,
  owner: 'school',
  legalBasis: 'opplæringslova 2023 (duty to follow up all absence; no statutory number)',
  defaults: {
    windowSchoolDays: 20,
    share: 0.1,
    minDays: 2,
    consecutiveDays: 5,
    meetingWithinDays: 10,
  },
  evaluate(facts, now, settings) {
    const days = Object.keys(facts.absences).sort();
    const meetings = Object.values(facts.schoolMeetings)
      .filter((m) => m.kind === 'absence-follow-up')
      .sort(compareStamps)
      .map((m) => ({ ...m, date: osloDate(new Date(m.at)) }));

    const deadlines: Deadline[] = [];
    let followedUpUntil: IsoDate | undefined; // absence on or before this date has been met about
    let next = 0; // the first meeting not yet used
    for (const day of days) {
      while (next < meetings.length && meetings[next].date <= day) {
        followedUpUntil = meetings[next].date;
        next += 1;
      }
      if (followedUpUntil !== undefined && day <= followedUpUntil) continue;

      const counted = thresholdReached(facts.absences, day, followedUpUntil, settings);
      if (!counted) continue;

      const triggeredAt = endOfOsloDay(day);
      const meeting = meetings[next];
      deadlines.push({
        trigger: day,
        evidence: counted.map((d) => facts.absences[d].eventId),
        triggeredAt,
        dueAt: addDays(triggeredAt, settings.meetingWithinDays),
        escalatesAt: addDays(triggeredAt, 2 * settings.meetingWithinDays),
        resolution: meeting ? { at: new Date(meeting.at), eventId: meeting.eventId } : undefined,
        detail: { absentDays: counted.length },
      });
      if (!meeting) break; // the open gap covers all absence after it
      followedUpUntil = meeting.date;
      next += 1;
    }
    return judgeAll(absenceFollowUp, deadlines, now);
  },
};

/** The absent days (sorted) that reach the threshold on `day`, or undefined. */
function thresholdReached(
  absences: ChildFacts['absences'],
  day: IsoDate,
  followedUpUntil: IsoDate | undefined,
  settings: Settings,
): IsoDate[] | undefined {
  const counts = (date: IsoDate) =>
    Object.hasOwn(absences, date) && (followedUpUntil === undefined || date > followedUpUntil);

  const windowStart = addWorkingDays(day, -(settings.windowSchoolDays - 1));
  const inWindow = Object.keys(absences)
    .filter((d) => d >= windowStart && d <= day && counts(d))
    .sort();
  const required = Math.max(
    settings.minDays,
    Math.ceil(settings.share * settings.windowSchoolDays),
  );
  if (inWindow.length >= required) return inWindow;

  const run: IsoDate[] = [];
  const isFullDay = (d: IsoDate) => counts(d) && (absences[d] as AbsenceFact).scope === 'full-day';
  for (let d = day; isFullDay(d); d = addWorkingDays(d, -1)) run.unshift(d);
  return run.length >= settings.consecutiveDays ? run : undefined;
}
