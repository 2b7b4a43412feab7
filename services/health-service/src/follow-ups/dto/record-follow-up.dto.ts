import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FOLLOW_UP_KINDS } from '@samvirke/contracts';
import { IsPersonalId } from '@samvirke/identity';
import { IsFactTime, IsIdentifier, IsKommunenummer } from '@samvirke/write-side';
import { IsIn, IsOptional } from 'class-validator';

export class RecordFollowUpDto {
  @ApiProperty({ example: 'fu-2026-0311' })
  @IsIdentifier()
  followUpId!: string;

  @ApiProperty({
    description: 'Fødselsnummer or D-number (11 digits); never stored or published in clear',
  })
  @IsPersonalId()
  personalId!: string;

  @ApiProperty({ example: '5001' })
  @IsKommunenummer()
  municipality!: string;

  @ApiProperty({ enum: FOLLOW_UP_KINDS })
  @IsIn(FOLLOW_UP_KINDS)
  kind!: (typeof FOLLOW_UP_KINDS)[number];

  @ApiProperty({ example: '2026-03-12T13:00:00+01:00' })
  @IsFactTime()
  occurredAt!: string;

  @ApiPropertyOptional({ description: 'The admission this contact follows up, when there is one' })
  @IsOptional()
  @IsIdentifier()
  admissionId?: string;
}
