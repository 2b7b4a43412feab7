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
  admissionDecider,
  recordsAdmissionCommand,
  streamIdForAdmission,
  type AdmissionCommand,
  type AdmissionEvent,
  type AdmissionState,
} from '../domain';
import { AdmissionIdParam } from '../params';
import { RecordAdmissionDto } from './dto/record-admission.dto';
import { RecordDischargeDto } from './dto/record-discharge.dto';
import { SendDischargeSummaryDto } from './dto/send-discharge-summary.dto';

const admissions: Aggregate<AdmissionCommand, AdmissionState, AdmissionEvent> = {
  name: 'admission',
  decider: admissionDecider,
  streamIdFor: streamIdForAdmission,
  isRepeatOf: recordsAdmissionCommand,
  idField: 'admissionId',
};

@ApiTags('admissions')
@Roles('sector:health')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/admissions')
export class AdmissionsController {
  constructor(
    private readonly writer: EventWriter,
    private readonly children: ChildStreams,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Record an admission to hospital' })
  async admit(@Body() dto: RecordAdmissionDto, @Correlation() context: RequestContext) {
    const outcome = await this.children.write(
      admissions,
      dto,
      (admission) => ({ type: 'Admit', data: admission }),
      context,
    );
    return answerWrite(outcome, { admissionId: dto.admissionId });
  }

  @Post(':admissionId/discharge')
  @Idempotent()
  @ApiOperation({ summary: 'Record the discharge of an admission' })
  async discharge(
    @Param() { admissionId }: AdmissionIdParam,
    @Body() dto: RecordDischargeDto,
    @Correlation() context: RequestContext,
  ) {
    const outcome = await this.writer.writeTo(
      admissions,
      admissionId,
      { type: 'Discharge', data: { admissionId, ...dto } },
      context,
    );
    return answerWrite(outcome, { admissionId });
  }

  @Post(':admissionId/discharge-summary')
  @Idempotent()
  @ApiOperation({ summary: 'Record that the discharge summary (epikrise) was sent' })
  async sendDischargeSummary(
    @Param() { admissionId }: AdmissionIdParam,
    @Body() dto: SendDischargeSummaryDto,
    @Correlation() context: RequestContext,
  ) {
    const command: AdmissionCommand = {
      type: 'SendDischargeSummary',
      data: { admissionId, ...dto },
    };
    const outcome = await this.writer.writeTo(admissions, admissionId, command, context);
    return answerWrite(outcome, { admissionId });
  }
}
