import { HEALTH_TOPIC } from '@samvirke/contracts';
import {
  createEventSourcedApp,
  type EventSourcedAppOptions,
  type EventSourcedService,
} from '@samvirke/write-side';
import { AdmissionsController } from './admissions/admissions.controller';
import { FollowUpsController } from './follow-ups/follow-ups.controller';
import { ReferralsController } from './referrals/referrals.controller';

export const healthService: EventSourcedService = {
  name: 'health-service',
  port: 3001,
  topic: HEALTH_TOPIC,
  controllers: [AdmissionsController, ReferralsController, FollowUpsController],
  description:
    'Hospital and municipal health records send admissions, discharges, discharge summaries, follow-up contacts and referrals here.',
};

export const createHealthApp = (options: EventSourcedAppOptions = {}) =>
  createEventSourcedApp(healthService, options);
