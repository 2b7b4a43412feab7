import { Body, Controller, Param, Post, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Idempotent, Roles } from '@samvirke/platform';
import {
  answerWrite,
  ChildStreams,
  Correlation,
  EventWriter,
  WriteAnswerInterceptor,
  type Aggregate,
  type RequestContext,
} from '@samvirke/write-side';
import {
  measureDecider,
  recordsMeasureCommand,
  streamIdForMeasure,
  type MeasureCommand,
  type MeasureEvent,
  type MeasureState,
} from '../domain';
import { MeasureIdParam } from '../params';
import { DecideMeasureDto } from './dto/decide-measure.dto';
import { EvaluateMeasureDto } from './dto/evaluate-measure.dto';

const measures: Aggregate<MeasureCommand, MeasureState, MeasureEvent> = {
  name: 'measure',
  decider: measureDecider,
  streamIdFor: streamIdForMeasure,
  isRepeatOf: recordsMeasureCommand,
  idField: 'measureId',
};

@ApiTags('measures')
@Roles('sector:child-welfare')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/measures')
export class MeasuresController {
  constructor(
    private readonly writer: EventWriter,
    private readonly children: ChildStreams,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Record a support measure (hjelpetiltak) decided' })
  async decide(@Body() dto: DecideMeasureDto, @Correlation() context: RequestContext) {
    const outcome = await this.children.write(
      measures,
      dto,
      (measure) => ({ type: 'DecideMeasure', data: measure }),
      context,
    );
    return answerWrite(outcome, { measureId: dto.measureId });
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
  ) {
    const outcome = await this.writer.writeTo(
      measures,
      measureId,
      { type: 'EvaluateMeasure', data: { measureId, ...dto } },
      context,
    );
    return answerWrite(outcome, { measureId });
  }
}
