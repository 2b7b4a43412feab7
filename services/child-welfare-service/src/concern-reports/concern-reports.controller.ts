import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, Roles } from '@samvirke/platform';
import {
  answerWrite,
  ChildIdentity,
  Correlation,
  EventWriter,
  type RequestContext,
  type Write,
} from '@samvirke/write-side';
import type { Response } from 'express';
import {
  concernReportDecider,
  recordsConcernReportCommand,
  streamIdForConcernReport,
  type ConcernReportCommand,
} from '../domain';
import { ReportIdParam } from '../params';
import { ReceiveConcernReportDto } from './dto/receive-concern-report.dto';
import { ReviewConcernReportDto } from './dto/review-concern-report.dto';

@ApiTags('concern-reports')
@Roles('sector:child-welfare')
@Controller('v1/concern-reports')
export class ConcernReportsController {
  constructor(
    private readonly writer: EventWriter,
    private readonly identity: ChildIdentity,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Record a concern report (bekymringsmelding) received' })
  async receive(
    @Body() dto: ReceiveConcernReportDto,
    @Correlation() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { personalId, municipality, ...report } = dto;
    const childRef = this.identity.childRefOf(personalId);
    const outcome = await this.write(
      report.reportId,
      { type: 'ReceiveConcernReport', data: { ...report, childRef, municipality } },
      context,
      {
        child: { childRef, municipality },
        sealedPersonalId: () => this.identity.seal(childRef, personalId),
      },
    );
    return answerWrite(res, outcome, { reportId: report.reportId });
  }

  @Post(':reportId/review')
  @Idempotent()
  @ApiOperation({ summary: 'Record the review of a concern report: investigate or dismiss' })
  async review(
    @Param() { reportId }: ReportIdParam,
    @Body() dto: ReviewConcernReportDto,
    @Correlation() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const outcome = await this.write(
      reportId,
      { type: 'ReviewConcernReport', data: { reportId, ...dto } },
      context,
    );
    return answerWrite(res, outcome, { reportId });
  }

  private write(
    reportId: string,
    command: ConcernReportCommand,
    context: RequestContext,
    start: Pick<Write<ConcernReportCommand, unknown, never>, 'child' | 'sealedPersonalId'> = {},
  ) {
    return this.writer.write({
      decider: concernReportDecider,
      streamId: streamIdForConcernReport(reportId),
      command,
      isRepeatOf: recordsConcernReportCommand,
      context,
      describe: `concern report ${reportId}`,
      ...start,
    });
  }
}
