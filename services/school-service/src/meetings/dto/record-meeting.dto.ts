import { ApiProperty } from '@nestjs/swagger';
import { MEETING_KINDS } from '@samvirke/contracts';
import { IsPersonalId } from '@samvirke/identity';
import { IsFactTime, IsIdentifier, IsKommunenummer } from '@samvirke/write-side';
import { IsIn } from 'class-validator';

export class RecordMeetingDto {
  @ApiProperty({ example: 'mtg-311', description: 'The school system’s id of the meeting' })
  @IsIdentifier()
  meetingId!: string;

  @ApiProperty({
    description: 'Fødselsnummer or D-number (11 digits); never stored or published in clear',
  })
  @IsPersonalId()
  personalId!: string;

  @ApiProperty({ example: '0301' })
  @IsKommunenummer()
  municipality!: string;

  @ApiProperty({ enum: MEETING_KINDS })
  @IsIn(MEETING_KINDS)
  kind!: (typeof MEETING_KINDS)[number];

  @ApiProperty({ example: '2026-03-13T13:00:00+01:00' })
  @IsFactTime()
  occurredAt!: string;
}
