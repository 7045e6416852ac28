import type { AnswerLanguage } from '../text/detect-language.ts';

/** One cited passage in an answer (contract: DESIGN.md, POST /api/answer). */
export interface Citation {
  /** The number used as `[n]` in the answer. */
  n: number;
  id: string;
  docId: string;
  /** Entry or sub-heading title, e.g. `【概况】`. */
  title: string;
  section: string[];
  year: number;
  /** The whole passage. */
  text: string;
  /** The sentence of the passage that supports the claim. */
  quote: string;
  /** Retrieval score normalised to 0–1 (1 = best passage for this question). */
  score: number;
  /** The source document's title in both languages, for display. */
  documentTitle: { zh: string; en: string };
  /** The passage's English edition, when the bilingual knowledge base has one (corpus/enrichment). */
  english?: EnglishEdition;
}

/** A passage's English edition: its title, whole text, and the English of the quoted sentence(s). */
export interface EnglishEdition {
  title: string;
  text: string;
  /** Present on citations: the English sentence(s) aligned with `quote`. */
  quote?: string;
}

export interface AnswerMode {
  retrieval: 'hybrid' | 'lexical';
  generator: 'llm' | 'extractive';
}

export interface Timings {
  retrieval: number;
  generation: number;
  total: number;
}

/** The complete answer (contract). JSON responses are this object; SSE sends it in `done`. */
export interface AnswerResponse {
  answer: string;
  answered: boolean;
  /** `zh-Hant` when the question was asked in traditional characters (the answer is then in them too). */
  language: AnswerLanguage;
  citations: Citation[];
  mode: AnswerMode;
  timingsMs: Timings;
  /** Set when something the user should know happened, e.g. the LLM failed and this is the extractive fallback. */
  notice?: string;
  /** A follow-up rewritten into a standalone question from the conversation, when that happened. */
  resolvedQuestion?: string;
  /** Questions the cited passages also answer, in the question's language, to offer as follow-ups. */
  suggestions?: string[];
}

/**
 * The longest question, in characters (code points), the service answers: the HTTP routes refuse longer
 * ones, and a follow-up rewritten from the conversation is cut to it too.
 */
export const maxQuestionChars = 1000;

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

/**
 * The stream protocol every generator speaks: the candidate citations first, then text deltas,
 * then the final verified response. JSON collects it; SSE frames it (`citations`, `delta`, `done`).
 */
export type AnswerPart = { type: 'citations'; citations: Citation[] } | { type: 'text-delta'; text: string } | { type: 'done'; response: AnswerResponse };

export interface AnswerRequest {
  question: string;
  history?: ChatTurn[];
  topK?: number;
  signal?: AbortSignal;
}

export interface PassageView {
  chunk: import('../index-store/chunk.ts').Chunk;
  document: { slug: string; file: string; title: { zh: string; en: string } };
  /** The passage's English edition, when the bilingual knowledge base has one. */
  english?: EnglishEdition;
}

/** Where the served index comes from when it is a database (DATABASE_URL), and whether that database is reachable. */
export interface StoreHealth {
  backend: 'postgres';
  /** The index version being served. */
  indexVersion: number;
  database: 'reachable' | 'unreachable';
  /** Why the database is unreachable: answers keep coming from the loaded version meanwhile. */
  problem?: string;
}

export interface EngineHealth {
  /** `degraded`: answers are served, but something they depend on for updates (the database) is lost. */
  status: 'ok' | 'degraded';
  mode: AnswerMode;
  chunkCount: number;
  documents: number;
  embeddingModel: string | null;
  denseReason?: string;
  llmModel: string | null;
  indexBuiltAt: string;
  /** Which index is served: its corpus hash (first 12 hex digits); changes when a reload swaps in another. */
  indexVersion?: string;
  /** Set when a corpus file could not be read at start and the previous index is served: the file and why. */
  staleIndex?: { file: string; reason: string };
  store?: StoreHealth;
  /** How many passages have an English edition, and how many lack one (no entry, or one written for changed text). */
  englishEditions?: { passages: number; missing: number; stale: number };
}

/** The framework-free engine the server, the CLIs and the evaluation all use. */
export interface AnswerEngine {
  stream(request: AnswerRequest): AsyncIterable<AnswerPart>;
  answer(request: AnswerRequest): Promise<AnswerResponse>;
  passage(id: string): PassageView | undefined;
  health(): EngineHealth;
}
