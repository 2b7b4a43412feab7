import { ApiProperty } from '@nestjs/swagger';
import { IsPersonalId } from '@samvirke/identity';
import { IsFactTime, IsIdentifier, IsKommunenummer } from '@samvirke/write-side';
import { IsIn } from 'class-validator';

export const REPORTERS = [
  'school',
  'health',
  'kindergarten',
  'police',
  'family',
  'anonymous',
  'other',
] as const;

export class ReceiveConcernReportDto {
  @ApiProperty({ example: 'bm-2026-118', description: 'The case system’s id of the report' })
  @IsIdentifier()
  reportId!: string;

  @ApiProperty({
    description: 'Fødselsnummer or D-number (11 digits); never stored or published in clear',
  })
  @IsPersonalId()
  personalId!: string;

  @ApiProperty({ example: '4601', description: 'Kommunenummer of the child’s home municipality' })
  @IsKommunenummer()
  municipality!: string;

  @ApiProperty({ example: '2026-03-04T10:20:00+01:00' })
  @IsFactTime()
  receivedAt!: string;

  @ApiProperty({ enum: REPORTERS, description: 'Who sent the report' })
  @IsIn(REPORTERS)
  reporter!: (typeof REPORTERS)[number];
}
