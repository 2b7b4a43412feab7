import { Body, Controller, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, Roles } from '@samvirke/platform';
import { answerWrite, ChildIdentity, Correlation, EventWriter, type RequestContext } from '@samvirke/write-side';
import type { Response } from 'express';
import { followUpDecider, recordsFollowUpCommand, streamIdForFollowUp } from '../domain';
import { RecordFollowUpDto } from './dto/record-follow-up.dto';

@ApiTags('follow-ups')
@Roles('sector:health')
@Controller('v1/follow-ups')
export class FollowUpsController {
  constructor(
    private readonly writer: EventWriter,
    private readonly identity: ChildIdentity,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Record a municipal follow-up contact (GP, health nurse, home visit, …)' })
  async record(@Body() dto: RecordFollowUpDto, @Correlation() context: RequestContext, @Res({ passthrough: true }) res: Response) {
    const { personalId, municipality, ...followUp } = dto;
    const childRef = this.identity.childRefOf(personalId);
    const outcome = await this.writer.write({
      decider: followUpDecider,
      streamId: streamIdForFollowUp(followUp.followUpId),
      command: { type: 'RecordFollowUp', data: { ...followUp, childRef, municipality } },
      child: { childRef, municipality },
      sealedPersonalId: () => this.identity.seal(childRef, personalId),
      isRepeatOf: recordsFollowUpCommand,
      context,
      describe: `follow-up ${followUp.followUpId}`,
    });
    return answerWrite(res, outcome, { followUpId: followUp.followUpId });
  }
}
