import { Agent, request } from 'node:http';

export interface LoadResult {
  requests: number;
  /** Answers with a status other than the expected one. */
  failures: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  url: string;
  method: 'GET' | 'POST';
  concurrency: number;
  seconds: number;
  expectStatus: number;
  /** A fresh request body and headers for request number `n`. */
  next?: (n: number) => { body?: string; headers?: Record<string, string> };
}

/**
 * Closed-loop load: `concurrency` clients each send a request, wait for its answer, and send
 * the next, for `seconds`. Keep-alive connections, one per client.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const target = new URL(options.url);
  const latencies: number[] = [];
  let failures = 0;
  let n = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(options.seconds * 1e9);

  const one = (i: number) =>
    new Promise<void>((resolve) => {
      const { body, headers } = options.next?.(i) ?? {};
      const t0 = process.hrtime.bigint();
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: options.method,
          headers: {
            ...(body
              ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
              : {}),
            ...headers,
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
            if (res.statusCode !== options.expectStatus) failures++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failures++;
        resolve();
      });
      req.end(body);
    });

  const client = async () => {
    while (process.hrtime.bigint() < deadline) await one(n++);
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    requests: latencies.length,
    failures,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}
