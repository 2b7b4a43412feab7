import type { KnownEventType } from '@samvirke/contracts';
import { dtoEnumMismatches } from '@samvirke/write-side/testing';
import { RecordAbsenceDto } from './absences/dto/record-absence.dto';
import { RecordEnrolmentDto } from './enrolments/dto/record-enrolment.dto';
import { CompleteExpertAssessmentDto } from './expert-assessments/dto/complete-expert-assessment.dto';
import { RequestExpertAssessmentDto } from './expert-assessments/dto/request-expert-assessment.dto';
import { RecordMeetingDto } from './meetings/dto/record-meeting.dto';

const routes: [string, KnownEventType, new () => object][] = [
  ['RecordAbsenceDto', 'no.samvirke.school.absence-recorded.v1', RecordAbsenceDto],
  ['RecordMeetingDto', 'no.samvirke.school.meeting-held.v1', RecordMeetingDto],
  [
    'RequestExpertAssessmentDto',
    'no.samvirke.school.expert-assessment-requested.v1',
    RequestExpertAssessmentDto,
  ],
  [
    'CompleteExpertAssessmentDto',
    'no.samvirke.school.expert-assessment-completed.v1',
    CompleteExpertAssessmentDto,
  ],
  ['RecordEnrolmentDto', 'no.samvirke.school.enrolment-recorded.v1', RecordEnrolmentDto],
];

describe('school-service request bodies', () => {
  it.each(routes)('%s accepts and documents exactly the values %s may hold', (_name, type, dto) => {
    expect(dtoEnumMismatches(dto, type)).toEqual([]);
  });
});
