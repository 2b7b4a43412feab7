import { Controller, Get, Inject, Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { bootstrapService, TEST_JWT_SECRET } from './bootstrap';
import { Public } from './auth/decorators';
import { BaseConfig } from './config/base-config';
import { loadConfig } from './config/load-config';
import { PLATFORM_CONFIG } from './platform.module';

@Controller('v1/whoami')
class WhoAmIController {
  constructor(@Inject(PLATFORM_CONFIG) private readonly config: BaseConfig) {}

  @Public()
  @Get()
  whoAmI() {
    return { logLevel: this.config.LOG_LEVEL };
  }
}

@Module({ controllers: [WhoAmIController] })
class WhoAmIModule {}

describe('bootstrapService', () => {
  let app: NestExpressApplication | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  const config = (env: Record<string, string>) =>
    loadConfig(BaseConfig, {
      DATABASE_URL: 'postgres://x@127.0.0.1/unused',
      SAMVIRKE_JWT_SECRET: TEST_JWT_SECRET,
      LOG_LEVEL: 'silent',
      ...env,
    });

  it('listens on PORT from the config rather than the default port, and provides the config', async () => {
    app = await bootstrapService({
      module: WhoAmIModule,
      name: 'whoami-service',
      port: 1,
      host: '127.0.0.1',
      config: config({ PORT: '0' }),
      idempotency: { store: 'memory' },
    });
    const address = app.getHttpServer().address() as AddressInfo;
    expect(address.port).toBeGreaterThan(1);
    expect((await request(app.getHttpServer()).get('/v1/whoami')).body).toEqual({
      logLevel: 'silent',
    });
  });

  it('fails to start when its port is taken', async () => {
    app = await bootstrapService({
      module: WhoAmIModule,
      name: 'first',
      port: 0,
      host: '127.0.0.1',
      config: config({}),
      idempotency: { store: 'memory' },
    });
    const taken = String((app.getHttpServer().address() as AddressInfo).port);
    await expect(
      bootstrapService({
        module: WhoAmIModule,
        name: 'second',
        port: 0,
        host: '127.0.0.1',
        config: config({ PORT: taken }),
        idempotency: { store: 'memory' },
      }),
    ).rejects.toThrow(/EADDRINUSE/);
  });

  it('fails to start when the idempotency store cannot reach its database', async () => {
    await expect(
      bootstrapService({
        module: WhoAmIModule,
        name: 'whoami-service',
        port: 0,
        host: '127.0.0.1',
        config: config({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }),
      }),
    ).rejects.toThrow(/ECONNREFUSED/);
  });
});
