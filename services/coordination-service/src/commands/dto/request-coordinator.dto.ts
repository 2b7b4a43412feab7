import { ApiProperty } from '@nestjs/swagger';
import { IsFactTime } from '@samvirke/write-side';

export class RequestCoordinatorDto {
  @ApiProperty({
    example: '2026-03-01T10:00:00+01:00',
    description: 'When the family asked for a barnekoordinator',
  })
  @IsFactTime()
  requestedAt!: string;
}
