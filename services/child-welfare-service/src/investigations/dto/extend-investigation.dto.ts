import { ApiProperty } from '@nestjs/swagger';
import { IsFactTime } from '@samvirke/write-side';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ExtendInvestigationDto {
  @ApiProperty({ example: '2026-06-01T09:00:00+02:00' })
  @IsFactTime()
  extendedAt!: string;

  @ApiProperty({
    example: 'Awaiting specialist assessment',
    description: 'Why the deadline is extended from 3 to 6 months (barnevernsloven §2-2)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}
