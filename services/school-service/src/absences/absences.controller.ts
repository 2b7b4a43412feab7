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
  attendanceDecider,
  recordsAttendanceCommand,
  streamIdForAttendance,
  type AttendanceCommand,
  type AttendanceEvent,
  type AttendanceState,
} from '../domain';
import { RecordAbsenceDto } from './dto/record-absence.dto';

// One stream per child: "one absence per child and date" holds across every school.
const attendance: Aggregate<AttendanceCommand, AttendanceState, AttendanceEvent> = {
  name: 'the attendance of',
  decider: attendanceDecider,
  streamIdFor: streamIdForAttendance,
  isRepeatOf: recordsAttendanceCommand,
  idField: 'childRef',
};

@ApiTags('absences')
@Roles('sector:school')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/absences')
export class AbsencesController {
  constructor(private readonly children: ChildStreams) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary:
      'Record a day of absence (one per child and date; a second, different one for the date is 409)',
  })
  async record(@Body() dto: RecordAbsenceDto, @Correlation() context: RequestContext) {
    const outcome = await this.children.write(
      attendance,
      dto,
      (absence) => ({ type: 'RecordAbsence', data: absence }),
      context,
    );
    return answerWrite(outcome, { date: dto.date });
  }
}
