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
  enrolmentDecider,
  recordsEnrolmentCommand,
  streamIdForEnrolment,
  type EnrolmentCommand,
  type EnrolmentEvent,
  type EnrolmentState,
} from '../domain';
import { RecordEnrolmentDto } from './dto/record-enrolment.dto';

// The contract gives an enrolment no id: the child's one stream holds one per `from` date.
const enrolments: Aggregate<EnrolmentCommand, EnrolmentState, EnrolmentEvent> = {
  name: 'the enrolments of',
  decider: enrolmentDecider,
  streamIdFor: streamIdForEnrolment,
  isRepeatOf: recordsEnrolmentCommand,
  idField: 'childRef',
};

@ApiTags('enrolments')
@Roles('sector:school')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/enrolments')
export class EnrolmentsController {
  constructor(private readonly children: ChildStreams) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary:
      'Record an enrolment at a school and stage from a date (a move is a new enrolment from a later date)',
  })
  async record(@Body() dto: RecordEnrolmentDto, @Correlation() context: RequestContext) {
    const outcome = await this.children.write(
      enrolments,
      dto,
      (enrolment) => ({ type: 'RecordEnrolment', data: enrolment }),
      context,
    );
    return answerWrite(outcome, { from: dto.from });
  }
}
