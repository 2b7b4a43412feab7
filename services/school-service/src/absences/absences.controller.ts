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
import { attendanceDecider, recordsAttendanceCommand, streamIdForAttendance } from '../domain';
import { RecordAbsenceDto } from './dto/record-absence.dto';

@ApiTags('absences')
@Roles('sector:school')
@Controller('v1/absences')
export class AbsencesController {
  constructor(
    private readonly writer: EventWriter,
    private readonly identity: ChildIdentity,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary:
      'Record a day of absence (one per child and date; a second, different one for the date is 409)',
  })
  async record(
    @Body() dto: RecordAbsenceDto,
    @Correlation() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { personalId, municipality, schoolId, date, scope, hours, documented } = dto;
    const { childRef, start } = this.identity.startOf(personalId, municipality);
    const absence =
      hours === undefined
        ? { schoolId, date, scope, documented }
        : { schoolId, date, scope, hours, documented };
    const outcome = await this.writer.write({
      decider: attendanceDecider,
      // One stream per child: "one absence per child and date" holds across every school.
      streamId: streamIdForAttendance(childRef),
      command: { type: 'RecordAbsence', data: { ...absence, childRef, municipality } },
      ...start,
      isRepeatOf: recordsAttendanceCommand,
      context,
      describe: `the attendance of ${childRef}`,
    });
    return answerWrite(res, outcome, { date });
  }
}
