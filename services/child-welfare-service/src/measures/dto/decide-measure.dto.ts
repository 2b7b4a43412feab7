import { ApiProperty } from '@nestjs/swagger';
import { IsPersonalId } from '@samvirke/identity';
import { IsFactTime, IsIdentifier, IsKommunenummer } from '@samvirke/write-side';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class DecideMeasureDto {
  @ApiProperty({ example: 'tiltak-901', description: 'The case system’s id of the measure' })
  @IsIdentifier()
  measureId!: string;

  @ApiProperty({
    description: 'Fødselsnummer or D-number (11 digits); never stored or published in clear',
  })
  @IsPersonalId()
  personalId!: string;

  @ApiProperty({ example: '4601', description: 'Kommunenummer of the child’s home municipality' })
  @IsKommunenummer()
  municipality!: string;

  @ApiProperty({
    example: 'parental guidance',
    description: 'The kind of support measure (hjelpetiltak), as the case system names it',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  kind!: string;

  @ApiProperty({ example: '2026-06-25T10:00:00+02:00' })
  @IsFactTime()
  decidedAt!: string;
}
