import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Idempotent, Roles, type Principal } from '@samvirke/platform';
import {
  answerWrite,
  Correlation,
  EventWriter,
  WriteAnswerInterceptor,
  type RequestContext,
} from '@samvirke/write-side';
import type { ChildCommand } from '../domain';
import { ChildAccess } from './child-access';
import { writeChild } from './children.controller';
import { EstablishPlanDto, RecordMeetingDto, RevisePlanDto } from './dto/individual-plan.dto';
import { ChildRefParam } from './params';

/** The individual plan (IP, hotjl §7-1) and the responsibility group around it: the coordinator's. */
@ApiTags('individual plan')
@Roles('coordinator')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/children/:childRef')
export class IndividualPlanController {
  constructor(
    private readonly writer: EventWriter,
    private readonly access: ChildAccess,
  ) {}

  @Post('individual-plan')
  @Idempotent({ required: false })
  @ApiOperation({
    summary: 'Record that the individual plan was established, with its review date',
  })
  establish(
    @Param() { childRef }: ChildRefParam,
    @Body() dto: EstablishPlanDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    return this.write(caller, childRef, { type: 'EstablishPlan', data: dto }, context);
  }

  @Post('individual-plan/revisions')
  @Idempotent({ required: false })
  @ApiOperation({ summary: 'Record a revision of the individual plan, with the next review date' })
  revise(
    @Param() { childRef }: ChildRefParam,
    @Body() dto: RevisePlanDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    return this.write(caller, childRef, { type: 'RevisePlan', data: dto }, context);
  }

  @Post('responsibility-group-meetings')
  @Idempotent({ required: false })
  @ApiOperation({ summary: 'Record a meeting of the child’s responsibility group (ansvarsgruppe)' })
  recordMeeting(
    @Param() { childRef }: ChildRefParam,
    @Body() dto: RecordMeetingDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    return this.write(
      caller,
      childRef,
      { type: 'RecordResponsibilityGroupMeeting', data: dto },
      context,
    );
  }

  private async write(
    caller: Principal,
    childRef: string,
    command: ChildCommand,
    context: RequestContext,
  ) {
    const child = await this.access.childForCommand(caller, childRef, ['coordinator']);
    return answerWrite(await writeChild(this.writer, child, command, context), {});
  }
}
