import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsPersonalId } from '@samvirke/identity';
import { IsIdentifier } from '@samvirke/write-side';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { RULE_IDS } from '@samvirke/gap-engine';
import { GAP_STATUSES, TIMELINE_SECTORS } from '../../read-model';
import { CHILD_REF_MESSAGE, CHILD_REF_PATTERN } from '../../commands/params';
import { isCursorTime } from '../cursor';
import { IsCursor, IsTimeOrDate } from './query-validation';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

class Page {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: '$property must be a whole number' })
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;
}

export class AccessLogQuery extends Page {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsCursor(2, ([at, id]) => isCursorTime(at) && /^\d{1,18}$/.test(id))
  cursor?: string;
}

export class LookupChildDto {
  @ApiProperty({ description: 'Fødselsnummer or D-number: in the body, never in a URL' })
  @IsPersonalId()
  personalId!: string;
}

export class ChildrenQuery extends Page {
  @ApiPropertyOptional({
    description: 'true: only children who asked for a barnekoordinator and have none yet',
  })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '$property must be true or false' })
  waitingForCoordinator?: boolean;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsCursor(1, ([childRef]) => CHILD_REF_PATTERN.test(childRef))
  cursor?: string;
}

export class TimelineQuery extends Page {
  @ApiPropertyOptional({
    description: 'From this time (inclusive), or from the start of this date in Norway',
    example: '2026-03-01',
  })
  @IsOptional()
  @IsTimeOrDate()
  from?: string;

  @ApiPropertyOptional({
    description: 'Before this time, or up to the end of this date in Norway',
    example: '2026-03-31',
  })
  @IsOptional()
  @IsTimeOrDate()
  to?: string;

  @ApiPropertyOptional({ enum: TIMELINE_SECTORS })
  @IsOptional()
  @IsIn(TIMELINE_SECTORS, { message: `$property must be one of ${TIMELINE_SECTORS.join(', ')}` })
  sector?: (typeof TIMELINE_SECTORS)[number];

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsCursor(2, ([at]) => isCursorTime(at))
  cursor?: string;
}

/** `unresolved`: open or acknowledged, the gaps someone still has to close. */
export const GAP_STATUS_FILTERS = [...GAP_STATUSES, 'unresolved'] as const;

export class GapsQuery extends Page {
  @ApiPropertyOptional({
    enum: GAP_STATUS_FILTERS,
    description: 'unresolved = open or acknowledged',
  })
  @IsOptional()
  @IsIn(GAP_STATUS_FILTERS, {
    message: `$property must be one of ${GAP_STATUS_FILTERS.join(', ')}`,
  })
  status?: (typeof GAP_STATUS_FILTERS)[number];

  @ApiPropertyOptional({
    enum: TIMELINE_SECTORS,
    description: 'The sector whose rule found the gap',
  })
  @IsOptional()
  @IsIn(TIMELINE_SECTORS, { message: `$property must be one of ${TIMELINE_SECTORS.join(', ')}` })
  sector?: (typeof TIMELINE_SECTORS)[number];

  @ApiPropertyOptional({
    description:
      'Gaps of the children this coordinator coordinates (the coordinating unit and auditors)',
  })
  @IsOptional()
  @IsIdentifier()
  coordinatorId?: string;

  @ApiPropertyOptional({ enum: RULE_IDS })
  @IsOptional()
  @IsIn(RULE_IDS, {
    message: '$property must be the id of a gap rule, e.g. health.discharge-follow-up',
  })
  ruleId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(CHILD_REF_PATTERN, { message: CHILD_REF_MESSAGE })
  childRef?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsCursor(2, ([at, gapId]) => isCursorTime(at) && UUID.test(gapId))
  cursor?: string;
}
