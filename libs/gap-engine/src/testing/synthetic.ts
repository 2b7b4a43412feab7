import {
  ADMISSION_KINDS,
  REFERRAL_SERVICES,
  SOURCES,
  TOPICS,
  type EventEnvelope,
} from '@samvirke/contracts';
import { seededRandom } from './events';
import { isWorkingDay, osloDate } from '../calendar';

/**
 * Synthetic history for the projection's tests and benchmark: for each child, a year of facts
 * from every sector, some in time, some late, some never, so every gap rule has work (deadlines
 * met, missed, met late). Deterministic for a seed. Envelopes are built directly (the consumer
 * checks each against the catalog, so a bad one would show as a dead letter).
 */
export interface SyntheticOptions {
  seed: number;
  children: number;
  /** The year's first instant; events happen in the 365 days after it. */
  from?: Date;
  /** No event is recorded after this (the tests' clock). Default: from + 365 days. */
  recordedBefore?: Date;
  /** Topic names (tests use unique ones). */
  topics?: SyntheticTopics;
}

export interface SyntheticTopics {
  health: string;
  school: string;
  childwelfare: string;
  coordination: string;
}

export interface SyntheticEvent {
  topic: string;
  envelope: EventEnvelope;
}

const DAY = 86_400_000;
const MUNICIPALITIES = ['0301', '4601', '5001'];

export function syntheticYear(options: SyntheticOptions): SyntheticEvent[] {
  const out: SyntheticEvent[] = [];
  for (let child = 0; child < options.children; child++)
    out.push(...syntheticChild(options, child));
  return out;
}

/** The same events in the order a live system would have received them: by recordedAt, then id. */
export function inTimeOrder(events: readonly SyntheticEvent[]): SyntheticEvent[] {
  return [...events].sort((a, b) =>
    a.envelope.recordedAt < b.envelope.recordedAt
      ? -1
      : a.envelope.recordedAt > b.envelope.recordedAt
        ? 1
        : a.envelope.id < b.envelope.id
          ? -1
          : 1,
  );
}

export function syntheticChild(options: SyntheticOptions, index: number): SyntheticEvent[] {
  const random = seededRandom(options.seed * 100_003 + index);
  const from = (options.from ?? new Date('2025-01-01T00:00:00Z')).getTime();
  const end = from + 365 * DAY;
  const recordedBefore = (options.recordedBefore ?? new Date(end)).getTime();
  const topics = options.topics ?? TOPICS;
  const childRef = `c1_syn${options.seed}x${index.toString(36).padStart(6, '0')}`;
  const municipality = MUNICIPALITIES[index % MUNICIPALITIES.length];
  const chance = (p: number) => random() < p;
  const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  let serial = 0;
  const events: SyntheticEvent[] = [];

  const at = (ms: number) => new Date(Math.round(ms / 60_000) * 60_000).toISOString();
  /** When the sector service stored it: mostly within the hour, sometimes days late. */
  const recordedFor = (occurred: number) => {
    const delay = chance(0.1) ? between(1, 20) * DAY : between(1, 90) * 60_000;
    return Math.min(occurred + delay, recordedBefore - 60_000);
  };
  const emit = (
    sector: keyof SyntheticTopics,
    type: string,
    occurred: number,
    data: Record<string, unknown>,
  ) => {
    if (occurred >= end || occurred >= recordedBefore - 60_000) return;
    serial += 1;
    const id = idOf(options.seed, index, serial);
    const time = at(occurred);
    events.push({
      topic: topics[sector],
      envelope: {
        id,
        type: `no.samvirke.${sector}.${type}.v1`,
        source: SOURCES[sector],
        subject: childRef,
        time,
        data,
        municipality,
        correlationId: id,
        causationId: id,
        recordedAt: at(Math.max(recordedFor(occurred), occurred)),
        schemaVersion: 1,
      },
    });
  };
  const someday = (lo = 0, hi = 364) => from + between(lo, hi) * DAY + between(7, 17) * 3_600_000;

  // Coordination: enrolment (with the birth date, for the transition rule), coordinator, consent, plan.
  const enrolled = chance(0.7);
  const birthYear = between(2008, 2020);
  const birthDate = `${birthYear}-${String(between(1, 12)).padStart(2, '0')}-${String(between(1, 28)).padStart(2, '0')}`;
  if (enrolled) {
    const enrolledAt = someday(0, 60);
    emit('coordination', 'child-enrolled', enrolledAt, {
      name: `Synthetic child ${index}`,
      birthDate,
      enrolledAt: at(enrolledAt),
    });
    if (chance(0.6)) {
      const requested = enrolledAt + between(1, 30) * DAY;
      emit('coordination', 'coordinator-requested', requested, { requestedAt: at(requested) });
      if (chance(0.8)) {
        const assigned = requested + between(5, 50) * DAY;
        emit('coordination', 'coordinator-assigned', assigned, {
          coordinatorId: `coord-${index % 17}`,
          assignedAt: at(assigned),
        });
      }
    }
    if (chance(0.7)) {
      const givenAt = enrolledAt + between(0, 20) * DAY;
      const consentId = idOf(options.seed, index, 9000);
      emit('coordination', 'consent-given', givenAt, {
        consentId,
        sectors: chance(0.5) ? ['health', 'school'] : ['health', 'school', 'child-welfare'],
        givenBy: 'parent',
        givenAt: at(givenAt),
      });
      if (chance(0.1)) {
        const withdrawnAt = givenAt + between(30, 200) * DAY;
        emit('coordination', 'consent-withdrawn', withdrawnAt, {
          consentId,
          withdrawnAt: at(withdrawnAt),
        });
      }
    }
    if (chance(0.5)) {
      let planAt = enrolledAt + between(10, 60) * DAY;
      let reviewDue = planAt + between(120, 200) * DAY;
      emit('coordination', 'plan-established', planAt, {
        establishedAt: at(planAt),
        reviewDueAt: at(reviewDue),
      });
      if (chance(0.5)) {
        planAt = reviewDue + between(-20, 30) * DAY;
        reviewDue = planAt + 180 * DAY;
        emit('coordination', 'plan-revised', planAt, {
          revisedAt: at(planAt),
          reviewDueAt: at(reviewDue),
        });
      }
      let meeting = enrolledAt + between(20, 80) * DAY;
      while (chance(0.8) && meeting < end) {
        emit('coordination', 'responsibility-group-met', meeting, { heldAt: at(meeting) });
        meeting += between(60, 150) * DAY;
      }
    }
  }

  // Health: stays with discharges, summaries and follow-ups; referrals with assessments and treatment.
  for (let stay = 0, stays = between(0, 3); stay < stays; stay++) {
    const admissionId = `adm-${index}-${stay}`;
    const admitted = someday();
    const kind = ADMISSION_KINDS[between(0, 2)];
    emit('health', 'admission-recorded', admitted, {
      admissionId,
      facility: 'Synthetic hospital',
      kind,
      admittedAt: at(admitted),
    });
    if (chance(0.9)) {
      const discharged = admitted + between(1, 10) * DAY;
      const followUpNeeded = chance(0.6);
      emit('health', 'discharge-recorded', discharged, {
        admissionId,
        dischargedAt: at(discharged),
        followUpNeeded,
        destination: 'home',
      });
      if (chance(0.85)) {
        const sent = discharged + between(0, 12) * DAY;
        emit('health', 'discharge-summary-sent', sent, { admissionId, sentAt: at(sent) });
      }
      if (chance(0.75)) {
        const contact = discharged + between(1, 12) * DAY;
        emit('health', 'follow-up-recorded', contact, {
          followUpId: `fu-${index}-${stay}`,
          kind: (['gp', 'health-nurse', 'home-visit', 'outpatient'] as const)[between(0, 3)],
          occurredAt: at(contact),
          ...(chance(0.5) ? { admissionId } : {}),
        });
      }
    }
  }
  for (let n = 0, referrals = between(0, 2); n < referrals; n++) {
    const referralId = `ref-${index}-${n}`;
    const received = someday();
    emit('health', 'referral-received', received, {
      referralId,
      service: REFERRAL_SERVICES[between(0, 3)],
      receivedAt: at(received),
    });
    if (chance(0.85)) {
      const assessed = received + between(3, 25) * DAY;
      const accepted = chance(0.8);
      const deadline = osloDate(new Date(assessed + between(20, 90) * DAY));
      emit('health', 'referral-assessed', assessed, {
        referralId,
        assessedAt: at(assessed),
        outcome: accepted ? 'accepted' : 'rejected',
        ...(accepted ? { treatmentDeadline: deadline } : {}),
      });
      if (accepted && chance(0.8)) {
        const started = assessed + between(10, 110) * DAY;
        emit('health', 'treatment-started', started, { referralId, startedAt: at(started) });
      }
    }
  }

  // School: enrolment, absence (sometimes a run that calls for follow-up), meetings, PPT.
  const schoolId = `school-${index % 23}`;
  emit('school', 'enrolment-recorded', from + 212 * DAY, {
    schoolId,
    stage: birthYear <= 2012 ? 'lower-secondary' : 'primary',
    from: osloDate(new Date(from + 229 * DAY)),
  });
  const absentDays = new Set<string>();
  for (let spell = 0, spells = between(0, 6); spell < spells; spell++) {
    let day = someday(0, 350);
    for (let length = between(1, 7), taken = 0; taken < length; day += DAY) {
      const date = osloDate(new Date(day));
      if (!isWorkingDay(date)) continue;
      taken++;
      if (absentDays.has(date)) continue;
      absentDays.add(date);
      const full = chance(0.8);
      emit('school', 'absence-recorded', day, {
        schoolId,
        date,
        scope: full ? 'full-day' : 'partial',
        ...(full ? {} : { hours: 2 }),
        documented: chance(0.3),
      });
    }
    if (chance(0.6)) {
      const meeting = day + between(1, 20) * DAY;
      emit('school', 'meeting-held', meeting, {
        meetingId: `mtg-${index}-${spell}`,
        kind: 'absence-follow-up',
        occurredAt: at(meeting),
      });
    }
  }
  if (chance(0.3)) {
    const meeting = someday();
    emit('school', 'meeting-held', meeting, {
      meetingId: `mtg-${index}-p`,
      kind: chance(0.5) ? 'parents' : 'transition',
      occurredAt: at(meeting),
    });
  }
  if (chance(0.25)) {
    const assessmentId = `ppt-${index}`;
    const requested = someday(0, 250);
    emit('school', 'expert-assessment-requested', requested, {
      assessmentId,
      requestedAt: at(requested),
    });
    if (chance(0.7)) {
      const completed = requested + between(30, 150) * DAY;
      emit('school', 'expert-assessment-completed', completed, {
        assessmentId,
        completedAt: at(completed),
        recommendsSpecialEducation: chance(0.5),
      });
    }
  }

  // Child welfare: a concern report for some, its review, an investigation, measures and evaluations.
  if (chance(0.3)) {
    const reportId = `rep-${index}`;
    const received = someday(0, 300);
    emit('childwelfare', 'concern-report-received', received, {
      reportId,
      receivedAt: at(received),
      reporter: (['school', 'health', 'family', 'anonymous'] as const)[between(0, 3)],
    });
    if (chance(0.85)) {
      const reviewed = received + between(1, 12) * DAY;
      const investigate = chance(0.6);
      emit('childwelfare', 'concern-report-reviewed', reviewed, {
        reportId,
        reviewedAt: at(reviewed),
        decision: investigate ? 'investigate' : 'dismiss',
      });
      if (investigate) {
        const investigationId = `inv-${index}`;
        const started = reviewed + between(0, 5) * DAY;
        emit('childwelfare', 'investigation-started', started, {
          investigationId,
          reportId,
          startedAt: at(started),
        });
        if (chance(0.2)) {
          const extended = started + between(60, 100) * DAY;
          emit('childwelfare', 'investigation-extended', extended, {
            investigationId,
            extendedAt: at(extended),
            reason: 'More time needed',
          });
        }
        if (chance(0.7)) {
          const concluded = started + between(50, 200) * DAY;
          const measures = chance(0.5);
          emit('childwelfare', 'investigation-concluded', concluded, {
            investigationId,
            concludedAt: at(concluded),
            outcome: measures ? 'measures' : 'closed',
          });
          if (measures) {
            const measureId = `mea-${index}`;
            let evaluated = concluded + between(1, 14) * DAY;
            emit('childwelfare', 'measure-decided', evaluated, {
              measureId,
              kind: 'Parental guidance',
              decidedAt: at(evaluated),
            });
            while (chance(0.7)) {
              evaluated += between(60, 110) * DAY;
              emit('childwelfare', 'measure-evaluated', evaluated, {
                measureId,
                evaluatedAt: at(evaluated),
              });
            }
          }
        }
      }
    }
  }

  // Some measures are decided without a recorded investigation this year (one from before).
  if (chance(0.12)) {
    const measureId = `mea-${index}-b`;
    let evaluated = someday(0, 120);
    emit('childwelfare', 'measure-decided', evaluated, {
      measureId,
      kind: 'Family counselling',
      decidedAt: at(evaluated),
    });
    while (chance(0.75)) {
      evaluated += between(50, 130) * DAY;
      emit('childwelfare', 'measure-evaluated', evaluated, {
        measureId,
        evaluatedAt: at(evaluated),
      });
    }
  }

  // A few children are erased late in the year (their facts, gaps and details go).
  if (enrolled && chance(0.02)) {
    const erasedAt = from + between(300, 360) * DAY;
    emit('coordination', 'child-erased', erasedAt, { erasedAt: at(erasedAt) });
  }
  return events;
}

/** A UUID-shaped event id, the same for the same seed, child and serial. */
function idOf(seed: number, child: number, serial: number): string {
  const hex = (n: number, width: number) =>
    (n >>> 0).toString(16).padStart(width, '0').slice(-width);
  return `${hex(seed, 8)}-${hex(child >>> 16, 4)}-7${hex(child, 3)}-8${hex(serial >>> 12, 3)}-${hex(serial, 4)}${hex(child * 2654435761, 8)}`;
}
