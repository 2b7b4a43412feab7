import { ApiProperty } from '@nestjs/swagger';
import { IsIdentifier } from '@samvirke/write-side';

export class AdmissionIdParam {
  @ApiProperty()
  @IsIdentifier()
  admissionId!: string;
}

export class ReferralIdParam {
  @ApiProperty()
  @IsIdentifier()
  referralId!: string;
}
