import { ApiProperty } from '@nestjs/swagger';
import { IsPersonalId } from '@samvirke/identity';
import { IsKommunenummer } from '@samvirke/write-side';
import { IsString, Matches, MaxLength } from 'class-validator';

export class EnrolChildDto {
  @ApiProperty({
    description: 'Fødselsnummer or D-number (11 digits); never stored or published in clear',
  })
  @IsPersonalId()
  personalId!: string;

  @ApiProperty({
    example: 'Kari Nordmann',
    description: "The child's name; stored only encrypted with the child's own key",
  })
  @IsString()
  @MaxLength(200)
  @Matches(/\S/, { message: '$property must not be blank' })
  name!: string;

  @ApiProperty({
    example: '5001',
    description: "Kommunenummer: the coordinating unit's own municipality",
  })
  @IsKommunenummer()
  municipality!: string;
}
