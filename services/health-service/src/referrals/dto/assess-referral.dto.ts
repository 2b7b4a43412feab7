import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REFERRAL_OUTCOMES } from '@samvirke/contracts';
import { IsCalendarDate, IsFactTime } from '@samvirke/write-side';
import { IsIn, IsOptional, ValidateBy } from 'class-validator';

export class AssessReferralDto {
  @ApiProperty({ example: '2026-04-10T12:00:00+02:00' })
  @IsFactTime()
  assessedAt!: string;

  @ApiProperty({ enum: REFERRAL_OUTCOMES })
  @IsIn(REFERRAL_OUTCOMES)
  outcome!: (typeof REFERRAL_OUTCOMES)[number];

  @ApiPropertyOptional({
    example: '2026-06-01',
    description: 'Latest date treatment must start; only for an accepted referral (pbrl §2-2)',
  })
  @IsOptional()
  @IsCalendarDate()
  @ValidateBy(
    {
      name: 'onlyWhenAccepted',
      validator: {
        validate: (_value, args) => (args?.object as AssessReferralDto).outcome === 'accepted',
      },
    },
    { message: '$property is only given for an accepted referral' },
  )
  treatmentDeadline?: string;
}
