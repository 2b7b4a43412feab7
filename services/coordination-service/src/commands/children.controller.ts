import { Body, Controller, Delete, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@samvirke/event-sourcing';
import { assertMunicipality, CurrentUser, Idempotent, Roles, type Principal } from '@samvirke/platform';
import { answerWrite, ChildIdentity, Correlation, EventWriter, type RequestContext, type StreamChild } from '@samvirke/write-side';
import type { Response } from 'express';
import { childDecider, recordsChildCommand, streamIdForChild, type ChildCommand, type Clock } from '../domain';
import { ChildAccess, type LoadedChild } from './child-access';
import { ChildPersonalData } from './child-personal-data';
import { CLOCK } from './clock';
import { AssignCoordinatorDto } from './dto/assign-coordinator.dto';
import { EnrolChildDto } from './dto/enrol-child.dto';
import { RequestCoordinatorDto } from './dto/request-coordinator.dto';
import { ChildRefParam } from './params';

/** Writes a command to a child's stream. */
export function writeChild(
  writer: EventWriter,
  childRef: string,
  command: ChildCommand,
  context: RequestContext,
  child?: StreamChild,
) {
  return writer.write({
    decider: childDecider,
    streamId: streamIdForChild(childRef),
    command,
    isRepeatOf: recordsChildCommand,
    context,
    describe: 'the child',
    ...(child ? { child } : {}),
  });
}

@ApiTags('children')
@Controller('v1/children')
export class ChildrenController {
  constructor(
    private readonly writer: EventWriter,
    private readonly identity: ChildIdentity,
    private readonly personalData: ChildPersonalData,
    private readonly access: ChildAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('coordinating-unit')
  @Idempotent({ required: false })
  @ApiOperation({ summary: 'Enrol a child in the coordinating unit’s own municipality; answers the childRef' })
  async enrol(
    @Body() dto: EnrolChildDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertMunicipality(caller, dto.municipality);
    const childRef = this.identity.childRefOf(dto.personalId);
    const existing = await this.access.loadChild(childRef);
    if (existing && existing.municipality !== dto.municipality) {
      throw new DomainError('the child is enrolled in another municipality; moving a child is not supported', 'enrolled-elsewhere');
    }
    const enrolledAt = this.clock().toISOString();
    const enrolment = await this.personalData.sealEnrolment(childRef, dto.personalId, dto.name, enrolledAt);
    const enrol = async (recordedBy: LoadedChild | undefined) => {
      const recorded = recordedBy && (await this.recordedName(recordedBy));
      return writeChild(
        this.writer,
        childRef,
        { type: 'Enrol', data: { enrolment, name: dto.name, ...(recorded ? { recorded } : {}) } },
        context,
        { childRef, municipality: dto.municipality },
      );
    };
    try {
      return answerWrite(res, await enrol(existing), {});
    } catch (error) {
      // Enrolled by a concurrent request since we looked: judge again against what it recorded.
      if (existing || !(error instanceof DomainError) || error.code !== 'already-enrolled') throw error;
      return answerWrite(res, await enrol(await this.access.loadChild(childRef)), {});
    }
  }

  @Post(':childRef/coordinator-requests')
  @Roles('coordinator', 'coordinating-unit')
  @Idempotent({ required: false })
  @ApiOperation({ summary: 'Record that the family asked for a barnekoordinator (hotjl §7-2a)' })
  async requestCoordinator(
    @Param() { childRef }: ChildRefParam,
    @Body() dto: RequestCoordinatorDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.access.childForCommand(caller, childRef, ['coordinator', 'coordinating-unit']);
    const outcome = await writeChild(this.writer, childRef, { type: 'RequestCoordinator', data: dto }, context);
    return answerWrite(res, outcome, { requestedAt: dto.requestedAt });
  }

  @Put(':childRef/coordinator')
  @Roles('coordinating-unit')
  @Idempotent({ required: false })
  @ApiOperation({ summary: 'Assign (or replace) the child’s coordinator' })
  async assignCoordinator(
    @Param() { childRef }: ChildRefParam,
    @Body() dto: AssignCoordinatorDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.access.childForCommand(caller, childRef, ['coordinating-unit']);
    const outcome = await writeChild(this.writer, childRef, { type: 'AssignCoordinator', data: dto }, context);
    return answerWrite(res, outcome, { coordinatorId: dto.coordinatorId });
  }

  @Delete(':childRef')
  @HttpCode(200)
  @Roles('coordinating-unit')
  @Idempotent({ required: false })
  @ApiOperation({
    summary: 'Erase the child: the child’s key is forgotten, so the name is unreadable everywhere; nothing more is recorded',
  })
  async erase(
    @Param() { childRef }: ChildRefParam,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    await this.access.childForCommand(caller, childRef, ['coordinating-unit']);
    // Forget first: should the append fail, a retry finds the key gone and completes the erasure.
    await this.personalData.forget(childRef);
    const erasedAt = this.clock().toISOString();
    const outcome = await writeChild(this.writer, childRef, { type: 'Erase', data: { erasedAt } }, context);
    return { eventId: outcome.eventId, childRef, erasedAt };
  }

  private async recordedName(child: LoadedChild) {
    const { enrolment } = child.state;
    if (!('nameCiphertext' in enrolment)) return undefined;
    const name = await this.personalData.name(child.childRef, enrolment);
    return name === undefined ? undefined : { nameCiphertext: enrolment.nameCiphertext, name };
  }
}
