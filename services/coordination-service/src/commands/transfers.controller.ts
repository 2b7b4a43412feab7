import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  UseInterceptors,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { newEventId } from '@samvirke/contracts';
import {
  CurrentUser,
  Idempotent,
  ProblemException,
  Roles,
  type Principal,
} from '@samvirke/platform';
import {
  answerWrite,
  Correlation,
  EventWriter,
  WriteAnswerInterceptor,
  type RequestContext,
} from '@samvirke/write-side';
import { AccessLog } from '../audit';
import { openTransferOf, type Clock } from '../domain';
import { municipalityOf } from '../reads/caller';
import { READ_MODEL_DB, type ReadModelDb } from '../reads/read-model.database';
import type { WithRequestId } from '../reads/access-log.controller';
import { ChildAccess } from './child-access';
import { ChildPersonalData } from './child-personal-data';
import { writeChild } from './children.controller';
import { CLOCK } from './clock';
import { DeclineTransferDto, RequestTransferDto, TransfersQuery } from './dto/transfer.dto';
import { ChildRefParam, TransferIdParam } from './params';
import { findTransfers, transferTo, type TransferListRow } from './transfers.query';

const UNIT = ['coordinating-unit'] as const;

/**
 * Moving a child to another municipality: the child's unit asks, the receiving municipality's
 * unit answers. Until it accepts, the child, its lists and its timeline stay where they were.
 */
@ApiTags('transfers')
@Roles(...UNIT)
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1')
export class TransfersController {
  constructor(
    private readonly writer: EventWriter,
    private readonly access: ChildAccess,
    private readonly personalData: ChildPersonalData,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    @Inject(AccessLog) private readonly log: AccessLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('children/:childRef/transfers')
  @Idempotent({ required: false })
  @ApiOperation({
    summary:
      'Ask another municipality’s coordinating unit to take the child over (the family moved)',
  })
  async request(
    @Param() { childRef }: ChildRefParam,
    @Body() { toMunicipality }: RequestTransferDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    const child = await this.access.childForCommand(caller, childRef, UNIT);
    const requested = {
      transferId: newEventId(),
      fromMunicipality: child.municipality,
      toMunicipality,
      requestedAt: this.clock().toISOString(),
      requestedBy: caller.sub,
    };
    const outcome = await writeChild(
      this.writer,
      child,
      { type: 'RequestTransfer', data: requested },
      context,
    );
    // A repeat recorded nothing: answer with the open transfer it repeats.
    const transfer = outcome.created
      ? requested
      : openTransferOf((await this.access.childForCommand(caller, childRef, UNIT)).state);
    return answerWrite(outcome, {
      transferId: transfer?.transferId,
      status: 'pending',
      fromMunicipality: child.municipality,
      toMunicipality,
      requestedAt: transfer?.requestedAt,
    });
  }

  @Post('transfers/:transferId/accept')
  @Idempotent({ required: false })
  @ApiOperation({
    summary:
      'Accept a transfer to your municipality: the child is yours from now on (its coordinator and consents end)',
  })
  async accept(
    @Param() { transferId }: TransferIdParam,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    const { childRef, toMunicipality } = await this.transferToCaller(caller, transferId);
    const acceptedAt = this.clock().toISOString();
    const command = {
      type: 'AcceptTransfer' as const,
      data: { transferId, acceptedAt, acceptedBy: caller.sub, byMunicipality: toMunicipality },
    };
    // Stamped with the receiving municipality: the child is its from this event on.
    const outcome = await writeChild(
      this.writer,
      { childRef, municipality: toMunicipality },
      command,
      context,
    );
    return answerWrite(outcome, { transferId, status: 'accepted', toMunicipality });
  }

  @Post('transfers/:transferId/decline')
  @Idempotent({ required: false })
  @ApiOperation({
    summary:
      'Decline a transfer to your municipality, with a reason for the sending unit: the child stays',
  })
  async decline(
    @Param() { transferId }: TransferIdParam,
    @Body() { reason }: DeclineTransferDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    const { childRef, toMunicipality } = await this.transferToCaller(caller, transferId);
    const declinedAt = this.clock().toISOString();
    const command = {
      type: 'DeclineTransfer' as const,
      data: {
        transferId,
        declinedAt,
        declinedBy: caller.sub,
        reason,
        byMunicipality: toMunicipality,
      },
    };
    // Stamped with the municipality that answers; the child's stays as it was.
    const outcome = await writeChild(
      this.writer,
      { childRef, municipality: toMunicipality },
      command,
      context,
    );
    return answerWrite(outcome, { transferId, status: 'declined', toMunicipality });
  }

  @Get('transfers')
  @ApiOperation({
    summary:
      'Transfers to and from your municipality, newest first: a pending incoming one shows the child’s name only, to recognise the family',
  })
  async list(
    @Query() { status }: TransfersQuery,
    @CurrentUser() caller: Principal,
    @Req() request: WithRequestId,
  ) {
    const municipality = municipalityOf(caller);
    const rows = await findTransfers(this.db, municipality, status);
    return {
      transfers: await Promise.all(
        rows.map((row) => this.view(row, municipality, caller, request)),
      ),
    };
  }

  /**
   * The transfer, for its receiving unit; 404 alike for an unknown id and another municipality's
   * transfer. The list (the read model) is where the unit found it; the child's stream decides.
   */
  private async transferToCaller(
    caller: Principal,
    transferId: string,
  ): Promise<{ childRef: string; toMunicipality: string }> {
    const found = await transferTo(this.db, transferId, municipalityOf(caller));
    const child = found && (await this.access.loadChild(found.childRef));
    if (!found || !child?.state.transfers[transferId])
      throw ProblemException.of(404, 'No transfer with this id for your municipality.');
    return found;
  }

  /**
   * What each side sees. Minimum necessary: the receiving unit sees a pending child's name (to
   * know the family) and nothing else of it; once it declined, not even that. The sending unit
   * sees its own child, and nothing once the child is another municipality's.
   */
  private async view(
    row: TransferListRow,
    municipality: string,
    caller: Principal,
    request: WithRequestId,
  ) {
    const incoming = row.to_municipality === municipality;
    const theirs = incoming ? row.status !== 'declined' : row.status !== 'accepted';
    const name = theirs
      ? await this.personalData.name(row.child_ref, {
          name: row.name,
          nameCiphertext: row.name_ciphertext,
        })
      : undefined;
    if (name !== undefined && incoming && row.status === 'pending')
      await this.log.record(caller, row.child_ref, 'transfer', UNIT, request.id);
    return {
      transferId: row.transfer_id,
      direction: incoming ? 'incoming' : 'outgoing',
      childRef: row.child_ref,
      name: name ?? null,
      fromMunicipality: row.from_municipality,
      toMunicipality: row.to_municipality,
      status: row.status,
      requestedAt: row.requested_at?.toISOString() ?? null,
      answeredAt: row.answered_at?.toISOString() ?? null,
      ...(row.status === 'declined' ? { reason: row.reason } : {}),
    };
  }
}
