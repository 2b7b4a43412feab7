import { ApiProperty } from '@nestjs/swagger';
import { IsIdentifier } from '@samvirke/write-side';

export class ReportIdParam {
  @ApiProperty()
  @IsIdentifier()
  reportId!: string;
}

export class InvestigationIdParam {
  @ApiProperty()
  @IsIdentifier()
  investigationId!: string;
}

export class MeasureIdParam {
  @ApiProperty()
  @IsIdentifier()
  measureId!: string;
}
