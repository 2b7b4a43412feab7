import { SCHOOL_TOPIC } from '@samvirke/contracts';
import {
  createEventSourcedApp,
  type EventSourcedAppOptions,
  type EventSourcedService,
} from '@samvirke/write-side';
import { AbsencesController } from './absences/absences.controller';
import { EnrolmentsController } from './enrolments/enrolments.controller';
import { ExpertAssessmentsController } from './expert-assessments/expert-assessments.controller';
import { MeetingsController } from './meetings/meetings.controller';

export const schoolService: EventSourcedService = {
  name: 'school-service',
  port: 3002,
  topic: SCHOOL_TOPIC,
  controllers: [
    AbsencesController,
    MeetingsController,
    ExpertAssessmentsController,
    EnrolmentsController,
  ],
  description:
    'School administration systems send absences, meetings about the child, PPT expert assessments and enrolments here.',
};

export const createSchoolApp = (options: EventSourcedAppOptions = {}) =>
  createEventSourcedApp(schoolService, options);
