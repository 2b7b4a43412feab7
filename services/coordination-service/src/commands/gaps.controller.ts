import { Body, Controller, Inject, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Idempotent, Roles, type Principal } from '@samvirke/platform';
import {
  answerWrite,
  Correlation,
  EventWriter,
  WriteAnswerInterceptor,
  type RequestContext,
} from '@samvirke/write-side';
import {
  gapDecider,
  recordsGapCommand,
  streamIdForGap,
  type Clock,
  type GapCommand,
} from '../domain';
import { ChildAccess } from './child-access';
import { ChildPersonalData } from './child-personal-data';
import { CLOCK } from './clock';
import { GapNoteDto } from './dto/gap-note.dto';
import { GapIdParam } from './params';

const ROLES = ['coordinator', 'coordinating-unit'] as const;

@ApiTags('gaps')
@Roles(...ROLES)
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/gaps/:gapId')
export class GapCommandsController {
  constructor(
    private readonly writer: EventWriter,
    private readonly access: ChildAccess,
    private readonly personalData: ChildPersonalData,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('acknowledge')
  @Idempotent({ required: false })
  @ApiOperation({ summary: 'Acknowledge an open gap: someone is on it' })
  acknowledge(
    @Param() { gapId }: GapIdParam,
    @Body() { note }: GapNoteDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    const acknowledgedAt = this.clock().toISOString();
    return this.write(
      caller,
      gapId,
      note,
      (noteCiphertext) => ({
        type: 'AcknowledgeGap',
        data: { gapId, acknowledgedAt, noteCiphertext, by: caller.sub },
      }),
      context,
    );
  }

  @Post('resolve')
  @Idempotent({ required: false })
  @ApiOperation({ summary: 'Resolve an open or acknowledged gap by hand, with a note' })
  resolve(
    @Param() { gapId }: GapIdParam,
    @Body() { note }: GapNoteDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    const resolvedAt = this.clock().toISOString();
    return this.write(
      caller,
      gapId,
      note,
      (noteCiphertext) => ({
        type: 'ResolveGap',
        data: { gapId, resolvedAt, noteCiphertext, by: caller.sub },
      }),
      context,
    );
  }

  /** The note is sealed with the child's key before anything is decided: erasing the child forgets it too. */
  private async write(
    caller: Principal,
    gapId: string,
    note: string,
    commandOf: (noteCiphertext: string) => GapCommand,
    context: RequestContext,
  ) {
    const gap = await this.access.gapForCommand(caller, gapId, ROLES);
    const command = commandOf(await this.personalData.sealGapNote(gap.childRef, gapId, note));
    const outcome = await this.writer.write({
      decider: gapDecider,
      streamId: streamIdForGap(gapId),
      command,
      // Stamped with the child's municipality now, which a transfer may have changed since the gap opened.
      child: { childRef: gap.childRef, municipality: gap.municipality },
      isRepeatOf: recordsGapCommand,
      context,
      describe: `gap ${gapId}`,
      municipalityField: 'gapId',
    });
    const status = command.type === 'AcknowledgeGap' ? 'acknowledged' : 'resolved';
    return answerWrite(outcome, { gapId, status });
  }
}
