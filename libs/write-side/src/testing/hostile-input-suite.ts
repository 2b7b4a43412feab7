import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Role } from '@samvirke/platform';
import type { EventSourcedAppOptions } from '../event-sourced-app';
import {
  checkRoute,
  routeName,
  RowCounter,
  type RouteUnderTest,
  type ServiceUnderTest,
} from './hostile-requests';
import { SectorHarness } from './sector-harness';

export interface HostileInputSuite {
  create: (options: EventSourcedAppOptions) => Promise<NestExpressApplication>;
  harness: { role: Role; topic: string; name: string };
  /** Who the routes' `caller` names, besides `default` (the harness's role, no municipality), which this may replace. */
  callers?: Record<string, { roles: Role[]; municipality?: string; sub?: string }>;
  /** Facts sent first, so that valid-shaped cases of the sub-resource routes reach the deciders. */
  facts?: ReadonlyArray<readonly [string, object]>;
  /** After the facts: whatever else the routes need (ids, cursors, read-model rows), made on the running service. */
  arrange?: (context: {
    harness: SectorHarness;
    tokens: Readonly<Record<string, string>>;
  }) => Promise<void>;
  /** Tables besides the event store that a 4xx must leave as they were, as `schema.table`. */
  unchanged?: readonly string[];
  /** In the order they run. A function gives a route whose values `arrange` makes (its method and path are read before). */
  routes: ReadonlyArray<RouteUnderTest | (() => RouteUnderTest)>;
}

/**
 * Every route of a service against generated hostile requests, on real PostgreSQL: never a
 * 5xx, and a 4xx changes nothing (no event, no row of the `unchanged` tables).
 */
export function describeHostileInput(title: string, suite: HostileInputSuite): void {
  describe(title, () => {
    let harness: SectorHarness;
    let service: ServiceUnderTest;

    beforeAll(async () => {
      harness = await SectorHarness.start(suite.create, suite.harness);
      const tokens: Record<string, string> = { default: await harness.token([suite.harness.role]) };
      for (const [name, { roles, municipality, sub }] of Object.entries(suite.callers ?? {}))
        tokens[name] = await harness.token(roles, municipality, sub);
      for (const [path, body] of suite.facts ?? [])
        expect((await harness.post(path, body)).status).toBe(201);
      await suite.arrange?.({ harness, tokens });
      service = {
        url: harness.url,
        counter: await RowCounter.open(harness.config.DATABASE_URL, suite.unchanged),
        tokens,
      };
    });
    afterAll(async () => {
      await service?.counter.close();
      await harness?.close();
    });

    const routeOf = (route: RouteUnderTest | (() => RouteUnderTest)) =>
      typeof route === 'function' ? route() : route;
    it.each(suite.routes.map((route) => [routeName(routeOf(route)), route] as const))(
      '%s: never a 5xx; a 4xx changes nothing',
      async (_name, route) => {
        await checkRoute(service, routeOf(route));
      },
    );
  });
}
