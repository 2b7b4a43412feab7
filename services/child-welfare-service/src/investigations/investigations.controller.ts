import { Body, Controller, Inject, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EventStore } from '@samvirke/event-sourcing';
import { Idempotent, Roles } from '@samvirke/platform';
import {
  answerWrite,
  Correlation,
  EVENT_STORE,
  EventWriter,
  WriteAnswerInterceptor,
  type Aggregate,
  type RequestContext,
} from '@samvirke/write-side';
import {
  investigationDecider,
  recordsInvestigationCommand,
  streamIdForConcernReport,
  streamIdForInvestigation,
  type InvestigationCommand,
  type InvestigationEvent,
  type InvestigationState,
} from '../domain';
import { InvestigationIdParam } from '../params';
import { concernReportOf } from './concern-report-of';
import { ConcludeInvestigationDto } from './dto/conclude-investigation.dto';
import { ExtendInvestigationDto } from './dto/extend-investigation.dto';
import { StartInvestigationDto } from './dto/start-investigation.dto';

const investigations: Aggregate<InvestigationCommand, InvestigationState, InvestigationEvent> = {
  name: 'investigation',
  decider: investigationDecider,
  streamIdFor: streamIdForInvestigation,
  isRepeatOf: recordsInvestigationCommand,
  idField: 'investigationId',
};

@ApiTags('investigations')
@Roles('sector:child-welfare')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/investigations')
export class InvestigationsController {
  constructor(
    private readonly writer: EventWriter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Record that an investigation (undersøkelse) started after a concern report',
    description:
      'The child and municipality are those of the report. The report must be known here and reviewed with the decision to investigate (409 otherwise).',
  })
  async start(@Body() dto: StartInvestigationDto, @Correlation() context: RequestContext) {
    const { events } = await this.store.readStream(streamIdForConcernReport(dto.reportId));
    const report = concernReportOf(events);
    const outcome = await this.writer.writeTo(
      investigations,
      dto.investigationId,
      { type: 'StartInvestigation', data: { ...dto, report: report.state } },
      context,
      report.child ? { child: report.child, municipalityField: 'reportId' } : {},
    );
    return answerWrite(outcome, { investigationId: dto.investigationId });
  }

  @Post(':investigationId/extension')
  @Idempotent()
  @ApiOperation({
    summary: 'Record that an investigation was extended from 3 to 6 months (once only)',
  })
  async extend(
    @Param() { investigationId }: InvestigationIdParam,
    @Body() dto: ExtendInvestigationDto,
    @Correlation() context: RequestContext,
  ) {
    const outcome = await this.writer.writeTo(
      investigations,
      investigationId,
      { type: 'ExtendInvestigation', data: { investigationId, ...dto } },
      context,
    );
    return answerWrite(outcome, { investigationId });
  }

  @Post(':investigationId/conclusion')
  @Idempotent()
  @ApiOperation({ summary: 'Record the conclusion of an investigation: measures, or closed' })
  async conclude(
    @Param() { investigationId }: InvestigationIdParam,
    @Body() dto: ConcludeInvestigationDto,
    @Correlation() context: RequestContext,
  ) {
    const outcome = await this.writer.writeTo(
      investigations,
      investigationId,
      { type: 'ConcludeInvestigation', data: { investigationId, ...dto } },
      context,
    );
    return answerWrite(outcome, { investigationId });
  }
}
