import type { Chunk } from '../index-store/chunk.ts';
import type { Manifest } from '../index-store/manifest.ts';
import type { LexicalIndex } from '../retrieval/lexical-index.ts';
import type { Retriever } from '../retrieval/retriever.ts';
import { RagError } from '../errors.ts';
import { yearsWrittenInAll } from '../text/written-years.ts';
import type { GlossaryEntry } from '../text/glossary.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import type { AnswerEngine, AnswerPart, AnswerRequest, AnswerResponse, ChatTurn, EngineHealth, PassageView } from '../question/answer-parts.ts';
import { createAnalyzer, type Analysis } from '../evidence/create-analyzer.ts';
import { extractiveAnswer, textDeltas, type ExtractiveAnswer } from '../generation/extractive-answer.ts';
import type { Generator as TextGenerator } from '../generation/generator.ts';
import { llmAnswer } from '../generation/llm-answer.ts';
import { createPromptEchoCheck, documentsWording } from '../generation/prompt-echo.ts';
import { answerInAskerScript } from '../generation/answer-in-asker-script.ts';
import { redactAnswerStream, redactPassageView } from '../generation/redact-answer-stream.ts';
import type { ContactPolicy } from '../generation/redact-contacts.ts';
import type { LlmOutcome } from '../generation/stream-llm-answer.ts';
import { englishEditionOf, englishOfQuote } from '../enrichment/english-edition.ts';
import type { MatchedEnrichment } from '../enrichment/match-enrichment.ts';
import { suggestQuestions } from '../generation/suggest-questions.ts';
import { stderrLogger, type EngineLogger } from './engine-logger.ts';

export type { Analysis };

export interface DocumentInfo {
  slug: string;
  file: string;
  title: { zh: string; en: string };
  /** A feature published in January 2022 describes the park "as of early 2022". */
  publishedYear: number;
  /** What its contact data may show (sources.json `contacts`); absent = none. */
  contacts?: ContactPolicy;
}

export interface AnswerEngineParts {
  retriever: Retriever;
  lexical: LexicalIndex;
  tokenizer: Tokenizer;
  glossary: GlossaryEntry[];
  chunks: Chunk[];
  documents: DocumentInfo[];
  manifest: Manifest;
  /** The passages' English editions and expansion questions (corpus/enrichment); absent = none. */
  enrichment?: MatchedEnrichment;
  /** English proper names known to the dictionary but absent from the corpus. */
  outsideNames?: ReadonlySet<string>;
  /** An LLM generator; null = extractive answers only. */
  llm?: TextGenerator | null;
  embeddingModel?: string | null;
  denseReason?: string;
  /** Where LLM failures and fallbacks are reported; the command-line tools' stderr when not given. */
  logger?: EngineLogger;
}

/** The engine as the server uses it, and what the evaluation and the benchmarks look into. */
export interface AnalyzingAnswerEngine extends AnswerEngine {
  /** The answer path up to the decision, nothing written. */
  analyze(request: AnswerRequest): Promise<Analysis>;
  /** The passages retrieval ranked for a question (the evaluation's hit@k and MRR). */
  retrieve(question: string, options?: { topK?: number; history?: ChatTurn[] }): Promise<{ passages: Array<{ id: string; text: string; score: number }> }>;
}

const now = () => performance.now();
const round = (value: number) => Math.round(value * 100) / 100;

/** Why the model's answer was not (all) shown, for the log: the user sees the notice. */
function reportLlmStop(outcome: LlmOutcome, logger: EngineLogger): void {
  const reason = outcome.kind === 'fallback' ? outcome.reason : outcome.stopped;
  if (reason === undefined) return;
  const { error } = outcome;
  const cause =
    error === undefined ? {} : { error: error instanceof Error ? error.message : String(error), ...(RagError.isInstance(error) ? { code: error.code } : {}) };
  const shown = outcome.kind === 'fallback' ? 'the extractive answer was given instead' : 'the verified part was kept';
  logger.warn({ reason, ...cause }, `LLM answer ${reason === 'echo' ? 'repeated its instructions' : 'failed'}: ${shown}`);
}

/**
 * The framework-free engine: analyse (resolve a follow-up → retrieve → select evidence → decide) →
 * write (LLM when configured and the documents answer, else extractive; extractive again when the LLM
 * fails) → redact. The server, the CLIs and the evaluation all call this.
 */
export function createAnswerEngine(parts: AnswerEngineParts): AnalyzingAnswerEngine {
  const { retriever, chunks, glossary, manifest, logger = stderrLogger } = parts;
  const llm = parts.llm ?? null;
  const documentsBySlug = new Map(parts.documents.map((document) => [document.slug, document]));
  const documentTitle = (chunk: Chunk) => documentsBySlug.get(chunk.docId)?.title ?? { zh: chunk.docId, en: chunk.docId };
  const policyOf = (docId: string): ContactPolicy => documentsBySlug.get(docId)?.contacts ?? 'none';
  const yearsAsOf = (chunk: Chunk): number[] => [chunk.year, documentsBySlug.get(chunk.docId)?.publishedYear ?? chunk.year];
  // Years any passage speaks of, written or implied; whether a sentence answers for one is checked later.
  // The written ones come from the manifest (worked out at ingest); an older manifest means scanning here.
  const corpusYears = new Set<number>(manifest.yearsWritten ?? yearsWrittenInAll(chunks));
  for (const chunk of chunks) for (const year of yearsAsOf(chunk)) corpusYears.add(year);
  const corpusText = chunks.map((chunk) => `${chunk.title}${chunk.text}`).join('\n');
  const enrichmentOf = (chunk: Chunk) => parts.enrichment?.byId.get(chunk.id);
  // The bilingual knowledge base: a passage's English edition, the English of quoted sentences.
  const englishOf = (chunk: Chunk, sentence: string): string | undefined => {
    const record = enrichmentOf(chunk);
    return record === undefined ? undefined : englishOfQuote(record, chunk.text, [sentence]);
  };
  const englishFor = (chunk: Chunk, quoted: readonly string[]) => {
    const record = enrichmentOf(chunk);
    if (record === undefined) return undefined;
    const quote = quoted.length === 0 ? undefined : englishOfQuote(record, chunk.text, quoted);
    return { ...englishEditionOf(record), ...(quote !== undefined ? { quote } : {}) };
  };
  // The English the documents are known by: a name found here is theirs, whatever the dictionary says.
  const englishText =
    parts.enrichment === undefined || parts.enrichment.byId.size === 0
      ? undefined
      : [
          ...[...parts.enrichment.byId.values()].flatMap((record) => [
            record.titleEn,
            ...record.sentences.map((sentence) => sentence.en),
            ...record.aliases.flat(),
          ]),
          ...glossary.flatMap((entry) => entry.en),
        ]
          .join('\n')
          .toLowerCase();
  const analyze = createAnalyzer({
    retriever,
    lexical: parts.lexical,
    tokenizer: parts.tokenizer,
    glossary,
    corpusText,
    corpusYears,
    yearsAsOf,
    outsideNames: parts.outsideNames,
    englishOf,
    englishText,
    aliasGroups: parts.enrichment === undefined ? undefined : [...parts.enrichment.byId.values()].flatMap((record) => record.aliases),
    chunks,
    publishedYear: (docId) => documentsBySlug.get(docId)?.publishedYear,
  });
  const extractiveOptions = { glossary, coveredYears: [...new Set(chunks.map((chunk) => chunk.year))].sort(), documentTitle, enrichmentOf, englishFor };
  // The documents and the glossary's names are not the prompt's words: "苏州工业园区" is in both.
  const echoCheck = llm?.prompts === undefined ? null : createPromptEchoCheck(llm.prompts, { ordinaryText: documentsWording(chunks, glossary) });

  async function* generate(request: AnswerRequest): AsyncGenerator<AnswerPart> {
    const started = now();
    const analysis = await analyze(request);
    const retrievalMs = now() - started;
    const generationStarted = now();
    let generator: 'llm' | 'extractive' = 'extractive';
    let notice: string | undefined;
    let result: ExtractiveAnswer | null = null;
    if (llm !== null && analysis.decision.answerable) {
      const written = yield* llmAnswer(analysis, request, { llm, echoes: echoCheck?.() ?? null, documentTitle, englishFor, policyOf });
      reportLlmStop(written.outcome, logger);
      ({ result, notice } = written);
      if (result !== null) generator = 'llm';
    }
    if (result === null) {
      result = extractiveAnswer(analysis, extractiveOptions);
      yield { type: 'citations', citations: result.citations };
      for (const piece of textDeltas(result.answer)) yield { type: 'text-delta', text: piece };
    }
    // Follow-ups the cited passages also answer (their enrichment questions), in the question's language.
    const citedRecords = result.citations.flatMap((citation) => {
      const chunk = retriever.chunk(citation.id);
      const record = chunk === undefined ? undefined : enrichmentOf(chunk);
      return record === undefined ? [] : [record];
    });
    const suggestions = suggestQuestions(citedRecords, analysis.language, [
      analysis.question,
      ...(analysis.resolvedQuestion !== null ? [analysis.resolvedQuestion] : []),
    ]);
    const response: AnswerResponse = {
      answer: result.answer,
      answered: result.answered,
      language: analysis.language,
      citations: result.citations,
      mode: { retrieval: retriever.mode, generator },
      timingsMs: { retrieval: round(retrievalMs), generation: round(now() - generationStarted), total: round(now() - started) },
      ...(notice !== undefined ? { notice } : {}),
      ...(analysis.resolvedQuestion !== null ? { resolvedQuestion: analysis.resolvedQuestion } : {}),
      ...(suggestions.length > 0 ? { suggestions } : {}),
    };
    yield { type: 'done', response };
  }

  // Everything the engine says leaves through here: without contact data, and in the asker's script (a traditional
  // source's quotes as written there, redacted too).
  const stream = (request: AnswerRequest): AsyncGenerator<AnswerPart> =>
    answerInAskerScript(redactAnswerStream(generate(request), policyOf), request.question, (id) => retriever.chunk(id)?.textOriginal);

  return {
    stream,
    analyze,
    async answer(request) {
      for await (const part of stream(request)) if (part.type === 'done') return part.response;
      throw new RagError('RAG_ABORTED', 'the answer stream ended without a result');
    },
    passage(id): PassageView | undefined {
      const chunk = retriever.chunk(id);
      if (chunk === undefined) return undefined;
      const { slug, file, title } = documentsBySlug.get(chunk.docId) ?? { slug: chunk.docId, file: '', title: { zh: chunk.docId, en: chunk.docId } };
      const record = enrichmentOf(chunk);
      return redactPassageView({ chunk, document: { slug, file, title }, ...(record !== undefined ? { english: englishEditionOf(record) } : {}) }, policyOf);
    },
    health(): EngineHealth {
      return {
        status: 'ok',
        mode: { retrieval: retriever.mode, generator: llm === null ? 'extractive' : 'llm' },
        chunkCount: chunks.length,
        documents: parts.documents.length,
        embeddingModel: parts.embeddingModel ?? null,
        ...(parts.denseReason !== undefined ? { denseReason: parts.denseReason } : {}),
        llmModel: llm?.model ?? null,
        indexBuiltAt: manifest.builtAt,
        englishEditions: {
          passages: parts.enrichment?.status.matched ?? 0,
          missing: chunks.length - (parts.enrichment?.status.matched ?? 0),
          stale: parts.enrichment?.status.stale.length ?? 0,
        },
      };
    },
    async retrieve(question, options = {}) {
      const analysis = await analyze({ question, ...(options.history ? { history: options.history } : {}), topK: options.topK ?? 10 });
      return { passages: analysis.retrieval.hits.map((hit) => ({ id: hit.chunk.id, text: hit.chunk.text, score: hit.score })) };
    },
  };
}
