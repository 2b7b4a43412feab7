import { Controller, Get, Inject, Query, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, ProblemException, Roles, type Principal } from '@samvirke/platform';
import { municipalityOf } from './caller';
import { ruleFigures } from './queries/statistics.query';
import { CallerRateLimit } from './rate-limits';
import { READ_MODEL_DB, type ReadModelDb } from './read-model.database';

@ApiTags('statistics')
@Roles('coordinating-unit', 'auditor')
@UseGuards(CallerRateLimit)
@SkipThrottle({ lookup: true })
@Controller('v1/statistics')
export class StatisticsController {
  constructor(@Inject(READ_MODEL_DB) private readonly db: ReadModelDb) {}

  @Get()
  @ApiOperation({
    summary:
      'Per gap rule, for your municipality: gaps opened, open now, resolved, and the share resolved within the deadline',
  })
  async figures(@Query() query: Record<string, unknown>, @CurrentUser() caller: Principal) {
    const unknown = Object.keys(query);
    if (unknown.length > 0) {
      throw ProblemException.validation(
        unknown.map((field) => ({ field, message: `${field} is not a parameter of the figures` })),
      );
    }
    const municipality = municipalityOf(caller);
    return { municipality, rules: await ruleFigures(this.db, municipality) };
  }
}
