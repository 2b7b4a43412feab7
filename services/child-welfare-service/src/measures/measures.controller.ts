import { Body, Controller, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, Roles } from '@samvirke/platform';
import {
  answerWrite,
  ChildIdentity,
  Correlation,
  EventWriter,
  type RequestContext,
  type Write,
} from '@samvirke/write-side';
import type { Response } from 'express';
import {
  measureDecider,
  recordsMeasureCommand,
  streamIdForMeasure,
  type MeasureCommand,
} from '../domain';
import { MeasureIdParam } from '../params';
import { DecideMeasureDto } from './dto/decide-measure.dto';
import { EvaluateMeasureDto } from './dto/evaluate-measure.dto';

@ApiTags('measures')
@Roles('sector:child-welfare')
@Controller('v1/measures')
export class MeasuresController {
  constructor(
    private readonly writer: EventWriter,
    private readonly identity: ChildIdentity,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Record a support measure (hjelpetiltak) decided' })
  async decide(
    @Body() dto: DecideMeasureDto,
    @Correlation() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { personalId, municipality, ...measure } = dto;
    const childRef = this.identity.childRefOf(personalId);
    const outcome = await this.write(
      measure.measureId,
      { type: 'DecideMeasure', data: { ...measure, childRef, municipality } },
      context,
      {
        child: { childRef, municipality },
        sealedPersonalId: () => this.identity.seal(childRef, personalId),
      },
    );
    return answerWrite(res, outcome, { measureId: measure.measureId });
  }

  @Post(':measureId/evaluation')
  @Idempotent()
  @ApiOperation({
    summary: 'Record an evaluation of a measure; evaluations repeat, one per moment',
  })
  async evaluate(
    @Param() { measureId }: MeasureIdParam,
    @Body() dto: EvaluateMeasureDto,
    @Correlation() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ) {
    const outcome = await this.write(
      measureId,
      { type: 'EvaluateMeasure', data: { measureId, ...dto } },
      context,
    );
    return answerWrite(res, outcome, { measureId });
  }

  private write(
    measureId: string,
    command: MeasureCommand,
    context: RequestContext,
    start: Pick<Write<MeasureCommand, unknown, never>, 'child' | 'sealedPersonalId'> = {},
  ) {
    return this.writer.write({
      decider: measureDecider,
      streamId: streamIdForMeasure(measureId),
      command,
      isRepeatOf: recordsMeasureCommand,
      context,
      describe: `measure ${measureId}`,
      ...start,
    });
  }
}
