import { ApiProperty } from '@nestjs/swagger';
import { IsPersonalId } from '@samvirke/identity';
import { IsFactTime, IsIdentifier, IsKommunenummer } from '@samvirke/write-side';

export class RequestExpertAssessmentDto {
  @ApiProperty({
    example: 'ppt-2026-09',
    description: 'The PPT case id of the sakkyndig vurdering',
  })
  @IsIdentifier()
  assessmentId!: string;

  @ApiProperty({
    description: 'Fødselsnummer or D-number (11 digits); never stored or published in clear',
  })
  @IsPersonalId()
  personalId!: string;

  @ApiProperty({ example: '0301' })
  @IsKommunenummer()
  municipality!: string;

  @ApiProperty({ example: '2026-01-15T09:00:00+01:00' })
  @IsFactTime()
  requestedAt!: string;
}
