import type { NestExpressApplication } from '@nestjs/platform-express';
import { InProcessBus } from '@samvirke/messaging';
import { loadConfig } from '@samvirke/platform';
import { createDatabase, testPostgresUrl } from '@samvirke/testing';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { EventSourcedAppOptions } from '../event-sourced-app';
import { WriteSideConfig } from '../write-side.config';

/**
 * Services as `npm start` runs them, for a test: one in-process bus, one set of keys (so every
 * service finds the same childRef), each service on a fresh database of the tests' PostgreSQL.
 */
export class ServicesOnOneBus {
  readonly jwtSecret = randomBytes(32).toString('base64url');
  private readonly childRefKey = randomBytes(32).toString('base64');
  private readonly masterKey = randomBytes(32).toString('base64');
  private readonly bus = new InProcessBus();
  private readonly apps: NestExpressApplication[] = [];

  /** Starts a service on a free loopback port and answers its base URL. */
  async start(
    create: (options: EventSourcedAppOptions) => Promise<NestExpressApplication>,
    name: string,
  ): Promise<string> {
    const config = loadConfig(WriteSideConfig, {
      DATABASE_URL: await createDatabase(testPostgresUrl(), name),
      SAMVIRKE_JWT_SECRET: this.jwtSecret,
      SAMVIRKE_CHILDREF_KEY: this.childRefKey,
      SAMVIRKE_KEYRING_MASTER_KEY: this.masterKey,
      BUS: 'in-process',
      LOG_LEVEL: 'silent',
    });
    const app = await create({ config, transport: this.bus });
    this.apps.push(app);
    await app.listen(0, '127.0.0.1');
    return `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const app of this.apps.reverse()) await app.close();
    await this.bus.close();
  }
}
