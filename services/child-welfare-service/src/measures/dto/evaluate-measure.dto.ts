import { ApiProperty } from '@nestjs/swagger';
import { IsFactTime } from '@samvirke/write-side';

export class EvaluateMeasureDto {
  @ApiProperty({
    example: '2026-09-20T10:00:00+02:00',
    description: 'When the measure was evaluated against its action plan (tiltaksplan)',
  })
  @IsFactTime()
  evaluatedAt!: string;
}
