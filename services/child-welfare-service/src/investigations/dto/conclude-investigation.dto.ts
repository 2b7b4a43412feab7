import { ApiProperty } from '@nestjs/swagger';
import { INVESTIGATION_OUTCOMES } from '@samvirke/contracts';
import { IsFactTime } from '@samvirke/write-side';
import { IsIn } from 'class-validator';

export class ConcludeInvestigationDto {
  @ApiProperty({ example: '2026-06-20T12:00:00+02:00' })
  @IsFactTime()
  concludedAt!: string;

  @ApiProperty({ enum: INVESTIGATION_OUTCOMES })
  @IsIn(INVESTIGATION_OUTCOMES)
  outcome!: (typeof INVESTIGATION_OUTCOMES)[number];
}
