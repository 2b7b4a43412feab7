import type { KnownEventType } from '@samvirke/contracts';
import { dtoEnumMismatches } from '@samvirke/write-side/testing';
import { RecordAdmissionDto } from './admissions/dto/record-admission.dto';
import { RecordDischargeDto } from './admissions/dto/record-discharge.dto';
import { SendDischargeSummaryDto } from './admissions/dto/send-discharge-summary.dto';
import { RecordFollowUpDto } from './follow-ups/dto/record-follow-up.dto';
import { AssessReferralDto } from './referrals/dto/assess-referral.dto';
import { ReceiveReferralDto } from './referrals/dto/receive-referral.dto';
import { StartTreatmentDto } from './referrals/dto/start-treatment.dto';

const routes: [string, KnownEventType, new () => object][] = [
  ['RecordAdmissionDto', 'no.samvirke.health.admission-recorded.v1', RecordAdmissionDto],
  ['RecordDischargeDto', 'no.samvirke.health.discharge-recorded.v1', RecordDischargeDto],
  [
    'SendDischargeSummaryDto',
    'no.samvirke.health.discharge-summary-sent.v1',
    SendDischargeSummaryDto,
  ],
  ['RecordFollowUpDto', 'no.samvirke.health.follow-up-recorded.v1', RecordFollowUpDto],
  ['ReceiveReferralDto', 'no.samvirke.health.referral-received.v1', ReceiveReferralDto],
  ['AssessReferralDto', 'no.samvirke.health.referral-assessed.v1', AssessReferralDto],
  ['StartTreatmentDto', 'no.samvirke.health.treatment-started.v1', StartTreatmentDto],
];

describe('health-service request bodies', () => {
  it.each(routes)('%s accepts and documents exactly the values %s may hold', (_name, type, dto) => {
    expect(dtoEnumMismatches(dto, type)).toEqual([]);
  });
});
