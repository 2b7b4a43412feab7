import { ApiProperty } from '@nestjs/swagger';
import { IsFactTime, IsIdentifier } from '@samvirke/write-side';

export class StartInvestigationDto {
  @ApiProperty({ example: 'us-2026-044', description: 'The case system’s id of the investigation' })
  @IsIdentifier()
  investigationId!: string;

  @ApiProperty({
    example: 'bm-2026-118',
    description: 'The concern report it follows; the child and municipality are the report’s',
  })
  @IsIdentifier()
  reportId!: string;

  @ApiProperty({ example: '2026-03-10T09:00:00+01:00' })
  @IsFactTime()
  startedAt!: string;
}
