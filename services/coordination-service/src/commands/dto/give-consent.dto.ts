import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONSENT_GIVERS, CONSENT_SECTORS, type ConsentSector } from '@samvirke/contracts';
import { IsFactTime, IsTime } from '@samvirke/write-side';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, ValidateIf } from 'class-validator';
import { IsAfter } from './validation';

export class GiveConsentDto {
  @ApiProperty({ enum: CONSENT_SECTORS, isArray: true, example: ['health', 'school'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CONSENT_SECTORS, {
    each: true,
    message: `each value in $property must be one of ${CONSENT_SECTORS.join(', ')}`,
  })
  sectors!: ConsentSector[];

  @ApiProperty({ enum: CONSENT_GIVERS })
  @IsIn(CONSENT_GIVERS)
  givenBy!: (typeof CONSENT_GIVERS)[number];

  @ApiProperty({ example: '2026-03-05T13:00:00+01:00' })
  @IsFactTime()
  givenAt!: string;

  @ApiPropertyOptional({
    example: '2027-03-05T13:00:00+01:00',
    description: 'After this the consent no longer covers anything',
  })
  // null is refused as a wrong type rather than read as "no expiry" (IsOptional lets it through to the decider)
  @ValidateIf((dto: GiveConsentDto) => dto.expiresAt !== undefined)
  @IsTime()
  @IsAfter('givenAt')
  expiresAt?: string;
}
