import { Body, Controller, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, Roles } from '@samvirke/platform';
import {
  answerWrite,
  ChildStreams,
  Correlation,
  WriteAnswerInterceptor,
  type Aggregate,
  type RequestContext,
} from '@samvirke/write-side';
import {
  followUpDecider,
  recordsFollowUpCommand,
  streamIdForFollowUp,
  type FollowUpCommand,
  type FollowUpEvent,
  type FollowUpState,
} from '../domain';
import { RecordFollowUpDto } from './dto/record-follow-up.dto';

const followUps: Aggregate<FollowUpCommand, FollowUpState, FollowUpEvent> = {
  name: 'follow-up',
  decider: followUpDecider,
  streamIdFor: streamIdForFollowUp,
  isRepeatOf: recordsFollowUpCommand,
  idField: 'followUpId',
};

@ApiTags('follow-ups')
@Roles('sector:health')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/follow-ups')
export class FollowUpsController {
  constructor(private readonly children: ChildStreams) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Record a municipal follow-up contact (GP, health nurse, home visit, …)',
  })
  async record(@Body() dto: RecordFollowUpDto, @Correlation() context: RequestContext) {
    const outcome = await this.children.write(
      followUps,
      dto,
      (followUp) => ({ type: 'RecordFollowUp', data: followUp }),
      context,
    );
    return answerWrite(outcome, { followUpId: dto.followUpId });
  }
}
