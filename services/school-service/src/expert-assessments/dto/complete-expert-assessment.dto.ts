import { ApiProperty } from '@nestjs/swagger';
import { IsFactTime } from '@samvirke/write-side';
import { IsBoolean } from 'class-validator';

export class CompleteExpertAssessmentDto {
  @ApiProperty({ example: '2026-04-01T15:00:00+02:00' })
  @IsFactTime()
  completedAt!: string;

  @ApiProperty({ description: 'The assessment recommends special education (spesialundervisning)' })
  @IsBoolean()
  recommendsSpecialEducation!: boolean;
}
