import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, Roles } from '@samvirke/platform';
import {
  answerWrite,
  ChildIdentity,
  Correlation,
  EventWriter,
  type RequestContext,
} from '@samvirke/write-side';
import type { Response } from 'express';
import { meetingDecider, recordsMeetingCommand, streamIdForMeeting } from '../domain';
import { RecordMeetingDto } from './dto/record-meeting.dto';

@ApiTags('meetings')
@Roles('sector:school')
@Controller('v1/meetings')
export class MeetingsController {
  constructor(
    private readonly writer: EventWriter,
    private readonly identity: ChildIdentity,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary:
      'Record a meeting held about the child (absence follow-up, parents, support team, transition)',
  })
  async record(
    @Body() dto: RecordMeetingDto,
    @Correlation() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { personalId, municipality, ...meeting } = dto;
    const { childRef, start } = this.identity.startOf(personalId, municipality);
    const outcome = await this.writer.write({
      decider: meetingDecider,
      streamId: streamIdForMeeting(meeting.meetingId),
      command: { type: 'RecordMeeting', data: { ...meeting, childRef, municipality } },
      ...start,
      isRepeatOf: recordsMeetingCommand,
      context,
      describe: `meeting ${meeting.meetingId}`,
    });
    return answerWrite(res, outcome, { meetingId: meeting.meetingId });
  }
}
