import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCliArgs } from '../cli/parse-cli-args.ts';
import { z } from 'zod';
import { loadConfig, type Config } from '../config.ts';
import type { AnswerRequest, AnswerResponse, ChatTurn } from '../question/answer-parts.ts';
import { DatasetError, findUnlocatableEvidence, loadDataset, type EvalItem } from './dataset.ts';
import { checkThresholds, formatViolation, loadThresholds, raiseThresholds, type GateResult } from './gate.ts';
import { formatConsoleReport, writeReports, type ReportMeta } from './report.ts';
import { runEvaluation, type Ask, type Retrieve, type RunOptions } from './runner.ts';

const usage = `Usage: npm run eval -- [--gate] [--url <base>] [--only <id-prefix|category>[,…]] [--dataset <path>] [--raise-thresholds]
  (no flag)        run eval/questions.jsonl in-process through the same engine as the server
  --gate           exit 1 when a metric is on the wrong side of eval/thresholds.json (CI)
  --raise-thresholds  after a full in-process run, raise each minimum in eval/thresholds.json to
                   (measured − 0.02) rounded down, never lowering one
  --url <base>     evaluate a running deployment over HTTP (POST <base>/api/answer) instead
  --only <filter>  only questions whose id starts with, or whose category is, one of the comma-separated values
  --dataset <path> another dataset file (default eval/questions.jsonl)
Reports: eval/reports/latest.{json,md,svg}; with --dataset, eval/reports/<dataset name>.{json,md,svg}`;

const repositoryPath = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** What the evaluation needs from the engine; `retrieve` gives the ranking behind hit@k and MRR. */
interface EvalEngine {
  answer(request: AnswerRequest): Promise<AnswerResponse>;
  retrieve?(question: string, options: { topK: number; history: ChatTurn[] }): Promise<{ passages: Array<{ id: string; text: string; score: number }> }>;
  health?(): object;
}

const citationSchema = z.object({
  n: z.number().int(),
  id: z.string(),
  docId: z.string(),
  title: z.string(),
  section: z.array(z.string()),
  year: z.number(),
  text: z.string(),
  quote: z.string(),
  score: z.number(),
  documentTitle: z.object({ zh: z.string(), en: z.string() }),
});

// The HTTP contract of POST /api/answer; a deployment that breaks it fails loudly here, not as odd scores.
const responseSchema = z.object({
  answer: z.string(),
  answered: z.boolean(),
  language: z.enum(['zh', 'en']),
  citations: z.array(citationSchema),
  mode: z.object({ retrieval: z.enum(['hybrid', 'lexical']), generator: z.enum(['llm', 'extractive']) }),
  timingsMs: z.object({ retrieval: z.number(), generation: z.number(), total: z.number() }),
  notice: z.string().optional(),
  resolvedQuestion: z.string().optional(),
});

const maxRateLimitWaits = 10;

/** POST /api/answer; `latencies` holds each response's round trip without the rate-limit waits. */
function httpClient(base: string): { ask: Ask; latencies: WeakMap<AnswerResponse, number> } {
  const latencies = new WeakMap<AnswerResponse, number>();
  const ask: Ask = async (question, history) => {
    let response: Response;
    let sentAt = 0;
    // A deployment rate-limits per client; waiting as told is slower but measures the same answers.
    for (let attempt = 0; ; attempt += 1) {
      sentAt = performance.now();
      response = await fetch(new URL('api/answer', base.endsWith('/') ? base : `${base}/`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(history.length > 0 ? { question, history } : { question }),
        signal: AbortSignal.timeout(120_000),
      });
      if (response.status !== 429 || attempt >= maxRateLimitWaits) break;
      const seconds = Math.min(Math.max(Number(response.headers.get('retry-after')) || 5, 1), 120);
      process.stderr.write(`\rrate-limited by ${base}; waiting ${seconds} s\n`);
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const message = typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : response.statusText;
      throw new Error(`HTTP ${response.status}: ${message}`);
    }
    const parsed = responseSchema.safeParse(body);
    if (!parsed.success)
      throw new Error(
        `response breaks the /api/answer contract: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
      );
    const { notice, resolvedQuestion, ...rest } = parsed.data;
    const answer: AnswerResponse = { ...rest, ...(notice !== undefined ? { notice } : {}), ...(resolvedQuestion !== undefined ? { resolvedQuestion } : {}) };
    latencies.set(answer, performance.now() - sentAt);
    return answer;
  };
  return { ask, latencies };
}

async function httpHealth(base: string): Promise<Record<string, unknown> | undefined> {
  try {
    const response = await fetch(new URL('api/health', base.endsWith('/') ? base : `${base}/`), { signal: AbortSignal.timeout(10_000) });
    return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const sourcesSchema = z.object({ documents: z.array(z.object({ slug: z.string(), script: z.string().optional() })) });

/** corpus/sources.json's documents (slug and script); undefined when unreadable. */
function listedDocuments(config: Config | undefined): z.infer<typeof sourcesSchema>['documents'] | undefined {
  const path = config === undefined ? undefined : `${config.corpusDir}/sources.json`;
  if (path === undefined || !existsSync(path)) return undefined;
  const parsed = sourcesSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.success ? parsed.data.documents : undefined;
}

/** Evidence the local index does not contain anywhere in the named documents (skipped without an index). */
function datasetWarnings(items: readonly EvalItem[], config: Config | undefined): string[] {
  const path = config === undefined ? undefined : `${config.indexDir}/chunks.jsonl`;
  if (path === undefined || !existsSync(path)) return [];
  const chunkSchema = z.object({ docId: z.string(), text: z.string() });
  const passages = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      const parsed = chunkSchema.safeParse(JSON.parse(line));
      return parsed.success ? [parsed.data] : [];
    });
  return findUnlocatableEvidence(items, passages).map(({ id, evidence, foundIn }) => {
    const documents = items.find((item) => item.id === id)?.docIds.join(', ') || '(no document)';
    return `${id}: “${evidence}” is in no passage of ${documents}${foundIn.length > 0 ? ` (found in ${foundIn.join(', ')})` : ''}`;
  });
}

function machine(): string {
  const cpus = os.cpus();
  const memory = `${Math.round(os.totalmem() / 2 ** 30)} GB`;
  return `${cpus[0]?.model.trim() ?? 'unknown CPU'} ×${cpus.length}, ${memory}, ${os.platform()} ${os.arch()}, Node ${process.version}`;
}

function selectItems(items: EvalItem[], only: string | undefined): EvalItem[] {
  if (only === undefined) return items;
  const filters = only
    .split(',')
    .map((value) => value.trim())
    .filter(Boolean);
  return items.filter((item) => filters.some((filter) => item.category === filter || item.id.startsWith(filter)));
}

async function main(): Promise<number> {
  const parsed = parseCliArgs(usage, { strings: ['url', 'only', 'dataset'], flags: ['gate', 'raise-thresholds'] });
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const raise = values['raise-thresholds'] ?? false;
  if (raise && (values.url !== undefined || values.only !== undefined || values.dataset !== undefined)) {
    throw new Error('--raise-thresholds needs a full in-process run of eval/questions.jsonl (no --url, --only or --dataset)');
  }
  const thresholdsPath = repositoryPath('eval/thresholds.json');
  const started = performance.now();
  // Over HTTP the local configuration only locates the corpus and index for dataset checks.
  const config =
    values.url === undefined
      ? loadConfig()
      : (() => {
          try {
            return loadConfig();
          } catch {
            return undefined;
          }
        })();
  const datasetPath = values.dataset ?? repositoryPath('eval/questions.jsonl');
  // Read once: the slugs make a misspelt docId a dataset error; the scripts say which documents are traditional.
  const documents = listedDocuments(config);
  const knownDocIds = documents === undefined ? undefined : new Set(documents.map((document) => document.slug));
  const allItems = loadDataset(datasetPath, knownDocIds === undefined ? {} : { knownDocIds });
  const items = selectItems(allItems, values.only);
  if (items.length === 0) throw new Error(`--only ${values.only}: no question id starts with it and no category is named so`);
  const warnings = datasetWarnings(items, config);

  let options: RunOptions;
  let engineInfo: Record<string, unknown> | undefined;
  let closeEngine = async (): Promise<void> => {};
  if (values.url !== undefined) {
    const client = httpClient(values.url);
    options = { items, allItems, ask: client.ask, latencyOf: (response, wallMs) => client.latencies.get(response) ?? wallMs };
    engineInfo = await httpHealth(values.url);
  } else {
    let engine: EvalEngine;
    const databaseUrl = config!.DATABASE_URL;
    if (databaseUrl !== undefined) {
      // Like a replica: the active index version in the database (published by `npm run ingest` with DATABASE_URL).
      const { startDatabaseEngine } = await import('../engine/database-engine.ts');
      const serving = await startDatabaseEngine({ config: { ...config!, DATABASE_URL: databaseUrl }, log: (line) => console.error(line) });
      closeEngine = () => serving.close();
      engine = serving.engine;
    } else {
      // Imported here so --url runs never load the index, the tokenizer or a model.
      const { loadAnswerEngine } = await import('../engine/load-answer-engine.ts');
      // Like `npm start`: a missing or stale index (a fresh clone, an edited corpus) is built first.
      const { ensureIndex } = await import('../engine/ensure-index.ts');
      await ensureIndex(config!, (line) => console.error(line));
      engine = await loadAnswerEngine({ config: config! });
    }
    const retrieve: Retrieve | undefined =
      engine.retrieve === undefined ? undefined : (question, retrieveOptions) => engine.retrieve!(question, retrieveOptions);
    options = {
      items,
      allItems,
      ask: (question, history) => engine.answer(history.length > 0 ? { question, history } : { question }),
      ...(retrieve !== undefined ? { retrieve } : {}),
    };
    engineInfo = engine.health?.() as Record<string, unknown> | undefined;
  }
  const interactive = process.stderr.isTTY;
  const traditionalSources = new Set((documents ?? []).filter((document) => document.script === 'traditional').map((document) => document.slug));
  const result = await runEvaluation({
    ...options,
    traditionalSources,
    onRecord: (record, done, total) => {
      if (interactive) process.stderr.write(`\r${done}/${total} ${record.id.padEnd(16)}`);
    },
  });
  if (interactive) process.stderr.write('\r\x1b[2K');
  await closeEngine();

  let gate: GateResult | undefined;
  if (values.gate) gate = checkThresholds(result, loadThresholds(thresholdsPath), { subset: values.only !== undefined });
  const args = process.argv.slice(2);
  const meta: ReportMeta = {
    date: new Date().toISOString(),
    machine: machine(),
    command: `npm run eval${args.length > 0 ? ` -- ${args.join(' ')}` : ''}`,
    dataset: relative(process.cwd(), datasetPath) || datasetPath,
    target: values.url ?? 'in-process',
    durationMs: performance.now() - started,
    ...(engineInfo !== undefined ? { engine: engineInfo } : {}),
    datasetWarnings: warnings,
  };
  const reportName = values.dataset === undefined ? 'latest' : basename(datasetPath).replace(/\.jsonl?$/, '');
  const written = writeReports(result, meta, repositoryPath('eval/reports'), undefined, reportName);

  console.log(formatConsoleReport(result));
  if (warnings.length > 0)
    console.log(`\n${warnings.length} dataset warning${warnings.length === 1 ? '' : 's'} (gold evidence in no indexed passage) — see the report`);
  const reports = [written.markdown, written.json, written.chart].map((path) => relative(process.cwd(), path));
  console.log(`\nreports: ${reports.join(', ')}  (${(meta.durationMs / 1000).toFixed(1)} s)`);
  if (raise) {
    const [mode] = result.modes;
    const { thresholds, raised } = raiseThresholds(result, loadThresholds(thresholdsPath));
    const setFrom = mode === undefined ? thresholds.setFrom : { date: meta.date, mode, items: result.records.length };
    writeFileSync(thresholdsPath, `${JSON.stringify({ ...thresholds, ...(setFrom !== undefined ? { setFrom } : {}) }, null, 2)}\n`);
    console.log(
      raised.length === 0
        ? 'no threshold raised'
        : `raised ${raised.length} threshold${raised.length === 1 ? '' : 's'} in ${relative(process.cwd(), thresholdsPath)}:`,
    );
    for (const { key, from, to } of raised) console.log(`  ${key}: ${from.toFixed(2)} → ${to.toFixed(2)}`);
  }
  if (gate === undefined) return 0;
  for (const note of gate.notes) console.log(`gate note: ${note}`);
  if (gate.passed) {
    const checked =
      Object.keys(loadThresholds(thresholdsPath).atLeast).length + Object.keys(loadThresholds(thresholdsPath).atMost).length - gate.skipped.length;
    console.log(`gate passed (${checked} thresholds checked${gate.skipped.length > 0 ? `, ${gate.skipped.length} skipped` : ''})`);
    return 0;
  }
  console.error(`\ngate FAILED: ${gate.violations.length} metric${gate.violations.length === 1 ? '' : 's'} under threshold`);
  for (const violation of gate.violations) console.error(`  ✗ ${formatViolation(violation)}`);
  return 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof DatasetError || error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
