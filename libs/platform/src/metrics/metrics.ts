import type { NextFunction, Request, Response } from 'express';
import {
  collectDefaultMetrics,
  Counter,
  CounterConfiguration,
  Gauge,
  GaugeConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
} from 'prom-client';

/** The route label of a request that matched no route (or was refused before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * This app's Prometheus registry, with the process's default metrics and the HTTP request
 * histogram. One per app (not prom-client's global), so several apps can share a process.
 * Services inject it and add their own: `metrics.counter({ name, help, labelNames })`.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  /** Messages sent to a `<topic>.dlq` by a relay or a consumer group of this app; `reason` is the letter's code. */
  readonly deadLetteredEvents: Counter<'topic' | 'group' | 'reason'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = this.histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status',
      labelNames: ['method', 'route', 'status'],
    });
    this.deadLetteredEvents = this.counter({
      name: 'samvirke_dead_lettered_events_total',
      help: 'Events sent to a dead-letter topic (<topic>.dlq) by a relay or consumer group, by reason',
      labelNames: ['topic', 'group', 'reason'],
    });
  }

  counter<L extends string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return new Counter({ ...config, registers: [this.registry] });
  }

  gauge<L extends string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return new Gauge({ ...config, registers: [this.registry] });
  }

  histogram<L extends string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return new Histogram({ ...config, registers: [this.registry] });
  }

  /** Express middleware timing every request; install it first so refused bodies count too. */
  httpMiddleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const end = this.httpRequestDuration.startTimer();
      res.on('finish', () =>
        end({ method: req.method, route: routeTemplate(req), status: String(res.statusCode) }),
      );
      next();
    };
  }
}

/** `/v1/admissions/:admissionId/discharge`, never the raw URL: no ids in labels. */
export function routeTemplate(req: Request): string {
  const path: unknown = req.route?.path;
  // A wildcard route is the request logger's catch-all middleware, left as `req.route` when no
  // controller route matched (a 404).
  if (typeof path !== 'string' || path.includes('*')) return UNMATCHED_ROUTE;
  return `${req.baseUrl ?? ''}${path}`;
}
