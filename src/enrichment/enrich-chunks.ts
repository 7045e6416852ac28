import type { GlossaryEntry } from '../text/glossary.ts';
import { checkRecord, type EnrichmentProblem } from './check-enrichment.ts';
import { chunkTextHash, enrichmentRecordSchema, type EnrichmentRecord } from './enrichment-record.ts';
import type { EnrichmentModel } from './enrichment-model.ts';
import { buildEnrichmentMessages, type EnrichmentPrompt, type RetryFeedback } from './enrichment-prompt.ts';
import type { EnrichmentTask } from './plan-enrichment.ts';

export interface EnrichChunksOptions {
  tasks: EnrichmentTask[];
  model: EnrichmentModel;
  prompt: EnrichmentPrompt;
  glossary: GlossaryEntry[];
  /** Passages per LLM request. */
  batchSize: number;
  /** Further requests for a passage whose record failed (bad JSON, a check, an HTTP error) before it is given up. */
  retries: number;
  /** Each record that passed every check, as soon as it did (the caller writes it: a rerun skips it). */
  accept(record: EnrichmentRecord, task: EnrichmentTask): void;
  /** After every request: how many passages are written or given up so far. */
  onProgress?(progress: { written: number; failed: number; total: number }): void;
}

export interface EnrichmentFailure {
  chunkId: string;
  /** Requests that included this passage. */
  attempts: number;
  /** What was wrong with the last answer. */
  problems: string[];
}

/**
 * Asks the model for the records of `tasks`, a batch at a time; every record is checked with the same rules
 * as the shipped data, and a passage whose record fails is asked for again (with the problems found) until
 * `retries` is used up. A record is accepted only when it passes every check; the rest are returned as failures.
 */
export async function enrichChunks(options: EnrichChunksOptions): Promise<{ written: string[]; failed: EnrichmentFailure[] }> {
  const { tasks, model, prompt, glossary, batchSize, retries } = options;
  const written: string[] = [];
  const failed: EnrichmentFailure[] = [];
  for (let start = 0; start < tasks.length; start += batchSize) {
    let pending = tasks.slice(start, start + batchSize);
    let feedback: RetryFeedback[] = [];
    for (let attempt = 1; pending.length > 0 && attempt <= retries + 1; attempt++) {
      const outcome = await requestRecords(
        model,
        buildEnrichmentMessages(
          prompt,
          pending.map((task) => task.chunk),
          glossary,
          feedback,
        ),
      );
      const stillFailing: Array<{ task: EnrichmentTask; problems: string[] }> = [];
      for (const task of pending) {
        const result = 'error' in outcome ? { problems: [outcome.error] } : acceptable(task, pickRecord(outcome.records, task, pending.length), glossary);
        if ('record' in result) {
          options.accept(result.record, task);
          written.push(task.chunk.id);
        } else stillFailing.push({ task, problems: result.problems });
      }
      pending = stillFailing.map((item) => item.task);
      feedback = stillFailing.map((item) => ({ chunkId: item.task.chunk.id, problems: item.problems }));
      if (attempt === retries + 1) failed.push(...stillFailing.map((item) => ({ chunkId: item.task.chunk.id, attempts: attempt, problems: item.problems })));
      options.onProgress?.({ written: written.length, failed: failed.length, total: tasks.length });
    }
  }
  return { written, failed };
}

async function requestRecords(model: EnrichmentModel, messages: { system: string; user: string }): Promise<{ records: unknown[] } | { error: string }> {
  let text: string;
  try {
    text = await model.complete(messages);
  } catch (error) {
    return { error: (error as Error).message };
  }
  return parseEnrichmentReply(text);
}

/**
 * The records in a reply: `{"records": [...]}` as asked, or a bare array or single record, also inside a
 * Markdown code fence (models add one however they are told).
 */
export function parseEnrichmentReply(text: string): { records: unknown[] } | { error: string } {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  const body = (fenced?.[1] ?? text).trim();
  const start = body.search(/[[{]/);
  if (start === -1) return { error: `the reply is not JSON: «${body.slice(0, 60)}»` };
  let value: unknown;
  try {
    value = JSON.parse(body.slice(start, Math.max(body.lastIndexOf('}'), body.lastIndexOf(']')) + 1));
  } catch (error) {
    return { error: `the reply is not valid JSON (${(error as Error).message.slice(0, 80)})` };
  }
  if (Array.isArray(value)) return { records: value };
  if (typeof value === 'object' && value !== null && Array.isArray((value as { records?: unknown }).records))
    return { records: (value as { records: unknown[] }).records };
  if (typeof value === 'object' && value !== null && 'sentences' in value) return { records: [value] };
  return { error: 'the reply is JSON but has no "records" array' };
}

function pickRecord(records: unknown[], task: EnrichmentTask, asked: number): unknown {
  const byId = records.find((item) => typeof item === 'object' && item !== null && (item as { id?: unknown }).id === task.chunk.id);
  // Asked for one passage and given one record: its id may be missing or mistyped, the checks decide.
  return byId ?? (asked === 1 && records.length === 1 ? records[0] : undefined);
}

function acceptable(task: EnrichmentTask, raw: unknown, glossary: GlossaryEntry[]): { record: EnrichmentRecord } | { problems: string[] } {
  if (typeof raw !== 'object' || raw === null) return { problems: [`the reply has no record with id ${task.chunk.id}`] };
  // The id and hash are ours to set: they tie the record to this chunk's exact text.
  const parsed = enrichmentRecordSchema.safeParse({ ...raw, id: task.chunk.id, hash: chunkTextHash(task.chunk.text) });
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
  const problems = checkRecord(task.chunk, parsed.data, glossary);
  return problems.length === 0 ? { record: parsed.data } : { problems: problems.map(describe) };
}

function describe(problem: EnrichmentProblem): string {
  return `${problem.sentence !== undefined ? `sentence ${problem.sentence}: ` : ''}[${problem.rule}] ${problem.message}`;
}
