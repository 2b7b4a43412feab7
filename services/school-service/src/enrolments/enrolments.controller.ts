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
import { enrolmentDecider, recordsEnrolmentCommand, streamIdForEnrolment } from '../domain';
import { RecordEnrolmentDto } from './dto/record-enrolment.dto';

@ApiTags('enrolments')
@Roles('sector:school')
@Controller('v1/enrolments')
export class EnrolmentsController {
  constructor(
    private readonly writer: EventWriter,
    private readonly identity: ChildIdentity,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary:
      'Record an enrolment at a school and stage from a date (a move is a new enrolment from a later date)',
  })
  async record(
    @Body() dto: RecordEnrolmentDto,
    @Correlation() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { personalId, municipality, ...enrolment } = dto;
    const { childRef, start } = this.identity.startOf(personalId, municipality);
    const outcome = await this.writer.write({
      decider: enrolmentDecider,
      // The contract gives an enrolment no id: the child's one stream holds one per `from` date.
      streamId: streamIdForEnrolment(childRef),
      command: { type: 'RecordEnrolment', data: { ...enrolment, childRef, municipality } },
      ...start,
      isRepeatOf: recordsEnrolmentCommand,
      context,
      describe: `the enrolments of ${childRef}`,
    });
    return answerWrite(res, outcome, { from: enrolment.from });
  }
}
