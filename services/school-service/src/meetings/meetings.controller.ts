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
  meetingDecider,
  recordsMeetingCommand,
  streamIdForMeeting,
  type MeetingCommand,
  type MeetingEvent,
  type MeetingState,
} from '../domain';
import { RecordMeetingDto } from './dto/record-meeting.dto';

const meetings: Aggregate<MeetingCommand, MeetingState, MeetingEvent> = {
  name: 'meeting',
  decider: meetingDecider,
  streamIdFor: streamIdForMeeting,
  isRepeatOf: recordsMeetingCommand,
  idField: 'meetingId',
};

@ApiTags('meetings')
@Roles('sector:school')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/meetings')
export class MeetingsController {
  constructor(private readonly children: ChildStreams) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary:
      'Record a meeting held about the child (absence follow-up, parents, support team, transition)',
  })
  async record(@Body() dto: RecordMeetingDto, @Correlation() context: RequestContext) {
    const outcome = await this.children.write(
      meetings,
      dto,
      (meeting) => ({ type: 'RecordMeeting', data: meeting }),
      context,
    );
    return answerWrite(outcome, { meetingId: dto.meetingId });
  }
}
