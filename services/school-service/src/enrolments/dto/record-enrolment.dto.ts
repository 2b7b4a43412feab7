import { ApiProperty } from '@nestjs/swagger';
import { ENROLMENT_STAGES } from '@samvirke/contracts';
import { IsPersonalId } from '@samvirke/identity';
import { IsCalendarDate, IsIdentifier, IsKommunenummer } from '@samvirke/write-side';
import { IsIn } from 'class-validator';

export class RecordEnrolmentDto {
  @ApiProperty({
    description: 'Fødselsnummer or D-number (11 digits); never stored or published in clear',
  })
  @IsPersonalId()
  personalId!: string;

  @ApiProperty({ example: '0301' })
  @IsKommunenummer()
  municipality!: string;

  @ApiProperty({ example: 'school-0301-017' })
  @IsIdentifier()
  schoolId!: string;

  @ApiProperty({ enum: ENROLMENT_STAGES })
  @IsIn(ENROLMENT_STAGES)
  stage!: (typeof ENROLMENT_STAGES)[number];

  @ApiProperty({
    example: '2025-08-18',
    description:
      'First day at this school; may lie ahead (pupils are enrolled in spring for the autumn)',
  })
  @IsCalendarDate()
  from!: string;
}
