import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { loadConfig, questionLogFile, type Config } from '../config.ts';
import { buildApp } from '../server/app.ts';
import { ensureIndex, loadServingEngine } from '../engine/ensure-index.ts';
import { feedbackLog, readFeedback } from '../question-log/feedback-store.ts';
import { loadQuestions, type LoadQuestion } from './questions.ts';
import { runPhase, type PhaseResult } from './run-phase.ts';
import { loadScenario, type LoadScenarioName } from './scenarios.ts';

export interface LoadOptions {
  /** An already running server; without it one is started in-process on 127.0.0.1, as `npm start` would. */
  url?: string | undefined;
  /** `answer` (default): questions to POST /api/answer; `feedback`: ratings to POST /api/feedback. */
  scenario?: LoadScenarioName;
  durationSeconds?: number;
  connections?: number;
  /** Discarded first run: JIT, caches and lazy setup warm up before anything is measured. */
  warmupSeconds?: number;
  /** If the timed run completes fewer requests, more are sent (untimed) so memory is compared across at least this many. */
  minRequests?: number;
  /** Environment for the in-process server (defaults to process.env); RATE_LIMIT and the LLM are turned off. */
  environment?: Record<string, string | undefined>;
  logLevel?: string;
  questions?: readonly LoadQuestion[];
  log?: (line: string) => void;
}

export interface MemorySnapshot {
  rssMB: number;
  heapUsedMB: number;
  heapTotalMB: number;
  externalMB: number;
}

export type { PhaseResult };

export interface LoadReport {
  startedAt: string;
  target: { url: string; inProcess: boolean; mode: string };
  machine: { node: string; cpus: number; cpuModel: string };
  settings: {
    scenario: LoadScenarioName;
    path: string;
    durationSeconds: number;
    connections: number;
    warmupSeconds: number;
    minRequests: number;
    questions: number;
  };
  /** Every question asked once before the load, with what came back (answer scenario). */
  check: Array<{ kind: LoadQuestion['kind']; question: string; status: number; answered: boolean | null; generator: string | null; ms: number }>;
  run: PhaseResult;
  /** The untimed extra requests sent to reach `minRequests`, if any. */
  extension: PhaseResult | null;
  totals: { requests: number; non2xx: number; errors: number; timeouts: number; mismatches: number };
  memory: { gcForced: boolean; before: MemorySnapshot; after: MemorySnapshot; peakDuringRun: MemorySnapshot; requestsBetween: number; note: string };
  /**
   * Feedback scenario, in-process: records the server acknowledged (201, warm-up and check included) and
   * records in its file afterwards; every acknowledged one must be there.
   */
  feedback: { acknowledged: number; onDisk: number } | null;
  /** Share of the timed run the server's event loop was busy (in-process only). */
  serverLoop: { utilization: number; busyMsPerAnswer: number } | null;
  passed: boolean;
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

function memory(): MemorySnapshot {
  const usage = process.memoryUsage();
  return { rssMB: megabytes(usage.rss), heapUsedMB: megabytes(usage.heapUsed), heapTotalMB: megabytes(usage.heapTotal), externalMB: megabytes(usage.external) };
}

/** A settled heap when node runs with --expose-gc; otherwise whatever the collector left. */
async function settledMemory(): Promise<MemorySnapshot> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) {
    for (let pass = 0; pass < 3; pass += 1) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  return memory();
}

interface Target {
  url: string;
  inProcess: boolean;
  mode: string;
  /** What a correct response body contains. */
  expect: string;
  /** The in-process server's feedback file (feedback scenario). */
  feedbackFile?: string;
  close: () => Promise<void>;
}

/** The server `npm start` would run, in this process: same config, index check and engine, but no rate limit and no LLM. */
async function startInProcess(
  environment: Record<string, string | undefined>,
  logLevel: string,
  log: (line: string) => void,
  scenario: LoadScenarioName,
): Promise<Target> {
  // The extractive path is what is measured; per-client limits would turn the load into 429s.
  let config: Config = loadConfig({ ...environment, RATE_LIMIT_PER_MINUTE: '0', FEEDBACK_PER_HOUR: '0', LLM_BASE_URL: '', LLM_MODEL: '', LOG_LEVEL: logLevel });
  // Feedback goes to a fresh file on the same disk as FEEDBACK_FILE (fsync costs what it costs there), not into it.
  let feedbackDir: string | undefined;
  if (scenario === 'feedback') {
    const parent = dirname(resolve(config.FEEDBACK_FILE));
    await mkdir(parent, { recursive: true });
    feedbackDir = await mkdtemp(join(parent, '.load-feedback-'));
    config = { ...config, FEEDBACK_FILE: join(feedbackDir, 'feedback.jsonl') };
  }
  // Likewise the question log (on unless QUESTION_LOG=off): its cost is measured, the real log is not filled with load.
  let questionLogDir: string | undefined;
  if (config.QUESTION_LOG === 'on') {
    const parent = dirname(questionLogFile(config));
    await mkdir(parent, { recursive: true });
    questionLogDir = await mkdtemp(join(parent, '.load-questions-'));
    config = { ...config, QUESTION_LOG_FILE: join(questionLogDir, 'questions.jsonl') };
  }
  const stale = await ensureIndex(config, log);
  const engine = await loadServingEngine(config, log, stale);
  const health = engine.health();
  const app = await buildApp({ engine, config, logger: { level: config.LOG_LEVEL } });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    inProcess: true,
    mode: `${health.mode.retrieval} retrieval, ${health.mode.generator} answers, ${health.chunkCount} chunks, question log ${config.QUESTION_LOG}`,
    expect: scenario === 'feedback' ? '"receivedAt":' : '"generator":"extractive"',
    ...(feedbackDir !== undefined ? { feedbackFile: config.FEEDBACK_FILE } : {}),
    close: async () => {
      await app.close();
      if (questionLogDir !== undefined) {
        const { written, dropped } = app.questionLogger.stats();
        log(`question log: ${written} entries written, ${dropped} dropped (to a temporary file, now removed)`);
        await rm(questionLogDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      }
      if (feedbackDir !== undefined) {
        // Requests the load generator gave up on at the end may still be finishing their appends.
        await feedbackLog(config.FEEDBACK_FILE).settled();
        await rm(feedbackDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
      }
    },
  };
}

/** One feedback record sent before the load: the route works and answers 201. */
async function checkFeedback(url: string, body: string): Promise<void> {
  const response = await fetch(`${url}/api/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(30_000),
  });
  if (response.status !== 201) throw new Error(`feedback does not answer 201 before the load: ${response.status} ${await response.text()}`);
}

async function checkQuestions(url: string, questions: readonly LoadQuestion[]): Promise<LoadReport['check']> {
  const checked: LoadReport['check'] = [];
  for (const { kind, question } of questions) {
    const started = performance.now();
    const response = await fetch(`${url}/api/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json().catch(() => null)) as { answered?: boolean; mode?: { generator?: string } } | null;
    checked.push({
      kind,
      question,
      status: response.status,
      answered: body?.answered ?? null,
      generator: body?.mode?.generator ?? null,
      ms: Math.round((performance.now() - started) * 10) / 10,
    });
  }
  return checked;
}

/**
 * Load on POST /api/answer (or, with `scenario: 'feedback'`, POST /api/feedback with feedback on those
 * questions): the questions in rotation over `connections` keep-alive connections for
 * `durationSeconds`, after a discarded warm-up; memory (settled by gc when exposed) before and after,
 * and the peak in between. Against an in-process `npm start`-equivalent server unless a URL is given.
 */
export async function runLoad({
  url,
  scenario: scenarioName = 'answer',
  durationSeconds = 60,
  connections = 50,
  warmupSeconds = 3,
  minRequests = 20_000,
  environment = process.env,
  logLevel = 'warn',
  questions = loadQuestions,
  log = () => {},
}: LoadOptions = {}): Promise<LoadReport> {
  if (questions.length === 0) throw new RangeError('the load needs questions');
  const startedAt = new Date().toISOString();
  const scenario = loadScenario(scenarioName, questions);
  const target: Target =
    url !== undefined
      ? {
          url: url.replace(/\/$/, ''),
          inProcess: false,
          mode: 'external server (its own settings: rate limits apply)',
          expect: scenarioName === 'feedback' ? '"receivedAt":' : '"answer":',
          close: async () => {},
        }
      : await startInProcess(environment, logLevel, log, scenarioName);
  try {
    log(`target ${target.url} (${target.mode})`);
    let check: LoadReport['check'] = [];
    if (scenarioName === 'answer') {
      check = await checkQuestions(target.url, questions);
      const failed = check.filter((item) => item.status !== 200);
      if (failed.length > 0)
        throw new Error(`the questions do not all answer 200 before the load: ${failed.map((item) => `${item.status} ${item.question}`).join('; ')}`);
      const answered = check.filter((item) => item.answered === true).length;
      log(`checked ${check.length} questions: ${answered} answered, ${check.filter((item) => item.answered === false).length} declined`);
    } else {
      await checkFeedback(target.url, scenario.bodies[0] ?? '{}');
      log('checked feedback: 201');
    }

    const phase = { url: target.url, path: scenario.path, connections, bodies: scenario.bodies, expect: target.expect };
    let warmupOk = 0;
    if (warmupSeconds > 0) {
      log(`warm-up: ${warmupSeconds} s`);
      warmupOk = (await runPhase({ ...phase, durationSeconds: warmupSeconds })).ok;
    }

    const before = await settledMemory();
    let peak = memory();
    const sampler = setInterval(() => {
      const now = memory();
      peak = {
        rssMB: Math.max(peak.rssMB, now.rssMB),
        heapUsedMB: Math.max(peak.heapUsedMB, now.heapUsedMB),
        heapTotalMB: Math.max(peak.heapTotalMB, now.heapTotalMB),
        externalMB: Math.max(peak.externalMB, now.externalMB),
      };
    }, 500);
    const loopStart: EventLoopUtilization = performance.eventLoopUtilization();
    log(`load: ${durationSeconds} s at ${connections} connections to ${scenario.path}, ${scenario.bodies.length} bodies in rotation`);
    const run = await runPhase({ ...phase, durationSeconds });
    const loop = performance.eventLoopUtilization(loopStart);
    let extension: PhaseResult | null = null;
    if (run.requests < minRequests) {
      log(`${run.requests} requests in the timed run; sending ${minRequests - run.requests} more so memory is compared across ${minRequests}`);
      extension = await runPhase({ ...phase, amount: minRequests - run.requests });
    }
    clearInterval(sampler);
    const after = await settledMemory();

    const phases = [run, ...(extension !== null ? [extension] : [])];
    const sum = (pick: (result: PhaseResult) => number) => phases.reduce((total, result) => total + pick(result), 0);
    const totals = {
      requests: sum((result) => result.requests),
      non2xx: sum((result) => result.non2xx),
      errors: sum((result) => result.errors),
      timeouts: sum((result) => result.timeouts),
      mismatches: sum((result) => result.mismatches),
    };
    const gcForced = (globalThis as { gc?: unknown }).gc !== undefined;
    const feedback =
      target.feedbackFile !== undefined
        ? { acknowledged: 1 + warmupOk + sum((result) => result.ok), onDisk: (await readFeedback(target.feedbackFile)).length }
        : null;
    return {
      startedAt,
      target: { url: target.url, inProcess: target.inProcess, mode: target.mode },
      machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown' },
      settings: { scenario: scenarioName, path: scenario.path, durationSeconds, connections, warmupSeconds, minRequests, questions: questions.length },
      check,
      run,
      extension,
      totals,
      memory: {
        gcForced,
        before,
        after,
        peakDuringRun: peak,
        requestsBetween: totals.requests,
        note: target.inProcess
          ? 'this process: server and load generator (autocannon runs in a worker thread; heap figures are the server’s main isolate, RSS includes both)'
          : 'the load generator only: measure the external server’s memory on its host',
      },
      feedback,
      serverLoop: target.inProcess
        ? {
            utilization: Math.round(loop.utilization * 1000) / 1000,
            busyMsPerAnswer: run.requests > 0 ? Math.round((loop.active / run.requests) * 1000) / 1000 : 0,
          }
        : null,
      passed:
        totals.errors === 0 &&
        totals.non2xx === 0 &&
        totals.timeouts === 0 &&
        totals.mismatches === 0 &&
        totals.requests > 0 &&
        (feedback === null || feedback.onDisk >= feedback.acknowledged),
    };
  } finally {
    await target.close();
  }
}
