import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, Roles } from '@samvirke/platform';
import {
  answerWrite,
  ChildStreams,
  Correlation,
  EventWriter,
  WriteAnswerInterceptor,
  type Aggregate,
  type RequestContext,
} from '@samvirke/write-side';
import {
  concernReportDecider,
  recordsConcernReportCommand,
  streamIdForConcernReport,
  type ConcernReportCommand,
  type ConcernReportEvent,
  type ConcernReportState,
} from '../domain';
import { ReportIdParam } from '../params';
import { ReceiveConcernReportDto } from './dto/receive-concern-report.dto';
import { ReviewConcernReportDto } from './dto/review-concern-report.dto';

const concernReports: Aggregate<ConcernReportCommand, ConcernReportState, ConcernReportEvent> = {
  name: 'concern report',
  decider: concernReportDecider,
  streamIdFor: streamIdForConcernReport,
  isRepeatOf: recordsConcernReportCommand,
  idField: 'reportId',
};

@ApiTags('concern-reports')
@Roles('sector:child-welfare')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/concern-reports')
export class ConcernReportsController {
  constructor(
    private readonly writer: EventWriter,
    private readonly children: ChildStreams,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Record a concern report (bekymringsmelding) received' })
  async receive(@Body() dto: ReceiveConcernReportDto, @Correlation() context: RequestContext) {
    const outcome = await this.children.write(
      concernReports,
      dto,
      (report) => ({ type: 'ReceiveConcernReport', data: report }),
      context,
    );
    return answerWrite(outcome, { reportId: dto.reportId });
  }

  @Post(':reportId/review')
  @Idempotent()
  @ApiOperation({ summary: 'Record the review of a concern report: investigate or dismiss' })
  async review(
    @Param() { reportId }: ReportIdParam,
    @Body() dto: ReviewConcernReportDto,
    @Correlation() context: RequestContext,
  ) {
    const outcome = await this.writer.writeTo(
      concernReports,
      reportId,
      { type: 'ReviewConcernReport', data: { reportId, ...dto } },
      context,
    );
    return answerWrite(outcome, { reportId });
  }
}
