import {
  Body,
  Controller,
  Delete,
  HttpCode,
  Inject,
  Param,
  Post,
  UseInterceptors,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { newEventId } from '@samvirke/contracts';
import { CurrentUser, Idempotent, Roles, type Principal } from '@samvirke/platform';
import {
  answerWrite,
  Correlation,
  EventWriter,
  WriteAnswerInterceptor,
  type RequestContext,
} from '@samvirke/write-side';
import { sameConsentAs, type Clock } from '../domain';
import { ChildAccess } from './child-access';
import { writeChild } from './children.controller';
import { CLOCK } from './clock';
import { GiveConsentDto } from './dto/give-consent.dto';
import { ChildRefParam, ConsentParams } from './params';

@ApiTags('consents')
@Roles('coordinator')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/children/:childRef/consents')
export class ConsentsController {
  constructor(
    private readonly writer: EventWriter,
    private readonly access: ChildAccess,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post()
  @Idempotent({ required: false })
  @ApiOperation({
    summary: 'Record consent to see the named sectors’ details; answers the new consentId',
  })
  async give(
    @Param() { childRef }: ChildRefParam,
    @Body() dto: GiveConsentDto,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    const child = await this.access.childForCommand(caller, childRef, ['coordinator']);
    const consent = { consentId: newEventId(), ...dto };
    const outcome = await writeChild(
      this.writer,
      child,
      { type: 'GiveConsent', data: consent },
      context,
    );
    // A repeat recorded nothing: answer with the consent in force that it repeats.
    const consentId = outcome.created
      ? consent.consentId
      : await this.consentRepeatedBy(childRef, consent);
    return answerWrite(outcome, { consentId });
  }

  @Delete(':consentId')
  @HttpCode(200)
  @Idempotent({ required: false })
  @ApiOperation({ summary: 'Withdraw a consent: its sectors’ details are hidden again at once' })
  async withdraw(
    @Param() { childRef, consentId }: ConsentParams,
    @CurrentUser() caller: Principal,
    @Correlation() context: RequestContext,
  ) {
    const child = await this.access.childForCommand(caller, childRef, ['coordinator']);
    const withdrawnAt = this.clock().toISOString();
    const outcome = await writeChild(
      this.writer,
      child,
      { type: 'WithdrawConsent', data: { consentId, withdrawnAt } },
      context,
    );
    return { eventId: outcome.eventId, childRef, consentId, withdrawnAt };
  }

  private async consentRepeatedBy(
    childRef: string,
    consent: GiveConsentDto & { consentId: string },
  ): Promise<string | undefined> {
    const child = await this.access.loadChild(childRef);
    return child && sameConsentAs(child.state, consent)?.consentId;
  }
}
