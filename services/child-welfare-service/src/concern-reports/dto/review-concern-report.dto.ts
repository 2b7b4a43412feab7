import { ApiProperty } from '@nestjs/swagger';
import { REVIEW_DECISIONS } from '@samvirke/contracts';
import { IsFactTime } from '@samvirke/write-side';
import { IsIn } from 'class-validator';

export class ReviewConcernReportDto {
  @ApiProperty({ example: '2026-03-09T14:00:00+01:00' })
  @IsFactTime()
  reviewedAt!: string;

  @ApiProperty({
    enum: REVIEW_DECISIONS,
    description: 'Investigate, or dismiss (barnevernsloven §2-1)',
  })
  @IsIn(REVIEW_DECISIONS)
  decision!: (typeof REVIEW_DECISIONS)[number];
}
