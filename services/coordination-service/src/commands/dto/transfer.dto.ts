import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsKommunenummer } from '@samvirke/write-side';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

export class RequestTransferDto {
  @ApiProperty({
    example: '4601',
    description: 'kommunenummer of the municipality the family moved to',
  })
  @IsKommunenummer()
  toMunicipality!: string;
}

export class DeclineTransferDto {
  @ApiProperty({
    example: 'The family is not registered as living here.',
    maxLength: 500,
    description: 'for the sending unit; not for personal data',
  })
  @IsString()
  @MaxLength(500)
  @Matches(/\S/, { message: '$property must not be blank' })
  reason!: string;
}

export const TRANSFER_STATUSES = ['pending', 'accepted', 'declined'] as const;

export class TransfersQuery {
  @ApiPropertyOptional({ enum: TRANSFER_STATUSES })
  @IsOptional()
  @IsIn(TRANSFER_STATUSES, { message: `$property must be one of ${TRANSFER_STATUSES.join(', ')}` })
  status?: (typeof TRANSFER_STATUSES)[number];
}
