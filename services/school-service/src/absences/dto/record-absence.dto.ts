import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ABSENCE_SCOPES } from '@samvirke/contracts';
import { IsPersonalId } from '@samvirke/identity';
import { IsFactDate, IsIdentifier, IsKommunenummer } from '@samvirke/write-side';
import {
  IsBoolean,
  IsIn,
  IsNumber,
  IsPositive,
  Max,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

export class RecordAbsenceDto {
  @ApiProperty({
    description: 'Fødselsnummer or D-number (11 digits); never stored or published in clear',
  })
  @IsPersonalId()
  personalId!: string;

  @ApiProperty({ example: '0301', description: 'Kommunenummer of the child’s home municipality' })
  @IsKommunenummer()
  municipality!: string;

  @ApiProperty({
    example: 'school-0301-017',
    description: 'The school’s id in the school administration system',
  })
  @IsIdentifier()
  schoolId!: string;

  @ApiProperty({
    example: '2026-03-03',
    description: 'The school day the child was absent; one absence per child and date',
  })
  @IsFactDate()
  date!: string;

  @ApiProperty({ enum: ABSENCE_SCOPES })
  @IsIn(ABSENCE_SCOPES)
  scope!: (typeof ABSENCE_SCOPES)[number];

  @ApiPropertyOptional({
    example: 2.5,
    minimum: 0,
    exclusiveMinimum: true,
    maximum: 24,
    description: 'Hours absent; only for a partial day',
  })
  // null is refused as a wrong type rather than read as "no hours"
  @ValidateIf((dto: RecordAbsenceDto) => dto.hours !== undefined)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @IsPositive()
  @Max(24)
  @ValidateBy(
    {
      name: 'onlyWhenPartial',
      validator: {
        validate: (_value, args) => (args?.object as RecordAbsenceDto).scope === 'partial',
      },
    },
    { message: '$property is only given for a partial absence' },
  )
  hours?: number;

  @ApiProperty({ description: 'The absence is documented (e.g. a medical certificate)' })
  @IsBoolean()
  documented!: boolean;
}
