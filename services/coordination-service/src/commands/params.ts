import { ApiProperty } from '@nestjs/swagger';
import { IsIdentifier } from '@samvirke/write-side';
import { IsUUID, Matches } from 'class-validator';

/** `c<version>_<43 base64url characters>`, as `childRefFor` makes them. */
export const CHILD_REF_PATTERN = /^c[1-9]\d{0,5}_[A-Za-z0-9_-]{43}$/;
export const CHILD_REF_MESSAGE =
  '$property must be a childRef (c1_ followed by 43 letters, digits, - or _)';

export class ChildRefParam {
  @ApiProperty({ example: 'c1_BLuqfQJ2tYakrn8bqrYPjLG48FtFL23ju9t4eteE2X4' })
  @Matches(CHILD_REF_PATTERN, { message: CHILD_REF_MESSAGE })
  childRef!: string;
}

export class ConsentParams extends ChildRefParam {
  @ApiProperty()
  @IsIdentifier()
  consentId!: string;
}

export class GapIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: '$property must be a gap id (a UUID)' })
  gapId!: string;
}

export class TransferIdParam {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: '$property must be a transfer id (a UUID)' })
  transferId!: string;
}
