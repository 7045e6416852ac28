import { startScriptEnvironment, startScriptNodeFlags } from '../server/start-script.ts';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../tests/fixtures/free-port.ts';
import { makeTinyModel } from '../../tests/fixtures/make-tiny-model.ts';
import { buildIndex } from '../ingest/build-index.ts';
import { buildDist } from '../server/build-dist.ts';
import { table, ms } from './markdown-table.ts';
import type { TargetCheck } from './targets.ts';

/**
 * Issue 17: the server's footprint as users run it, in a real process per mode (`node dist/server/server.js`,
 * what `npm start` runs): the time from starting node to the first healthy `/api/health` with an index
 * already built, resident memory (RSS, /proc) when idle and after many answers. Default mode = lexical
 * retrieval and extractive answers; hybrid = dense retrieval with the tiny test model
 * (tests/fixtures/make-tiny-model.ts: same code paths, transformers.js and hnswlib loaded, a 32-wide model).
 */
export interface FootprintRun {
  mode: 'default' | 'hybrid' | 'default, from source (tsx)';
  /** Median over the starts, ms from spawning node to a 200 from /api/health. */
  readyMs: number;
  readyRuns: number[];
  idleRssMb: number;
  answers: number;
  /** RSS after `answers` answers (null when none were asked). */
  loadedRssMb: number | null;
  answerSeconds: number | null;
}

export interface FootprintResult {
  runs: FootprintRun[];
  /** The figures for main before this work (node --import tsx, ML modules imported at start). */
  before: { idleRssMb: number; readyMs: number; loadedRssMb: number; loadedAnswers: number };
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  if (line === null) throw new Error(`no VmRSS for process ${pid}`);
  return Number(line[1]) / 1024;
}

interface Started {
  pid: number;
  base: string;
  readyMs: number;
  stop: () => Promise<void>;
}

async function startServer(environment: Record<string, string>, fromSource: boolean): Promise<Started> {
  // A port the kernel says is free now: a fixed range collided with the client's own ports after 10,000 requests.
  const port = await freePort();
  const args = fromSource ? ['--import', 'tsx', join(root, 'src/server/server.ts')] : [...startScriptNodeFlags(), join(root, 'dist/server/server.js')];
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      ...(fromSource ? {} : startScriptEnvironment()),
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      ...environment,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (data: Buffer) => (errors += data.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited before it was ready: ${errors}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (performance.now() - started > 120_000) throw new Error(`server not ready after 120 s: ${errors}`);
    await sleep(5);
  }
  const readyMs = performance.now() - started;
  const pid = child.pid ?? 0;
  return {
    pid,
    base,
    readyMs,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function askMany(base: string, questions: readonly string[], count: number, concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const question = questions[next % questions.length] ?? '';
      next += 1;
      const response = await fetch(`${base}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question }),
      });
      if (!response.ok) throw new Error(`POST /api/answer ${response.status}: ${await response.text()}`);
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

async function measureMode(
  mode: FootprintRun['mode'],
  environment: Record<string, string>,
  options: { starts: number; answers: number; questions: readonly string[]; idleMs: number },
): Promise<FootprintRun> {
  const fromSource = mode.includes('tsx');
  const readyRuns: number[] = [];
  let idleRssMb = 0;
  let loadedRssMb: number | null = null;
  let answerSeconds: number | null = null;
  for (let start = 0; start < options.starts; start += 1) {
    const server = await startServer(environment, fromSource);
    try {
      readyRuns.push(server.readyMs);
      if (start > 0) continue;
      await sleep(options.idleMs);
      idleRssMb = rssMb(server.pid);
      if (options.answers > 0) {
        const began = performance.now();
        await askMany(server.base, options.questions, options.answers, 4);
        answerSeconds = (performance.now() - began) / 1000;
        await sleep(options.idleMs);
        loadedRssMb = rssMb(server.pid);
      }
    } finally {
      await server.stop();
    }
  }
  const sorted = [...readyRuns].sort((left, right) => left - right);
  return {
    mode,
    readyMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    readyRuns,
    idleRssMb,
    answers: loadedRssMb === null ? 0 : options.answers,
    loadedRssMb,
    answerSeconds,
  };
}

export interface FootprintOptions {
  corpusDir: string;
  questions: readonly string[];
  workDir: string;
  answers: number;
  starts: number;
  log: (line: string) => void;
}

export async function runFootprintBench({ corpusDir, questions, workDir, answers, starts, log }: FootprintOptions): Promise<FootprintResult> {
  log('footprint: building dist/ (npm run build)');
  await buildDist();
  const lexicalDir = join(workDir, 'lexical');
  const denseDir = join(workDir, 'dense');
  await buildIndex({ corpusDir, indexDir: lexicalDir, force: true, embedding: { enabled: false, model: 'none', cacheDir: workDir, allowRemote: false } });
  const tiny = await makeTinyModel(join(workDir, 'models'), { dims: 32, corpusDir });
  await buildIndex({
    corpusDir,
    indexDir: denseDir,
    force: true,
    embedding: { model: tiny.modelId, cacheDir: tiny.localModelPath, localModelPath: tiny.localModelPath, allowRemote: false },
  });
  // Each mode's question log and feedback in the bench's own folder: the repository's data/ is left alone, and
  // the starts after the first find the log of 10,000 answers, as a server that has been in use would.
  const logs = (mode: string) => ({ QUESTION_LOG_FILE: join(workDir, mode, 'questions.jsonl'), FEEDBACK_FILE: join(workDir, mode, 'feedback.jsonl') });
  const common = { CORPUS_DIR: corpusDir, ALLOW_MODEL_DOWNLOAD: 'false' };
  const lexical = { ...common, ...logs('lexical'), INDEX_DIR: lexicalDir, EMBEDDING_MODEL: 'none' };
  const hybrid = {
    ...common,
    ...logs('dense'),
    INDEX_DIR: denseDir,
    EMBEDDING_MODEL: tiny.modelId,
    MODEL_CACHE_DIR: tiny.localModelPath,
    MODEL_LOCAL_DIR: tiny.localModelPath,
  };
  const settings = { starts, answers, questions, idleMs: 2000 };
  const runs: FootprintRun[] = [];
  for (const [mode, environment] of [
    ['default', lexical],
    ['hybrid', hybrid],
  ] as const) {
    log(`footprint: ${mode} mode, ${starts} starts, ${answers.toLocaleString('en')} answers`);
    runs.push(await measureMode(mode, environment, settings));
  }
  log('footprint: default mode from source (tsx), for comparison');
  runs.push(await measureMode('default, from source (tsx)', lexical, { ...settings, answers: 0 }));
  return { runs, before: { idleRssMb: 290, readyMs: 2100, loadedRssMb: 310, loadedAnswers: 800 } };
}

const mb = (value: number | null) => (value === null ? '–' : `${value.toFixed(0)} MB`);

/** Issue 17's targets: default mode idle ≤ 120 MB, ≤ 150 MB after 10,000 answers, ready ≤ 0.6 s. */
export function footprintTargets(result: FootprintResult | null): TargetCheck[] {
  const run = result?.runs.find((item) => item.mode === 'default');
  if (run === undefined)
    return [{ target: 'default mode: idle RSS ≤ 120 MB, ≤ 150 MB after 10,000 answers, ready ≤ 0.6 s', measured: 'footprint part not run', met: null }];
  return [
    { target: 'default mode idle RSS ≤ 120 MB (compiled server)', measured: mb(run.idleRssMb), met: run.idleRssMb <= 120 },
    {
      target: 'default mode RSS ≤ 150 MB after 10,000 answers',
      measured: `${mb(run.loadedRssMb)} after ${run.answers.toLocaleString('en')} answers`,
      met: run.loadedRssMb === null ? null : run.answers >= 10_000 && run.loadedRssMb <= 150,
    },
    {
      target: 'ready ≤ 0.6 s with an existing index (node → healthy /api/health)',
      measured: `${ms(run.readyMs)} (median of ${run.readyRuns.length})`,
      met: run.readyMs <= 600,
    },
  ];
}

/** `npm start`'s command line, as the report shows it. */
function startCommand(): string {
  const environment = Object.entries(startScriptEnvironment())
    .map(([name, value]) => `${name}=${value} `)
    .join('');
  return `${environment}node ${startScriptNodeFlags().join(' ')} dist/server/server.js`;
}

export function renderFootprint(result: FootprintResult): string[] {
  const { before } = result;
  return [
    '## Footprint: memory and start (issue 17)',
    '',
    [
      `A real server process per row (\`${startCommand()}\`, what \`npm start\` runs, index already built):`,
      'ready = node started → first 200 from `/api/health`;',
      'RSS from /proc, 2 s after ready (idle) and 2 s after the answers (4 at a time, the evaluation questions in turn).',
      'Hybrid uses the tiny test model. The load average of the run (header) slows the start times.',
    ].join(' '),
    '',
    table(
      ['mode', 'ready (median)', 'ready, each start', 'idle RSS', 'RSS after answers', 'answers'],
      [
        [
          "before (main, the issue's figures: `node --import tsx`, ML modules imported at start)",
          ms(before.readyMs),
          '–',
          mb(before.idleRssMb),
          `${mb(before.loadedRssMb)}`,
          before.loadedAnswers.toLocaleString('en'),
        ],
        ...result.runs.map((run) => [
          run.mode,
          ms(run.readyMs),
          run.readyRuns.map(ms).join(', '),
          mb(run.idleRssMb),
          mb(run.loadedRssMb),
          run.answers === 0 ? '–' : `${run.answers.toLocaleString('en')} in ${run.answerSeconds?.toFixed(0) ?? '?'} s`,
        ]),
      ],
    ),
    '',
  ];
}
