import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { evidenceContained } from './metrics.ts';

export const categories = [
  'number',
  'date',
  'name',
  'list',
  'comparison',
  'conflict',
  'definition',
  'followup',
  'decline-other-place',
  'decline-year',
  'decline-missing-fact',
  'decline-general',
] as const;

const nonEmpty = z.string().trim().min(1, 'must not be empty');

// Strict: a misspelt key (`evidense`) would otherwise be dropped silently and the item graded
// against nothing.
const itemSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, `-` or `_`, e.g. "zh-001"'),
    question: nonEmpty,
    lang: z.enum(['zh', 'zh-Hant', 'en']),
    docIds: z.array(nonEmpty),
    category: z.enum(categories),
    answerable: z.boolean(),
    facts: z.array(z.array(nonEmpty).min(1, 'a fact needs at least one variant')),
    evidence: z.array(nonEmpty),
    followUpOf: nonEmpty.optional(),
    notes: z.string().optional(),
  })
  .superRefine((item, context) => {
    if (item.answerable && item.facts.length === 0)
      context.addIssue({ code: 'custom', path: ['facts'], message: 'an answerable question needs at least one fact' });
    if (item.answerable && item.evidence.length === 0)
      context.addIssue({ code: 'custom', path: ['evidence'], message: 'an answerable question needs at least one evidence string' });
    if (item.answerable && item.docIds.length === 0)
      context.addIssue({ code: 'custom', path: ['docIds'], message: 'an answerable question needs the document(s) it is answered from' });
    if (item.category.startsWith('decline-') && item.answerable)
      context.addIssue({ code: 'custom', path: ['answerable'], message: `category ${item.category} must have answerable: false` });
    if (item.category === 'followup' && item.followUpOf === undefined)
      context.addIssue({ code: 'custom', path: ['followUpOf'], message: 'a followup question needs followUpOf' });
  });

export type EvalItem = z.infer<typeof itemSchema>;

/** A dataset that failed validation; `problems` has one `line N: …` entry per problem found. */
export class DatasetError extends Error {
  readonly problems: string[];

  constructor(source: string, problems: string[]) {
    super(`${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n  ${problems.join('\n  ')}`);
    this.name = 'DatasetError';
    this.problems = problems;
  }
}

export interface ParseOptions {
  /** Document slugs that exist; when given, an unknown `docIds` entry is a problem. */
  knownDocIds?: ReadonlySet<string>;
  /** Named in the error message. */
  source?: string;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const field = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  const key = issue.path[0];
  if (issue.code === 'invalid_type' && issue.path.length === 1 && typeof raw === 'object' && raw !== null && typeof key === 'string' && !(key in raw))
    return `${field}missing`;
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.join(', ')}`;
  return `${field}${issue.message}`;
}

/**
 * Parses a JSONL dataset, collecting every problem (bad JSON, missing or invalid fields, a duplicate
 * id, a followUpOf naming an unknown or later id, an unknown document) with its line number, so one
 * run shows everything to fix. Blank lines are allowed.
 */
export function parseDataset(text: string, { knownDocIds, source = 'dataset' }: ParseOptions = {}): EvalItem[] {
  const items: EvalItem[] = [];
  const problems: string[] = [];
  const lineOfId = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    let raw: unknown;
    try {
      raw = JSON.parse(line) as unknown;
    } catch (error) {
      problems.push(`line ${lineNumber}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    const result = itemSchema.safeParse(raw);
    if (!result.success) {
      const id = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? ` (${raw.id})` : '';
      for (const issue of result.error.issues) problems.push(`line ${lineNumber}${id}: ${describeIssue(issue, raw)}`);
      return;
    }
    const item = result.data;
    const firstLine = lineOfId.get(item.id);
    if (firstLine !== undefined) {
      problems.push(`line ${lineNumber}: duplicate id "${item.id}" (first on line ${firstLine})`);
      return;
    }
    if (item.followUpOf !== undefined && !lineOfId.has(item.followUpOf)) {
      const later = lines.slice(index + 1).some((next) => next.includes(`"id":"${item.followUpOf}"`) || next.includes(`"id": "${item.followUpOf}"`));
      const why = later ? 'comes later in the file; put the first question before its follow-up' : 'is not an id in this dataset';
      problems.push(`line ${lineNumber}: followUpOf "${item.followUpOf}" ${why}`);
    }
    for (const docId of knownDocIds === undefined ? [] : item.docIds) {
      if (!knownDocIds?.has(docId)) problems.push(`line ${lineNumber}: unknown docId "${docId}" (known: ${[...(knownDocIds ?? [])].join(', ')})`);
    }
    lineOfId.set(item.id, lineNumber);
    items.push(item);
  });
  if (problems.length === 0 && items.length === 0) problems.push('line 1: no questions');
  if (problems.length > 0) throw new DatasetError(source, problems);
  return items;
}

/** Reads and validates a dataset file; throws DatasetError listing every problem by line. */
export function loadDataset(path: string, options: Omit<ParseOptions, 'source'> = {}): EvalItem[] {
  return parseDataset(readFileSync(path, 'utf8'), { ...options, source: path });
}

/**
 * Gold evidence that no indexed passage of the item's documents contains: a dataset or chunking
 * problem (a typo, a span across a page header or a chunk boundary), not an engine failure.
 */
export function findUnlocatableEvidence(
  items: readonly EvalItem[],
  passages: readonly { docId: string; text: string }[],
): Array<{ id: string; evidence: string; foundIn: string[] }> {
  const problems: Array<{ id: string; evidence: string; foundIn: string[] }> = [];
  for (const item of items) {
    for (const evidence of item.evidence) {
      const containing = passages.filter((passage) => evidenceContained(passage.text, evidence));
      if (containing.some((passage) => item.docIds.includes(passage.docId))) continue;
      problems.push({ id: item.id, evidence, foundIn: [...new Set(containing.map((passage) => passage.docId))] });
    }
  }
  return problems;
}
