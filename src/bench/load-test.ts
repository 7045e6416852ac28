import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import type { AnswerEngine } from '../generation/answer-parts.ts';
import { buildApp } from '../server/app.ts';

export interface LoadTestOptions {
  engine: AnswerEngine;
  config: Config;
  /** Sent in turn as `{ question }` bodies of POST /api/answer. */
  questions: readonly string[];
  durationSeconds?: number;
  connections?: number;
}

export interface LoadTestResult {
  durationSeconds: number;
  connections: number;
  requests: number;
  /** Mean of autocannon's per-second request counts. */
  requestsPerSecond: number;
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

// autocannon runs in a worker thread, so the load generator has its own core and does not queue
// behind the server's event loop. Plain CommonJS evaluated in the worker: no TypeScript loader needed.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { createRequire } = require('node:module');
const autocannon = createRequire(workerData.resolveFrom)('autocannon');
let next = 0;
const options = {
  url: workerData.url,
  connections: workerData.connections,
  duration: workerData.durationSeconds,
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
};
autocannon(options, (error, result) => {
  if (error) parentPort.postMessage({ error: String(error) });
  else parentPort.postMessage({ result: JSON.parse(JSON.stringify(autocannon.aggregateResult([result], options))) });
});
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
 * `durationSeconds`, the questions sent in rotation.
 */
export async function runLoadTest({ engine, config, questions, durationSeconds = 10, connections = 50 }: LoadTestOptions): Promise<LoadTestResult> {
  if (questions.length === 0) throw new RangeError('load test needs questions');
  // Rate limiting would turn most of the load into 429s; this measures the answer path.
  const app = await buildApp({ engine, config: { ...config, RATE_LIMIT_PER_MINUTE: 0, API_KEYS: [] } });
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const result = await new Promise<AutocannonResult>((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: {
          url,
          connections,
          durationSeconds,
          bodies: questions.map((question) => JSON.stringify({ question })),
          resolveFrom: createRequire(import.meta.url).resolve('autocannon'),
        },
      });
      worker.once('message', (message: { error?: string; result?: AutocannonResult }) => {
        void worker.terminate();
        if (message.result !== undefined) { console.error(JSON.stringify(message.result.requests)); resolve(message.result); }
        else reject(new Error(`autocannon failed: ${message.error ?? 'no result'}`));
      });
      worker.once('error', reject);
    });
    return {
      durationSeconds: result.duration,
      connections,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      latencyMs: { mean: result.latency.average, p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
      ok: result['2xx'],
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    };
  } finally {
    await app.close();
  }
}
