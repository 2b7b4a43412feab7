import { ApiProperty } from '@nestjs/swagger';
import { ADMISSION_KINDS } from '@samvirke/contracts';
import { IsPersonalId } from '@samvirke/identity';
import { IsFactTime, IsIdentifier, IsKommunenummer } from '@samvirke/write-side';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';

export class RecordAdmissionDto {
  @ApiProperty({ example: 'adm-2026-0042', description: 'The hospital system’s id of the stay' })
  @IsIdentifier()
  admissionId!: string;

  @ApiProperty({
    description: 'Fødselsnummer or D-number (11 digits); never stored or published in clear',
  })
  @IsPersonalId()
  personalId!: string;

  @ApiProperty({ example: '5001', description: 'Kommunenummer of the child’s home municipality' })
  @IsKommunenummer()
  municipality!: string;

  @ApiProperty({ example: 'St. Olavs hospital, barneklinikken' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  facility!: string;

  @ApiProperty({ enum: ADMISSION_KINDS })
  @IsIn(ADMISSION_KINDS)
  kind!: (typeof ADMISSION_KINDS)[number];

  @ApiProperty({ example: '2026-03-02T08:15:00+01:00' })
  @IsFactTime()
  admittedAt!: string;
}
