import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';

export class GapNoteDto {
  @ApiProperty({ example: 'Called the health nurse; visit booked.', maxLength: 2000 })
  @IsString()
  @MaxLength(2000)
  @Matches(/\S/, { message: '$property must not be blank' })
  note!: string;
}
