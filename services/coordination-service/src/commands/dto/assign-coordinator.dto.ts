import { ApiProperty } from '@nestjs/swagger';
import { IsFactTime, IsIdentifier } from '@samvirke/write-side';

export class AssignCoordinatorDto {
  @ApiProperty({
    example: 'coord-kari',
    description: "The coordinator's user id (the `sub` of their token)",
  })
  @IsIdentifier()
  coordinatorId!: string;

  @ApiProperty({ example: '2026-03-05T12:00:00+01:00' })
  @IsFactTime()
  assignedAt!: string;
}
