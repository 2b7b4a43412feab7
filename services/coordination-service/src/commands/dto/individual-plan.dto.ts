import { ApiProperty } from '@nestjs/swagger';
import { IsFactTime, IsTime } from '@samvirke/write-side';
import { IsAfter } from './validation';

export class EstablishPlanDto {
  @ApiProperty({ example: '2026-03-20T10:00:00+01:00' })
  @IsFactTime()
  establishedAt!: string;

  @ApiProperty({
    example: '2026-09-20T10:00:00+02:00',
    description: 'When the plan must be reviewed',
  })
  @IsTime()
  @IsAfter('establishedAt')
  reviewDueAt!: string;
}

export class RevisePlanDto {
  @ApiProperty({ example: '2026-09-15T10:00:00+02:00' })
  @IsFactTime()
  revisedAt!: string;

  @ApiProperty({ example: '2027-03-15T10:00:00+01:00', description: 'The next review' })
  @IsTime()
  @IsAfter('revisedAt')
  reviewDueAt!: string;
}

export class RecordMeetingDto {
  @ApiProperty({ example: '2026-04-02T14:00:00+02:00' })
  @IsFactTime()
  heldAt!: string;
}
