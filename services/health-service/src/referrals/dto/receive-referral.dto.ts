import { ApiProperty } from '@nestjs/swagger';
import { REFERRAL_SERVICES } from '@samvirke/contracts';
import { IsPersonalId } from '@samvirke/identity';
import { IsFactTime, IsIdentifier, IsKommunenummer } from '@samvirke/write-side';
import { IsIn } from 'class-validator';

export class ReceiveReferralDto {
  @ApiProperty({ example: 'ref-2026-0107' })
  @IsIdentifier()
  referralId!: string;

  @ApiProperty({
    description: 'Fødselsnummer or D-number (11 digits); never stored or published in clear',
  })
  @IsPersonalId()
  personalId!: string;

  @ApiProperty({ example: '5001' })
  @IsKommunenummer()
  municipality!: string;

  @ApiProperty({ enum: REFERRAL_SERVICES })
  @IsIn(REFERRAL_SERVICES)
  service!: (typeof REFERRAL_SERVICES)[number];

  @ApiProperty({ example: '2026-04-01T10:00:00+02:00' })
  @IsFactTime()
  receivedAt!: string;
}
