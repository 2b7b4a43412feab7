import type { KnownEventType } from '@samvirke/contracts';
import { dtoEnumMismatches } from '@samvirke/write-side/testing';
import { ReceiveConcernReportDto } from './concern-reports/dto/receive-concern-report.dto';
import { ReviewConcernReportDto } from './concern-reports/dto/review-concern-report.dto';
import { ConcludeInvestigationDto } from './investigations/dto/conclude-investigation.dto';
import { ExtendInvestigationDto } from './investigations/dto/extend-investigation.dto';
import { StartInvestigationDto } from './investigations/dto/start-investigation.dto';
import { DecideMeasureDto } from './measures/dto/decide-measure.dto';
import { EvaluateMeasureDto } from './measures/dto/evaluate-measure.dto';

const routes: [string, KnownEventType, new () => object][] = [
  [
    'ReceiveConcernReportDto',
    'no.samvirke.childwelfare.concern-report-received.v1',
    ReceiveConcernReportDto,
  ],
  [
    'ReviewConcernReportDto',
    'no.samvirke.childwelfare.concern-report-reviewed.v1',
    ReviewConcernReportDto,
  ],
  [
    'StartInvestigationDto',
    'no.samvirke.childwelfare.investigation-started.v1',
    StartInvestigationDto,
  ],
  [
    'ExtendInvestigationDto',
    'no.samvirke.childwelfare.investigation-extended.v1',
    ExtendInvestigationDto,
  ],
  [
    'ConcludeInvestigationDto',
    'no.samvirke.childwelfare.investigation-concluded.v1',
    ConcludeInvestigationDto,
  ],
  ['DecideMeasureDto', 'no.samvirke.childwelfare.measure-decided.v1', DecideMeasureDto],
  ['EvaluateMeasureDto', 'no.samvirke.childwelfare.measure-evaluated.v1', EvaluateMeasureDto],
];

describe('child-welfare-service request bodies', () => {
  it.each(routes)('%s accepts and documents exactly the values %s may hold', (_name, type, dto) => {
    expect(dtoEnumMismatches(dto, type)).toEqual([]);
  });
});
