import { ApiProperty } from '@nestjs/swagger';
import { CONCERN_REPORTERS } from '@samvirke/contracts';
import { IsPersonalId } from '@samvirke/identity';
import { IsFactTime, IsIdentifier, IsKommunenummer } from '@samvirke/write-side';
import { IsIn } from 'class-validator';

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

  @ApiProperty({ enum: CONCERN_REPORTERS, description: 'Who sent the report' })
  @IsIn(CONCERN_REPORTERS)
  reporter!: (typeof CONCERN_REPORTERS)[number];
}
