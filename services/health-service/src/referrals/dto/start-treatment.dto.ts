import { ApiProperty } from '@nestjs/swagger';
import { IsFactTime } from '@samvirke/write-side';

export class StartTreatmentDto {
  @ApiProperty({ example: '2026-05-20T09:00:00+02:00' })
  @IsFactTime()
  startedAt!: string;
}
