import { ApiProperty } from '@nestjs/swagger';
import { DISCHARGE_DESTINATIONS } from '@samvirke/contracts';
import { IsFactTime } from '@samvirke/write-side';
import { IsBoolean, IsIn } from 'class-validator';

export class RecordDischargeDto {
  @ApiProperty({ example: '2026-03-09T14:00:00+01:00' })
  @IsFactTime()
  dischargedAt!: string;

  @ApiProperty({ description: 'The municipality must follow the child up after the stay' })
  @IsBoolean()
  followUpNeeded!: boolean;

  @ApiProperty({ enum: DISCHARGE_DESTINATIONS })
  @IsIn(DISCHARGE_DESTINATIONS)
  destination!: (typeof DISCHARGE_DESTINATIONS)[number];
}
