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
  expertAssessmentDecider,
  recordsExpertAssessmentCommand,
  streamIdForExpertAssessment,
  type ExpertAssessmentCommand,
  type ExpertAssessmentEvent,
  type ExpertAssessmentState,
} from '../domain';
import { AssessmentIdParam } from '../params';
import { CompleteExpertAssessmentDto } from './dto/complete-expert-assessment.dto';
import { RequestExpertAssessmentDto } from './dto/request-expert-assessment.dto';

const expertAssessments: Aggregate<
  ExpertAssessmentCommand,
  ExpertAssessmentState,
  ExpertAssessmentEvent
> = {
  name: 'expert assessment',
  decider: expertAssessmentDecider,
  streamIdFor: streamIdForExpertAssessment,
  isRepeatOf: recordsExpertAssessmentCommand,
  idField: 'assessmentId',
};

@ApiTags('expert-assessments')
@Roles('sector:school')
@UseInterceptors(WriteAnswerInterceptor)
@Controller('v1/expert-assessments')
export class ExpertAssessmentsController {
  constructor(
    private readonly writer: EventWriter,
    private readonly children: ChildStreams,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Record that a PPT expert assessment (sakkyndig vurdering) was requested',
  })
  async request(@Body() dto: RequestExpertAssessmentDto, @Correlation() context: RequestContext) {
    const outcome = await this.children.write(
      expertAssessments,
      dto,
      (assessment) => ({ type: 'RequestExpertAssessment', data: assessment }),
      context,
    );
    return answerWrite(outcome, { assessmentId: dto.assessmentId });
  }

  @Post(':assessmentId/completion')
  @Idempotent()
  @ApiOperation({ summary: 'Record that a requested expert assessment was completed' })
  async complete(
    @Param() { assessmentId }: AssessmentIdParam,
    @Body() dto: CompleteExpertAssessmentDto,
    @Correlation() context: RequestContext,
  ) {
    const outcome = await this.writer.writeTo(
      expertAssessments,
      assessmentId,
      { type: 'CompleteExpertAssessment', data: { assessmentId, ...dto } },
      context,
    );
    return answerWrite(outcome, { assessmentId });
  }
}
