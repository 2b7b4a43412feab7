import { ApiProperty } from '@nestjs/swagger';
import { IsFactTime } from '@samvirke/write-side';

export class SendDischargeSummaryDto {
  @ApiProperty({ example: '2026-03-10T09:00:00+01:00', description: 'When the epikrise was sent' })
  @IsFactTime()
  sentAt!: string;
}
