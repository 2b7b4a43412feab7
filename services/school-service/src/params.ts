import { ApiProperty } from '@nestjs/swagger';
import { IsIdentifier } from '@samvirke/write-side';

export class AssessmentIdParam {
  @ApiProperty()
  @IsIdentifier()
  assessmentId!: string;
}
