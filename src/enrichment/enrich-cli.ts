import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseCliArgs } from '../cli/parse-cli-args.ts';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.ts';
import { buildChunks } from '../ingest/build-index.ts';
import { loadGlossary } from '../text/glossary.ts';
import { enrichChunks } from './enrich-chunks.ts';
import { createEnrichmentModel } from './enrichment-model.ts';
import { loadEnrichmentPrompt } from './enrichment-prompt.ts';
import { planEnrichment } from './plan-enrichment.ts';
import { enrichmentDir, enrichmentFile, readEnrichmentDir } from './read-enrichment-dir.ts';
import { writeEnrichmentRecord } from './write-enrichment-record.ts';

const usage = `Usage: npm run enrich -- [--dry-run] [--batch-size N] [--retries N] [--timeout-ms N]
  Writes the English edition, questions and aliases (corpus/enrichment/<slug>.jsonl) of every chunk whose
  enrichment is missing or stale (its text changed), through the configured OpenAI-compatible LLM
  (LLM_BASE_URL, LLM_MODEL, LLM_API_KEY). Every record is checked with the same rules as the shipped data
  and written as soon as it passes, so an interrupted run resumes where it stopped.
  --dry-run       list what would be enriched; needs no LLM and writes nothing
  --batch-size N  passages per LLM request (default 4)
  --retries N     further requests for a passage whose record fails its checks (default 2)
  --timeout-ms N  deadline for one LLM reply (default 180000)
Exit code: 0 when every chunk has fresh enrichment, 1 when a record was given up or the LLM is not configured.`;

const positiveInteger = (name: string, value: string | undefined, fallback: number, min: number): number => {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < min) throw new Error(`--${name} must be an integer ≥ ${min} (got ${value})`);
  return number;
};

async function main(): Promise<number> {
  const parsed = parseCliArgs(usage, { strings: ['batch-size', 'retries', 'timeout-ms'], flags: ['dry-run'] });
  if (parsed === undefined) return 0;
  const { values } = parsed;
  const batchSize = positiveInteger('batch-size', values['batch-size'], 4, 1);
  const retries = positiveInteger('retries', values.retries, 2, 0);
  const timeoutMs = positiveInteger('timeout-ms', values['timeout-ms'], 180_000, 1000);
  const config = loadConfig();

  const { chunks } = buildChunks(config.corpusDir);
  const { records, problems } = await readEnrichmentDir(enrichmentDir(config.corpusDir));
  for (const problem of problems) console.warn(`note: ${problem.file} line ${problem.line} is not a valid record and counts as missing (${problem.message})`);
  const tasks = planEnrichment(chunks, records);
  const missing = tasks.filter((task) => task.reason === 'missing').length;
  const summary = `${chunks.length} chunks: ${chunks.length - tasks.length} with fresh enrichment, ${missing} missing, ${tasks.length - missing} stale`;

  if (values['dry-run']) {
    for (const task of tasks) console.log(`${task.reason.padEnd(7)} ${task.chunk.id}  ${task.chunk.title}`);
    console.log(summary);
    console.log(tasks.length === 0 ? 'nothing to enrich' : `npm run enrich would write ${tasks.length} record(s)`);
    return 0;
  }
  if (config.LLM_BASE_URL === undefined || config.LLM_MODEL === undefined) {
    console.error(
      [
        'npm run enrich needs an OpenAI-compatible LLM, and none is configured. Set:',
        '  LLM_BASE_URL  the server URL with its version path, e.g. https://api.deepseek.com/v1 or http://127.0.0.1:11434/v1',
        '  LLM_MODEL     the model name, e.g. deepseek-chat',
        '  LLM_API_KEY   the key, if the server needs one',
        `(${summary}; \`npm run enrich -- --dry-run\` lists them without an LLM.)`,
      ].join('\n'),
    );
    return 1;
  }
  console.log(summary);
  if (tasks.length === 0) {
    console.log('nothing to enrich');
    return 0;
  }

  const glossaryPath = join(config.corpusDir, 'glossary.json');
  const glossary = existsSync(glossaryPath) ? loadGlossary(glossaryPath) : [];
  const prompt = loadEnrichmentPrompt();
  const model = createEnrichmentModel({ baseUrl: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY, model: config.LLM_MODEL, timeoutMs });
  const order = chunks.map((chunk) => chunk.id);
  console.log(`enriching ${tasks.length} chunk(s) with ${model.model}, ${batchSize} per request, up to ${retries} retries each`);

  // A bar on a terminal; a plain line per request in a log or a pipe, where a redrawn bar would be noise.
  const tty = process.stderr.isTTY === true;
  const bar = new cliProgress.SingleBar(
    { format: 'enrich {bar} {value}/{total} chunks | {failed} given up | {duration_formatted}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  if (tty) bar.start(tasks.length, 0, { failed: 0 });
  const result = await enrichChunks({
    tasks,
    model,
    prompt,
    glossary,
    batchSize,
    retries,
    accept: (record, task) => writeEnrichmentRecord(enrichmentFile(config.corpusDir, task.chunk.docId), record, order),
    onProgress: ({ written, failed, total }) => {
      if (tty) bar.update(written + failed, { failed });
      else console.log(`enrich: ${written + failed}/${total} chunks (${written} written, ${failed} given up)`);
    },
  });
  if (tty) bar.stop();

  console.log(`wrote ${result.written.length} record(s) to ${enrichmentDir(config.corpusDir)}`);
  if (result.failed.length === 0) return 0;
  console.error(`${result.failed.length} chunk(s) left without enrichment (failed their checks after ${retries + 1} attempt(s); nothing written for them):`);
  for (const failure of result.failed) {
    console.error(`- ${failure.chunkId} (${failure.attempts} attempt(s)):`);
    for (const problem of failure.problems) console.error(`    ${problem}`);
  }
  console.error('Run `npm run enrich` again to retry them.');
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`enrich failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
