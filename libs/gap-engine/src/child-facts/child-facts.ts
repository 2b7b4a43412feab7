import type {
  ABSENCE_SCOPES,
  ADMISSION_KINDS,
  CONSENT_GIVERS,
  ConsentSector,
  DISCHARGE_DESTINATIONS,
  ENROLMENT_STAGES,
  FOLLOW_UP_KINDS,
  INVESTIGATION_OUTCOMES,
  MEETING_KINDS,
  REFERRAL_OUTCOMES,
  REFERRAL_SERVICES,
  REVIEW_DECISIONS,
} from '@samvirke/contracts';
import type { IsoDate } from '../calendar';

/**
 * One child's facts, as the gap rules need them. Built by `evolveChildFacts` from events of every
 * sector, in any order: every part is keyed by an id or a date, lists are sorted by
 * (time, event id), and a slot that two events could fill keeps a fixed winner. So any
 * permutation of the same events gives the same (deep-equal, and JSON-identical) facts.
 */

/** An instant, normalised to ISO 8601 UTC with milliseconds (`2026-03-02T07:15:00.000Z`). */
export type Instant = string;
export type { IsoDate };

/** When a fact happened, and which event says so. */
export interface Stamp {
  at: Instant;
  eventId: string;
}

/** The sectors whose involvement the multi-sector rule matches (consent's spelling). */
export type ActiveSector = ConsentSector;

export interface AdmissionFacts {
  admitted?: Stamp & { kind: (typeof ADMISSION_KINDS)[number] };
  discharged?: Stamp & {
    followUpNeeded: boolean;
    destination: (typeof DISCHARGE_DESTINATIONS)[number];
  };
  summarySent?: Stamp;
}

export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export interface FollowUpFact extends Stamp {
  kind: FollowUpKind;
  admissionId?: string;
}

export interface ReferralFacts {
  received?: Stamp & { service: (typeof REFERRAL_SERVICES)[number] };
  assessed?: Stamp & { outcome: (typeof REFERRAL_OUTCOMES)[number]; treatmentDeadline?: IsoDate };
  treatmentStarted?: Stamp;
}

export interface AbsenceFact {
  eventId: string;
  scope: (typeof ABSENCE_SCOPES)[number];
  hours?: number;
  documented: boolean;
}

export type SchoolMeetingKind = (typeof MEETING_KINDS)[number];

export interface SchoolMeetingFact extends Stamp {
  kind: SchoolMeetingKind;
}

export interface ExpertAssessmentFacts {
  requested?: Stamp;
  completed?: Stamp & { recommendsSpecialEducation: boolean };
}

export type SchoolStage = (typeof ENROLMENT_STAGES)[number];

export interface EnrolmentFact {
  schoolId: string;
  stage: SchoolStage;
  from: IsoDate;
}

export interface ConcernReportFacts {
  received?: Stamp;
  reviewed?: Stamp & { decision: (typeof REVIEW_DECISIONS)[number] };
}

export interface InvestigationFacts {
  started?: Stamp & { reportId: string };
  extended?: Stamp;
  concluded?: Stamp & { outcome: (typeof INVESTIGATION_OUTCOMES)[number] };
}

export interface MeasureFacts {
  decided?: Stamp;
  /** Sorted by (at, eventId). */
  evaluations: Stamp[];
}

export interface ConsentFacts {
  given?: Stamp & {
    sectors: ConsentSector[];
    givenBy: (typeof CONSENT_GIVERS)[number];
    expiresAt?: Instant;
  };
  withdrawn?: Stamp;
}

export interface PlanVersion extends Stamp {
  kind: 'established' | 'revised';
  reviewDueAt: Instant;
}

export interface SectorActivity extends Stamp {
  sector: ActiveSector;
}

export interface ChildFacts {
  /** The child's pseudonymous reference (the envelopes' subject). */
  childRef?: string;
  /**
   * The municipality of the latest recorded event (`recordedAt`): where the facts say the child
   * lives. It is the child's municipality only while the child is not enrolled (`municipalityOf`).
   */
  municipality?: Stamp & { code: string };
  /** Enrolment in the coordination service (the earliest, if enrolled twice), by the unit of `municipality`. */
  enrolled?: Stamp & { municipality?: string };
  /** Accepted transfers to another municipality, sorted by (at, eventId); absent when none. */
  transfers?: Array<Stamp & { toMunicipality: string }>;
  /** The birth date, when the enrolment carried it in clear. */
  birth?: Stamp & { date: IsoDate };
  admissions: Record<string, AdmissionFacts>;
  followUps: Record<string, FollowUpFact>;
  referrals: Record<string, ReferralFacts>;
  /** By date: one absence per child and school day. */
  absences: Record<IsoDate, AbsenceFact>;
  schoolMeetings: Record<string, SchoolMeetingFact>;
  expertAssessments: Record<string, ExpertAssessmentFacts>;
  /** By event id. */
  enrolments: Record<string, EnrolmentFact>;
  concernReports: Record<string, ConcernReportFacts>;
  investigations: Record<string, InvestigationFacts>;
  measures: Record<string, MeasureFacts>;
  /** Sorted by (at, eventId), as are the lists below. */
  coordinatorRequests: Stamp[];
  coordinatorAssignments: Array<Stamp & { coordinatorId: string }>;
  consents: Record<string, ConsentFacts>;
  plans: PlanVersion[];
  responsibilityGroupMeetings: Stamp[];
  /** Which sectors were involved when: never what they did. */
  sectorActivity: SectorActivity[];
  /** Set once the child is erased; it absorbs every other fact (see evolveChildFacts). */
  erased?: Stamp;
}

export function emptyChildFacts(): ChildFacts {
  return {
    admissions: {},
    followUps: {},
    referrals: {},
    absences: {},
    schoolMeetings: {},
    expertAssessments: {},
    enrolments: {},
    concernReports: {},
    investigations: {},
    measures: {},
    coordinatorRequests: [],
    coordinatorAssignments: [],
    consents: {},
    plans: [],
    responsibilityGroupMeetings: [],
    sectorActivity: [],
  };
}

export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

/** The earliest of two stamps; either may be missing. */
export function earliest<S extends Stamp>(a: S | undefined, b: S | undefined): S | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareStamps(a, b) <= 0 ? a : b;
}

/** The latest of two stamps; either may be missing. */
export function latest<S extends Stamp>(a: S | undefined, b: S | undefined): S | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareStamps(a, b) >= 0 ? a : b;
}

/**
 * The child's municipality. Enrolled: the enrolling unit's, moved only by an accepted transfer, so
 * a sector's fact naming another municipality never moves the child. Not enrolled (facts arrive
 * before enrolment): the municipality the latest recorded fact names.
 */
export function municipalityOf(facts: ChildFacts): string | undefined {
  if (!facts.enrolled) return facts.municipality?.code;
  return (
    facts.transfers?.at(-1)?.toMunicipality ??
    facts.enrolled.municipality ??
    facts.municipality?.code
  );
}

/** The latest accepted transfer, if any: a coordinator and consents from before it have ended. */
export function latestTransfer(facts: ChildFacts): Stamp | undefined {
  return facts.transfers?.at(-1);
}

/** The child's current coordinator (the latest assignment, unless a transfer ended it), if any. */
export function currentCoordinator(facts: ChildFacts): string | undefined {
  const assignment = facts.coordinatorAssignments.at(-1);
  const transfer = latestTransfer(facts);
  if (!assignment || (transfer && compareStamps(assignment, transfer) < 0)) return undefined;
  return assignment.coordinatorId;
}

/** The birth date, when known. */
export function birthDate(facts: ChildFacts): IsoDate | undefined {
  return facts.birth?.date;
}
