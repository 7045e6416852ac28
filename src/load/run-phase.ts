import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/*
 * The one load runner: autocannon against a URL, off the main thread. `npm run load` (run-load.ts) and the
 * benchmark's HTTP load test (src/bench/load-test.ts) both measure through it.
 */

export interface PhaseResult {
  durationSeconds: number;
  requests: number;
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** 2xx responses whose body was not the expected answer (an extractive answer, in-process). */
  mismatches: number;
}

// autocannon runs in a worker thread: the load generator gets its own thread instead of queueing behind
// the server's event loop. Plain CommonJS evaluated in the worker, so no TypeScript loader is needed there.
const workerSource = `
const { workerData, parentPort } = require('node:worker_threads');
const autocannon = require(workerData.autocannonPath);
let next = 0;
const options = {
  url: workerData.url,
  connections: workerData.connections,
  ...(workerData.amount > 0 ? { amount: workerData.amount } : { duration: workerData.durationSeconds }),
  timeout: 30,
  // Off the main thread autocannon leaves aggregation to its caller.
  skipAggregateResult: true,
  verifyBody: (body) => body.includes(workerData.expect),
  requests: [{
    method: 'POST',
    path: workerData.path,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    setupRequest: (request) => ({ ...request, body: workerData.bodies[next++ % workerData.bodies.length] }),
  }],
};
autocannon(options, (error, result) => {
  if (error) parentPort.postMessage({ error: String(error && error.stack || error) });
  else parentPort.postMessage({ result: JSON.parse(JSON.stringify(autocannon.aggregateResult([result], options))) });
});
`;

interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

interface AutocannonResult {
  duration: number;
  requests: Histogram & { total: number };
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  '2xx': number;
}

export interface PhaseOptions {
  url: string;
  path: string;
  connections: number;
  /** Sent in rotation as request bodies. */
  bodies: readonly string[];
  /** What every correct response body contains ('' takes any body). */
  expect: string;
  /** A timed run; or, with `amount`, that many requests untimed. */
  durationSeconds?: number;
  amount?: number;
}

export function runPhase({ url, path, connections, bodies, expect, durationSeconds = 0, amount = 0 }: PhaseOptions): Promise<PhaseResult> {
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { url, path, connections, bodies, expect, durationSeconds, amount, autocannonPath: createRequire(import.meta.url).resolve('autocannon') },
  });
  return new Promise<PhaseResult>((resolve, reject) => {
    worker.once('message', (message: { error?: string; result?: AutocannonResult }) => {
      void worker.terminate();
      const result = message.result;
      if (result === undefined) {
        reject(new Error(`autocannon failed: ${message.error ?? 'no result'}`));
        return;
      }
      resolve({
        durationSeconds: result.duration,
        requests: result.requests.total,
        requestsPerSecond: result.duration > 0 ? result.requests.total / result.duration : 0,
        latencyMs: { mean: result.latency.average, p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
        ok: result['2xx'],
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        mismatches: result.mismatches,
      });
    });
    worker.once('error', reject);
  });
}
