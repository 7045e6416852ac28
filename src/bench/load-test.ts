import { performance } from 'node:perf_hooks';
import type { Config } from '../config.ts';
import type { AnswerEngine } from '../question/answer-parts.ts';
import { runPhase, type PhaseResult } from '../load/run-phase.ts';
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

/** A timed run of `npm run load`'s runner (no body check here), with the server's event-loop share. */
export type LoadTestResult = Omit<PhaseResult, 'mismatches'> & {
  connections: number;
  /**
   * Share of the measured run the server's event loop was busy, and busy milliseconds per answer:
   * the answer path's own cost, which CPU contention on the machine inflates less than latency.
   */
  serverLoop: { utilization: number; busyMsPerAnswer: number };
};

/**
 * The extractive answer route under load: the real app with the given engine on 127.0.0.1 (an
 * ephemeral port, closed afterwards), `connections` keep-alive connections for `warmupSeconds`
 * (discarded) then `durationSeconds`, the questions sent in rotation (the load runner of `npm run load`).
 */
export async function runLoadTest({
  engine,
  config,
  questions,
  durationSeconds = 10,
  connections = 50,
  warmupSeconds = 2,
}: LoadTestOptions): Promise<LoadTestResult> {
  if (questions.length === 0) throw new RangeError('load test needs questions');
  // Rate limiting would turn most of the load into 429s; this measures the answer path.
  const app = await buildApp({ engine, config: { ...config, RATE_LIMIT_PER_MINUTE: 0, API_KEYS: [] } });
  try {
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const phase = { url, path: '/api/answer', connections, bodies: questions.map((question) => JSON.stringify({ question })), expect: '' };
    if (warmupSeconds > 0) await runPhase({ ...phase, durationSeconds: warmupSeconds });
    const loopAtStart = performance.eventLoopUtilization();
    const result = await runPhase({ ...phase, durationSeconds });
    const loop = performance.eventLoopUtilization(loopAtStart);
    const { mismatches: _unchecked, ...measured } = result;
    return {
      ...measured,
      connections,
      serverLoop: { utilization: loop.utilization, busyMsPerAnswer: result.requests > 0 ? loop.active / result.requests : 0 },
    };
  } finally {
    await app.close();
  }
}
