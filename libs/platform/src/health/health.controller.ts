import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { problem, ProblemException } from '../errors/problem';
import { HealthRegistry, Readiness } from './health.registry';

@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@Inject(HealthRegistry) private readonly registry: HealthRegistry) {}

  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is running.' })
  live(): { status: 'live' } {
    return { status: 'live' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'Every readiness check passes.' })
  @ApiServiceUnavailableResponse({
    description: 'A problem document whose `checks` say which check failed.',
  })
  async ready(): Promise<{ status: 'ready'; checks: Readiness['checks'] }> {
    const { ready, checks } = await this.registry.readiness();
    if (!ready) {
      const down = Object.keys(checks).filter((name) => checks[name].status === 'down');
      throw new ProblemException(problem(503, `Not ready: ${down.join(', ')}.`, { checks }));
    }
    return { status: 'ready', checks };
  }
}
