import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Inject,
  Param,
  Post,
  Put,
  UseInterceptors,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@samvirke/event-sourcing';
import {
  assertMunicipality,
  CurrentUser,
  Idempotent,
  Roles,
  type Principal,
} from '@samvirke/platform';
import {
  answerWrite,
  ChildIdentity,
  Correlation,
  EventWriter,
  WriteAnswerInterceptor,
  type RequestContext,
  type StreamChild,
} from '@samvirke/write-side';
import {
  childDecider,
  childEventOf,
  recordsChildCommand,
  streamIdForChild,
  type ChildCommand,
  type Clock,
} from '../domain';
import { ChildAccess, type LoadedChild } from './child-access';
import { ChildPersonalData } from './child-personal-data';
import { CLOCK } from './clock';
import { AssignCoordinatorDto } from './dto/assign-coordinator.dto';
import { EnrolChildDto } from './dto/enrol-child.dto';
import { RequestCoordinatorDto } from './dto/request-coordinator.dto';
import { ChildRefParam } from './params';

/**
 * Writes a command to a child's stream, stamped with the municipality the child is now (or, for
 * an enrolment or a transfer's answer, the one it names): never merely the stream's latest.
 */
export function writeChild(
  writer: EventWriter,
  child: StreamChild,
  command: ChildCommand,
  context: RequestContext,
) {
  return writer.write({
    decider: childDecider,
    streamId: streamIdForChild(child.childRef),
    command,
    child,
    fromStoredEvent: childEventOf,
    isRepeatOf: recordsChildCommand,
    context,
    describe: 'the child',
    municipalityField: 'childRef',
  });
}

@ApiTags('children')
@UseInterceptors(WriteAnswerInterceptor)
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
  @ApiOperation({
    summary: 'Enrol a child in the coordinating unit’s own municipality; answers the childRef',
  })
  async enrol(
    @Body() dto: EnrolChildDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    assertMunicipality(caller, dto.municipality);
    const childRef = this.identity.childRefOf(dto.personalId);
    const existing = await this.access.loadChild(childRef);
    // Enrolled elsewhere: refused before anything is sealed or compared, and the answer names nothing of the child.
    if (existing && existing.municipality !== dto.municipality) throw enrolledElsewhere();
    const enrolledAt = this.clock().toISOString();
    const enrolment = await this.personalData.sealEnrolment(
      childRef,
      dto.personalId,
      dto.name,
      enrolledAt,
    );
    const enrol = async (recordedBy: LoadedChild | undefined) => {
      const recorded = recordedBy && (await this.recordedName(recordedBy));
      return writeChild(
        this.writer,
        { childRef, municipality: dto.municipality },
        {
          type: 'Enrol',
          data: {
            enrolment,
            municipality: dto.municipality,
            name: dto.name,
            ...(recorded ? { recorded } : {}),
          },
        },
        context,
      );
    };
    try {
      return answerWrite(await enrol(existing), {});
    } catch (error) {
      // Enrolled by a concurrent request since we looked: judge again against what it recorded.
      if (existing || !(error instanceof DomainError) || error.code !== 'already-enrolled')
        throw error;
      const now = await this.access.loadChild(childRef);
      if (now && now.municipality !== dto.municipality) throw enrolledElsewhere();
      return answerWrite(await enrol(now), {});
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
  ) {
    const child = await this.access.childForCommand(caller, childRef, [
      'coordinator',
      'coordinating-unit',
    ]);
    const outcome = await writeChild(
      this.writer,
      child,
      { type: 'RequestCoordinator', data: dto },
      context,
    );
    return answerWrite(outcome, { requestedAt: dto.requestedAt });
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
  ) {
    const child = await this.access.childForCommand(caller, childRef, ['coordinating-unit']);
    const outcome = await writeChild(
      this.writer,
      child,
      { type: 'AssignCoordinator', data: dto },
      context,
    );
    return answerWrite(outcome, { coordinatorId: dto.coordinatorId });
  }

  @Delete(':childRef')
  @HttpCode(200)
  @Roles('coordinating-unit')
  @Idempotent({ required: false })
  @ApiOperation({
    summary:
      'Erase the child: the child’s key is forgotten, so the name is unreadable everywhere; nothing more is recorded',
  })
  async erase(
    @Param() { childRef }: ChildRefParam,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    const child = await this.access.childForCommand(caller, childRef, ['coordinating-unit']);
    // Forget first: should the append fail, a retry finds the key gone and completes the erasure.
    await this.personalData.forget(childRef);
    const erasedAt = this.clock().toISOString();
    const outcome = await writeChild(
      this.writer,
      child,
      { type: 'Erase', data: { erasedAt } },
      context,
    );
    return { eventId: outcome.eventId, childRef, erasedAt };
  }

  private async recordedName(child: LoadedChild) {
    const { enrolment } = child.state;
    if (!('nameCiphertext' in enrolment)) return undefined;
    const name = await this.personalData.name(child.childRef, enrolment);
    return name === undefined ? undefined : { nameCiphertext: enrolment.nameCiphertext, name };
  }
}

/** The one answer to enrolling a child enrolled in another municipality (docs/api.md says why). */
function enrolledElsewhere(): DomainError {
  return new DomainError(
    'the child cannot be enrolled here; a child enrolled in another municipality moves only by a transfer its coordinating unit requests',
    'enrolled-elsewhere',
  );
}
