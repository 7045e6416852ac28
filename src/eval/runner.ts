import type { AnswerMode, AnswerResponse, ChatTurn } from '../question/answer-parts.ts';
import type { EvalItem } from './dataset.ts';
import {
  declinePrecision,
  declineRecall,
  evidenceContained,
  evidenceRank,
  evidenceRecall,
  expectedLanguage,
  factAccuracy,
  factRecall,
  hitAtK,
  languageMatch,
  languageOf,
  mean,
  passedFacts,
  percentile,
  reciprocalRank,
  scriptMatch,
  simplifiedCharactersOf,
  supportingCitations,
  readsAsProse,
} from './metrics.ts';

/** Asks the engine one question: `engine.answer` in-process, `POST /api/answer` over HTTP. */
export type Ask = (question: string, history: ChatTurn[]) => Promise<AnswerResponse>;

/** The engine's ranked passages for a question, before the generator picks what to cite. */
export type Retrieve = (
  question: string,
  options: { topK: number; history: ChatTurn[] },
) => Promise<{ passages: Array<{ id: string; text: string; score: number }> }>;

/** How far down the ranking retrieval metrics look; MRR is MRR@10. */
export const retrievalDepth = 10;

export interface ItemRecord {
  id: string;
  question: string;
  lang: EvalItem['lang'];
  category: EvalItem['category'];
  docIds: string[];
  answerable: boolean;
  followUpOf?: string;
  expected: { facts: string[][]; evidence: string[]; language: 'zh' | 'en' };
  answer: string;
  answered: boolean;
  language: string;
  citations: string[];
  mode?: AnswerMode;
  notice?: string;
  resolvedQuestion?: string;
  /** Rank of the first passage holding gold evidence (from the retriever, or the citations over HTTP); null: not in the top 10. */
  hitRank: number | null;
  factsPassed: boolean[];
  citationsSupported: boolean[];
  evidenceRecall: number | null;
  languageOk: boolean;
  /** Questions in traditional characters: answered in them (`zh-Hant`, no simplified-only character); null for others. */
  scriptOk: boolean | null;
  latencyMs: number;
  /** Answerable: answered with every fact. Unanswerable: declined. */
  correct: boolean;
  /** Not correct, or in the wrong language, or the engine failed. */
  failed: boolean;
  reasons: string[];
  error?: string;
}

export interface Metrics {
  items: number;
  answerable: number;
  unanswerable: number;
  /** Per-question correctness over all questions (facts for answerable ones, declining for the rest). */
  accuracy: number | null;
  hitAt1: number | null;
  hitAt5: number | null;
  mrr: number | null;
  factAccuracy: number | null;
  factRecall: number | null;
  citationPrecision: number | null;
  evidenceRecall: number | null;
  declinePrecision: number | null;
  declineRecall: number | null;
  languageMatch: number | null;
  /** Share of the questions in traditional characters answered in traditional characters (null: none asked). */
  scriptMatch: number | null;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Of the English questions answered (not declined), the share whose answer reads as prose (readsAsProse). */
  proseShare: number | null;
  /** Median answer length in characters (code points), over every answer given. */
  medianAnswerChars: number | null;
}

export type MetricName = Exclude<keyof Metrics, 'items' | 'answerable' | 'unanswerable'>;

export interface EvaluationResult {
  records: ItemRecord[];
  overall: Metrics;
  byLanguage: Record<string, Metrics>;
  byCategory: Record<string, Metrics>;
  byDocument: Record<string, Metrics>;
  /** Every mode the responses reported (the extractive fallback after an LLM failure shows up here). */
  modes: AnswerMode[];
  /** Where hit@k and MRR came from: the engine's retriever, or only the cited passages (over HTTP). */
  retrievalSource: 'retriever' | 'citations';
  /** Failure reasons grouped by kind (`missed fact`, `should have declined`, …) with counts. */
  reasonCounts: Array<{ reason: string; count: number }>;
}

export interface RunOptions {
  items: readonly EvalItem[];
  /** Where a follow-up's first question is looked up when `items` is a filtered part of the dataset. */
  allItems?: readonly EvalItem[];
  ask: Ask;
  retrieve?: Retrieve;
  /** The latency to record for a response; by default the wall time of `ask` (an HTTP client subtracts rate-limit waits). */
  latencyOf?: (response: AnswerResponse, wallMs: number) => number;
  /** Stop after this many engine errors in a row (a wrong URL, a server that died) instead of grading them all. */
  maxConsecutiveErrors?: number;
  /** Documents written in traditional characters (sources.json `script`): what they write is not the engine's script fault. */
  traditionalSources?: ReadonlySet<string>;
  /** Called after each question, for a progress line. */
  onRecord?: (record: ItemRecord, done: number, total: number) => void;
  now?: () => number;
}

const ratio = (count: number, total: number): number | null => (total === 0 ? null : count / total);

/** The metrics of a group of records; every definition is in eval/README.md. */
export function summarize(records: readonly ItemRecord[]): Metrics {
  const answerable = records.filter((record) => record.answerable);
  const unanswerable = records.filter((record) => !record.answerable);
  const withEvidence = answerable.filter((record) => record.expected.evidence.length > 0);
  const cited = answerable.filter((record) => record.answered).flatMap((record) => record.citationsSupported);
  const factCases = answerable.map((record) => ({ answer: record.answer, answered: record.answered, facts: record.expected.facts }));
  const latencies = records.filter((record) => record.error === undefined).map((record) => record.latencyMs);
  const englishAnswers = records.filter((record) => record.lang === 'en' && record.answered && record.error === undefined);
  return {
    items: records.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    accuracy: ratio(records.filter((record) => record.correct).length, records.length),
    hitAt1: ratio(withEvidence.filter((record) => hitAtK(record.hitRank, 1)).length, withEvidence.length),
    hitAt5: ratio(withEvidence.filter((record) => hitAtK(record.hitRank, 5)).length, withEvidence.length),
    mrr: withEvidence.length === 0 ? null : withEvidence.reduce((sum, record) => sum + reciprocalRank(record.hitRank), 0) / withEvidence.length,
    factAccuracy: factAccuracy(factCases),
    factRecall: factRecall(factCases),
    citationPrecision: ratio(cited.filter(Boolean).length, cited.length),
    evidenceRecall: mean(withEvidence.map((record) => record.evidenceRecall)),
    declinePrecision: declinePrecision(records),
    declineRecall: declineRecall(records),
    languageMatch: ratio(records.filter((record) => record.languageOk).length, records.length),
    scriptMatch: ratio(records.filter((record) => record.scriptOk === true).length, records.filter((record) => record.scriptOk !== null).length),
    latencyP50Ms: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    proseShare: ratio(englishAnswers.filter((record) => readsAsProse(record.answer)).length, englishAnswers.length),
    medianAnswerChars: percentile(
      records.filter((record) => record.error === undefined).map((record) => [...record.answer].length),
      50,
    ),
  };
}

function groupBy(records: readonly ItemRecord[], keys: (record: ItemRecord) => string[]): Record<string, Metrics> {
  const groups = new Map<string, ItemRecord[]>();
  for (const record of records) {
    for (const key of keys(record)) groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return Object.fromEntries([...groups].map(([key, group]) => [key, summarize(group)]));
}

const preview = (text: string, length = 40): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
};

/** The kind of a reason (`missed fact 1022亿` → `missed fact`), for counting the common ones. */
export function reasonKind(reason: string): string {
  return reason
    .replace(/\s*[:(].*$/, '')
    .replace(/^missed fact .*/, 'missed fact')
    .replace(/^gold evidence not cited.*/, 'gold evidence not cited');
}

interface GradeInput {
  item: EvalItem;
  response: AnswerResponse;
  ranked: readonly { text: string }[];
  latencyMs: number;
  traditionalSources: ReadonlySet<string>;
}

function grade({ item, response, ranked, latencyMs, traditionalSources }: GradeInput): ItemRecord {
  const language = expectedLanguage(item.lang);
  const factsPassed = passedFacts(response.answer, item.facts);
  const hitRank = item.answerable ? evidenceRank(ranked.slice(0, retrievalDepth), item.evidence) : null;
  const citationsSupported = supportingCitations(response.citations, { answer: response.answer, facts: item.facts, evidence: item.evidence });
  const recall = item.answerable ? evidenceRecall(response.citations, item.evidence) : null;
  const languageOk = languageMatch(response, item.lang);
  const scriptOk = scriptMatch(response, item.lang, traditionalSources);
  const correct = item.answerable ? response.answered && factsPassed.every(Boolean) : !response.answered;

  const reasons: string[] = [];
  if (item.answerable && !response.answered) {
    // Where the decline went wrong: retrieval (no evidence), or the answerability decision (evidence
    // ranked high, and the reply's "nearest thing" may even hold the facts).
    const inReply = factsPassed.filter(Boolean).length;
    const evidence = hitRank === null ? 'not in top 10' : `at rank ${hitRank}`;
    reasons.push(`declined an answerable question (evidence ${evidence}; ${inReply} of ${factsPassed.length} facts in the reply)`);
  }
  if (!item.answerable && response.answered) reasons.push('should have declined');
  if (item.answerable && response.answered) {
    factsPassed.forEach((passed, index) => {
      if (!passed) reasons.push(`missed fact ${(item.facts[index] ?? []).join(' / ')}`);
    });
  }
  if (languageOf(response.language) !== language) reasons.push(`wrong language: response says ${response.language}, expected ${language}`);
  else if (!languageOk) reasons.push(`wrong language: answer text is not written in ${language}`);
  if (scriptOk === false) {
    const simplified = simplifiedCharactersOf(response, traditionalSources).slice(0, 5).join('');
    reasons.push(`wrong script: response says ${response.language}, answer has simplified characters ${simplified}`);
  }
  if (item.answerable && !hitAtK(hitRank, 5)) reasons.push(`evidence not retrieved in top 5${hitRank === null ? '' : ` (rank ${hitRank})`}`);
  if (item.answerable && response.answered) {
    const uncited = item.evidence.filter((evidence) => !response.citations.some((citation) => evidenceContained(citation.text, evidence)));
    if (uncited.length > 0 && uncited.length === item.evidence.length)
      reasons.push(`gold evidence not cited: ${uncited.map((evidence) => `"${preview(evidence)}"`).join(', ')}`);
    const unsupported = response.citations.filter((_, index) => !citationsSupported[index]);
    if (unsupported.length > 0) reasons.push(`unsupported citation: ${unsupported.map((citation) => `[${citation.n}] ${citation.id}`).join(', ')}`);
  }

  return {
    ...itemFields(item),
    answer: response.answer,
    answered: response.answered,
    language: response.language,
    citations: response.citations.map((citation) => citation.id),
    mode: response.mode,
    ...(response.notice !== undefined ? { notice: response.notice } : {}),
    ...(response.resolvedQuestion !== undefined ? { resolvedQuestion: response.resolvedQuestion } : {}),
    hitRank,
    factsPassed,
    citationsSupported,
    evidenceRecall: recall,
    languageOk,
    scriptOk,
    latencyMs,
    correct,
    failed: !correct || !languageOk || scriptOk === false,
    reasons,
  };
}

/** What a record repeats of its dataset item, and the expectations it was scored against. */
function itemFields(item: EvalItem) {
  return {
    id: item.id,
    question: item.question,
    lang: item.lang,
    category: item.category,
    docIds: item.docIds,
    answerable: item.answerable,
    ...(item.followUpOf !== undefined ? { followUpOf: item.followUpOf } : {}),
    expected: { facts: item.facts, evidence: item.evidence, language: expectedLanguage(item.lang) },
  };
}

function errorRecord(item: EvalItem, error: unknown, latencyMs: number): ItemRecord {
  const message = error instanceof Error ? error.message : String(error);
  return {
    ...itemFields(item),
    answer: '',
    answered: false,
    language: '',
    citations: [],
    hitRank: null,
    factsPassed: item.facts.map(() => false),
    citationsSupported: [],
    evidenceRecall: item.answerable ? 0 : null,
    languageOk: false,
    scriptOk: item.lang === 'zh-Hant' ? false : null,
    latencyMs,
    correct: false,
    failed: true,
    reasons: [`engine error: ${message}`],
    error: message,
  };
}

/**
 * Asks every question in order and grades the answers. A follow-up is asked with the conversation
 * that leads to it: its first question and the engine's own answer to that (reused when the first
 * question was evaluated too, asked silently when `--only` left it out). Engine errors are recorded
 * as failures of that question rather than ending the run.
 */
export async function runEvaluation({
  items,
  allItems = items,
  ask,
  retrieve,
  latencyOf = (_response, wallMs) => wallMs,
  maxConsecutiveErrors = 10,
  onRecord,
  now = () => performance.now(),
  traditionalSources = new Set(),
}: RunOptions): Promise<EvaluationResult> {
  const byId = new Map(allItems.map((item) => [item.id, item]));
  const conversations = new Map<string, { history: ChatTurn[]; response: AnswerResponse }>();

  async function conversationFor(id: string): Promise<ChatTurn[]> {
    const item = byId.get(id);
    if (item === undefined) return [];
    let done = conversations.get(id);
    if (done === undefined) {
      const history = item.followUpOf === undefined ? [] : await conversationFor(item.followUpOf);
      done = { history, response: await ask(item.question, history) };
      conversations.set(id, done);
    }
    return [...done.history, { role: 'user', content: item.question }, { role: 'assistant', content: done.response.answer }];
  }

  const records: ItemRecord[] = [];
  for (const item of items) {
    const started = now();
    try {
      const history = item.followUpOf === undefined ? [] : await conversationFor(item.followUpOf);
      const askedAt = now();
      const response = await ask(item.question, history);
      const latencyMs = latencyOf(response, now() - askedAt);
      conversations.set(item.id, { history, response });
      const ranked =
        retrieve === undefined
          ? [...response.citations].sort((left, right) => left.n - right.n)
          : (await retrieve(item.question, { topK: retrievalDepth, history })).passages;
      records.push(grade({ item, response, ranked, latencyMs, traditionalSources }));
    } catch (error) {
      records.push(errorRecord(item, error, now() - started));
    }
    onRecord?.(records.at(-1)!, records.length, items.length);
    const recent = records.slice(-maxConsecutiveErrors);
    if (recent.length === maxConsecutiveErrors && recent.every((record) => record.error !== undefined)) {
      throw new Error(`stopped after ${maxConsecutiveErrors} engine errors in a row; the last: ${recent.at(-1)?.error ?? ''}`);
    }
  }

  const modes = new Map<string, AnswerMode>();
  for (const record of records) if (record.mode !== undefined) modes.set(`${record.mode.retrieval}/${record.mode.generator}`, record.mode);
  const counts = new Map<string, number>();
  for (const record of records.filter((candidate) => candidate.failed)) {
    for (const kind of new Set(record.reasons.map(reasonKind))) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return {
    records,
    overall: summarize(records),
    byLanguage: groupBy(records, (record) => [record.lang]),
    byCategory: groupBy(records, (record) => [record.category]),
    byDocument: groupBy(records, (record) => record.docIds),
    modes: [...modes.values()],
    retrievalSource: retrieve === undefined ? 'citations' : 'retriever',
    reasonCounts: [...counts]
      .map(([reason, count]) => ({ reason, count }))
      .sort((left, right) => right.count - left.count || left.reason.localeCompare(right.reason)),
  };
}
