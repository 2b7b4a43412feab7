import { CHILDWELFARE_TOPIC } from '@samvirke/contracts';
import {
  createEventSourcedApp,
  type EventSourcedAppOptions,
  type EventSourcedService,
} from '@samvirke/write-side';
import { ConcernReportsController } from './concern-reports/concern-reports.controller';
import { InvestigationsController } from './investigations/investigations.controller';
import { MeasuresController } from './measures/measures.controller';

export const childWelfareService: EventSourcedService = {
  name: 'child-welfare-service',
  port: 3003,
  topic: CHILDWELFARE_TOPIC,
  controllers: [ConcernReportsController, InvestigationsController, MeasuresController],
  description:
    'Child welfare case systems send concern reports and their reviews, investigations (start, extension, conclusion), support measures and their evaluations here.',
};

export const createChildWelfareApp = (options: EventSourcedAppOptions = {}) =>
  createEventSourcedApp(childWelfareService, options);
