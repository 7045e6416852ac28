import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import type { AnswerEngine } from '../question/answer-parts.ts';
import { buildApp } from '../server/app.ts';

export interface LoadTestOptions {
  engine: AnswerEngine;
  config: Config;
  /** Sent in turn as `{ question }` bodies of POST /api/answer. */
  questions: readonly string[];
  durationSeconds?: number;
  connections?: number;
  /** A first, discarded run (JIT, lazy route setup), so the figures are for a warm server. */
  warmupSeconds?: number;
}

export interface LoadTestResult {
  durationSeconds: number;
  connections: number;
  requests: number;
  /** Completed requests / duration (autocannon's per-second samples are not kept when it runs off the main thread). */
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /**
   * Share of the measured run the server's event loop was busy, and busy milliseconds per answer:
   * the answer path's own cost, which CPU contention on the machine inflates less than latency.
   */
  serverLoop: { utilization: number; busyMsPerAnswer: number };
}

// autocannon runs in a worker thread, so the load generator has its own core and does not queue
// behind the server's event loop. Plain CommonJS evaluated in the worker: no TypeScript loader needed.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { createRequire } = require('node:module');
const autocannon = createRequire(workerData.resolveFrom)('autocannon');
let next = 0;
const options = (duration) => ({
  url: workerData.url,
  connections: workerData.connections,
  duration,
  // Off a main thread autocannon skips aggregation (it assumes it is one of its own workers).
  skipAggregateResult: true,
  requests: [
    {
      method: 'POST',
      path: '/api/answer',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      setupRequest: (request) => ({ ...request, body: workerData.bodies[next++ % workerData.bodies.length] }),
    },
  ],
});
const run = (duration) =>
  new Promise((resolve, reject) => autocannon(options(duration), (error, result) => (error ? reject(error) : resolve(autocannon.aggregateResult([result], options(duration))))));
(async () => {
  if (workerData.warmupSeconds > 0) await run(workerData.warmupSeconds);
  parentPort.postMessage({ measuring: true });
  const result = await run(workerData.durationSeconds);
  parentPort.postMessage({ result: JSON.parse(JSON.stringify(result)) });
})().catch((error) => parentPort.postMessage({ error: String(error) }));
`;

interface AutocannonHistogram {
  average: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  total?: number;
}

interface AutocannonResult {
  duration: number;
  requests: AutocannonHistogram & { total: number };
  latency: AutocannonHistogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}

/**
 * The extractive answer route under load: the real app with the given engine on 127.0.0.1 (an
 * ephemeral port, closed afterwards), autocannon with `connections` keep-alive connections for
 * `warmupSeconds` (discarded) then `durationSeconds`, the questions sent in rotation.
 */
export async function runLoadTest({ engine, config, questions, durationSeconds = 10, connections = 50, warmupSeconds = 2 }: LoadTestOptions): Promise<LoadTestResult> {
  if (questions.length === 0) throw new RangeError('load test needs questions');
  // Rate limiting would turn most of the load into 429s; this measures the answer path.
  const app = await buildApp({ engine, config: { ...config, RATE_LIMIT_PER_MINUTE: 0, API_KEYS: [] } });
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    let loopAtStart = performance.eventLoopUtilization();
    let loop = loopAtStart;
    const result = await new Promise<AutocannonResult>((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          url,
          connections,
          durationSeconds,
          warmupSeconds,
          bodies: questions.map((question) => JSON.stringify({ question })),
          resolveFrom: createRequire(import.meta.url).resolve('autocannon'),
        },
      });
      worker.on('message', (message: { measuring?: true; error?: string; result?: AutocannonResult }) => {
        if (message.measuring) {
          loopAtStart = performance.eventLoopUtilization();
          return;
        }
        loop = performance.eventLoopUtilization(loopAtStart);
        void worker.terminate();
        if (message.result !== undefined) resolve(message.result);
        else reject(new Error(`autocannon failed: ${message.error ?? 'no result'}`));
      });
      worker.once('error', reject);
    });
    return {
      durationSeconds: result.duration,
      connections,
      requests: result.requests.total,
      requestsPerSecond: result.requests.total / result.duration,
      latencyMs: { mean: result.latency.average, p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      serverLoop: { utilization: loop.utilization, busyMsPerAnswer: result.requests.total > 0 ? loop.active / result.requests.total : 0 },
    };
  } finally {
    await app.close();
  }
}
