import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Role } from '@samvirke/platform';
import type { EventSourcedAppOptions } from '../event-sourced-app';
import {
  checkRoute,
  EventCounter,
  routeName,
  type RouteUnderTest,
  type ServiceUnderTest,
} from './hostile-requests';
import { SectorHarness } from './sector-harness';

export interface HostileInputSuite {
  create: (options: EventSourcedAppOptions) => Promise<NestExpressApplication>;
  harness: { role: Role; topic: string; name: string };
  /** Facts sent first, so that valid-shaped cases of the sub-resource routes reach the deciders. */
  facts: ReadonlyArray<readonly [string, object]>;
  routes: RouteUnderTest[];
}

/**
 * Every route of a sector service against generated hostile requests, on real PostgreSQL:
 * never a 5xx, and a 4xx appends nothing.
 */
export function describeHostileInput(title: string, suite: HostileInputSuite): void {
  describe(title, () => {
    let harness: SectorHarness;
    let service: ServiceUnderTest;

    beforeAll(async () => {
      harness = await SectorHarness.start(suite.create, suite.harness);
      service = {
        url: harness.url,
        counter: await EventCounter.open(harness.config.DATABASE_URL),
        tokens: { default: await harness.token([suite.harness.role]) },
      };
      for (const [path, body] of suite.facts)
        expect((await harness.post(path, body)).status).toBe(201);
    });
    afterAll(async () => {
      await service?.counter.close();
      await harness?.close();
    });

    it.each(suite.routes.map((route) => [routeName(route), route] as const))(
      '%s: never a 5xx; a 4xx appends nothing',
      async (_name, route) => {
        await checkRoute(service, route);
      },
    );
  });
}
