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
  recordsReferralCommand,
  referralDecider,
  streamIdForReferral,
  type ReferralCommand,
  type ReferralEvent,
  type ReferralState,
} from '../domain';
import { ReferralIdParam } from '../params';
import { AssessReferralDto } from './dto/assess-referral.dto';
import { ReceiveReferralDto } from './dto/receive-referral.dto';
import { StartTreatmentDto } from './dto/start-treatment.dto';

const referrals: Aggregate<ReferralCommand, ReferralState, ReferralEvent> = {
  name: 'referral',
  decider: referralDecider,
  streamIdFor: streamIdForReferral,
  isRepeatOf: recordsReferralCommand,
  idField: 'referralId',
};

@ApiTags('referrals')
@Roles('sector:health')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/referrals')
export class ReferralsController {
  constructor(
    private readonly writer: EventWriter,
    private readonly children: ChildStreams,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Record a referral received (BUP, habilitation, paediatrics)' })
  async receive(@Body() dto: ReceiveReferralDto, @Correlation() context: RequestContext) {
    const outcome = await this.children.write(
      referrals,
      dto,
      (referral) => ({ type: 'ReceiveReferral', data: referral }),
      context,
    );
    return answerWrite(outcome, { referralId: dto.referralId });
  }

  @Post(':referralId/assessment')
  @Idempotent()
  @ApiOperation({
    summary: 'Record the assessment of a referral, with the treatment deadline when accepted',
  })
  async assess(
    @Param() { referralId }: ReferralIdParam,
    @Body() dto: AssessReferralDto,
    @Correlation() context: RequestContext,
  ) {
    const data =
      dto.outcome === 'accepted'
        ? {
            referralId,
            assessedAt: dto.assessedAt,
            outcome: dto.outcome,
            ...(dto.treatmentDeadline ? { treatmentDeadline: dto.treatmentDeadline } : {}),
          }
        : { referralId, assessedAt: dto.assessedAt, outcome: dto.outcome };
    const outcome = await this.writer.writeTo(
      referrals,
      referralId,
      { type: 'AssessReferral', data },
      context,
    );
    return answerWrite(outcome, { referralId });
  }

  @Post(':referralId/treatment-start')
  @Idempotent()
  @ApiOperation({ summary: 'Record that treatment started' })
  async startTreatment(
    @Param() { referralId }: ReferralIdParam,
    @Body() dto: StartTreatmentDto,
    @Correlation() context: RequestContext,
  ) {
    const outcome = await this.writer.writeTo(
      referrals,
      referralId,
      { type: 'StartTreatment', data: { referralId, ...dto } },
      context,
    );
    return answerWrite(outcome, { referralId });
  }
}
