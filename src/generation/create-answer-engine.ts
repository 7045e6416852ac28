import type { Chunk } from '../ingest/chunk.ts';
import type { Manifest } from '../ingest/manifest.ts';
import { englishEditionOf, englishOfQuote } from '../enrichment/english-edition.ts';
import type { MatchedEnrichment } from '../enrichment/match-enrichment.ts';
import { splitSentences } from '../ingest/split-text.ts';
import type { LexicalIndex } from '../retrieval/lexical-index.ts';
import type { RetrievalResult, Retriever } from '../retrieval/retriever.ts';
import { RagError } from '../errors.ts';
import { detectLanguage, type Language } from '../text/detect-language.ts';
import { yearsWrittenInAll } from '../text/written-years.ts';
import type { GlossaryEntry } from '../text/glossary.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import type { AnswerEngine, AnswerPart, AnswerRequest, AnswerResponse, Citation, EngineHealth, PassageView } from './answer-parts.ts';
import { composeAnswer, composeDecline, type CitedEvidence } from './compose-answer.ts';
import { decideAnswerable, sentenceHasYear, type Decision } from './decide-answerable.ts';
import { missingAttributes } from './asked-attributes.ts';
import { generalTermAsked } from './general-term.ts';
import type { Generator as TextGenerator, NumberedPassage } from './generator.ts';
import { chineseKeyTerms, coverage, englishKeyTerms, type KeyTerm } from './key-terms.ts';
import { analyzeQuestion, satisfiesNeeds, type QuestionNeeds } from './question-analysis.ts';
import { createPromptEchoCheck, documentsWording } from './prompt-echo.ts';
import { redactAnswerStream, redactPassageView } from './redact-answer-stream.ts';
import type { ContactPolicy } from './redact-contacts.ts';
import { resolveFollowUp } from './resolve-follow-up.ts';
import { asksForNews, newsOfYear } from '../evidence/news-of-year.ts';
import { selectEvidence, type Evidence } from './select-evidence.ts';
import { streamLlmAnswer, type LlmOutcome } from './stream-llm-answer.ts';
import { suggestQuestions } from './suggest-questions.ts';

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
}

/** What the engine worked out about a question before writing anything: shared by both generators. */
export interface Analysis {
  question: string;
  language: Language;
  resolvedQuestion: string | null;
  retrieval: RetrievalResult;
  terms: KeyTerm[];
  needs: QuestionNeeds;
  evidence: Evidence[];
  decision: Decision;
}

const now = () => performance.now();
/** The most parts of a many-part question that are each retrieved and answered on their own. */
const maxQuestionParts = 4;
const round = (value: number) => Math.round(value * 100) / 100;

/** Splits finished text into a few deltas, so JSON and SSE clients see the same protocol. */
function* textDeltas(text: string): Generator<string> {
  const pieces = text.match(/[^。！？.!?\n]+[。！？.!?\n]*|[。！？.!?\n]+/g) ?? [text];
  for (const piece of pieces) yield piece;
}

/** What the user is told when the model's answer is not (all) shown. */
function llmNotice(outcome: LlmOutcome, language: Language): string | undefined {
  const zh = language === 'zh';
  if (outcome.kind === 'fallback') {
    if (outcome.reason === 'echo') return zh ? '大模型的回答复述了它的指令，以下为抽取式答案。' : "The language model's answer repeated its instructions; this is the extractive answer.";
    return zh ? '大模型暂不可用，以下为抽取式答案。' : 'The language model is unavailable; this is the extractive answer.';
  }
  const notes: string[] = [];
  if (outcome.verified.removed.length > 0) notes.push(`${outcome.verified.removed.length} unsupported sentence(s) removed from the model's answer`);
  if (outcome.stopped === 'failed') notes.push(zh ? '大模型的回答中途中断，只保留了已核实的部分。' : 'The language model stopped mid-answer; only the part already verified is shown.');
  if (outcome.stopped === 'echo') notes.push(zh ? '大模型的回答随后复述了它的指令，这部分已删去。' : "The rest of the language model's answer repeated its instructions and was left out.");
  return notes.length === 0 ? undefined : notes.join(' ');
}

/**
 * The framework-free engine: resolve a follow-up → retrieve → decide whether the documents answer →
 * generate (LLM when configured, else extractive; extractive again when the LLM fails) → verify
 * citations. The server, the CLIs and the evaluation all call this.
 */
export function createAnswerEngine(parts: AnswerEngineParts): AnswerEngine {
  const documentsBySlug = new Map(parts.documents.map((document) => [document.slug, document]));
  const corpusText = parts.chunks.map((chunk) => `${chunk.title}${chunk.text}`).join('\n');
  const chunkYears = new Set(parts.chunks.map((chunk) => chunk.year));
  const coveredYears = [...chunkYears].sort();
  // A year is "in" a passage when it is the passage's year or its document's publication year.
  const yearsOf = (chunk: Chunk): number[] => [chunk.year];
  // "As of early 2022" is answered by a document published then; "2022 output" needs 2022 figures.
  const yearsAsOf = (chunk: Chunk): number[] => [chunk.year, documentsBySlug.get(chunk.docId)?.publishedYear ?? chunk.year];
  // Years any passage speaks of, written or implied; whether a sentence answers for one is checked later.
  // The written ones come from the manifest (worked out at ingest); an older manifest means scanning here.
  const corpusYears = new Set<number>(parts.manifest.yearsWritten ?? yearsWrittenInAll(parts.chunks));
  for (const chunk of parts.chunks) for (const year of yearsAsOf(chunk)) corpusYears.add(year);
  const keyContext = { lexical: parts.lexical, tokenizer: parts.tokenizer, corpusText, ...(parts.outsideNames ? { outsideNames: parts.outsideNames } : {}) };
  const llm = parts.llm ?? null;
  const policyOf = (docId: string): ContactPolicy => documentsBySlug.get(docId)?.contacts ?? 'none';
  // The documents and the glossary's names are not the prompt's words: "苏州工业园区" is in both.
  const echoCheck = llm?.prompts === undefined ? null : createPromptEchoCheck(llm.prompts, { ordinaryText: documentsWording(parts.chunks, parts.glossary) });

  function documentTitle(chunk: Chunk): { zh: string; en: string } {
    return documentsBySlug.get(chunk.docId)?.title ?? { zh: chunk.docId, en: chunk.docId };
  }

  const enrichmentOf = (chunk: Chunk) => parts.enrichment?.byId.get(chunk.id);

  /** The aligned English of one sentence of a passage, when the passage has an English edition. */
  const englishOfSentence = (chunk: Chunk, sentence: string): string | undefined => {
    const record = enrichmentOf(chunk);
    return record === undefined ? undefined : englishOfQuote(record, chunk.text, [sentence]);
  };

  /** The passage's English edition, with the English of the quoted sentence(s) when there is a quote. */
  function englishFor(chunk: Chunk, quoted: readonly string[]): Citation['english'] {
    const record = enrichmentOf(chunk);
    if (record === undefined) return undefined;
    const quote = quoted.length === 0 ? undefined : englishOfQuote(record, chunk.text, quoted);
    return { ...englishEditionOf(record), ...(quote !== undefined ? { quote } : {}) };
  }

  // Contact data is removed on the way out (redactAnswerStream), where the source's policy is known.
  function toCitation(chunk: Chunk, n: number, quote: string, score: number, quoted: readonly string[] = quote === '' ? [] : splitSentences(quote)): Citation {
    const english = englishFor(chunk, quoted);
    return {
      n,
      id: chunk.id,
      docId: chunk.docId,
      title: chunk.title,
      section: chunk.section,
      year: chunk.year,
      text: chunk.text,
      quote,
      score: round(score),
      documentTitle: documentTitle(chunk),
      ...(english !== undefined ? { english } : {}),
    };
  }

  /**
   * Two questions in one (「2020年…多少家？到2022年初…多少家？」) can need evidence the whole question's
   * best sentences miss, often in a passage the whole question does not even retrieve: a part whose
   * years or terms no chosen sentence covers is retrieved and answered on its own.
   */
  async function coverEveryPart(evidence: Evidence[], whole: { question: string; language: Language; asOf: boolean; yearsFor: (chunk: Chunk) => number[]; signal?: AbortSignal }): Promise<Evidence[]> {
    // Each part is retrieved and read on its own: a question of a hundred "…？" parts took 160 ms
    // (issue 11). People ask two or three at once (the evaluation: at most three).
    const questionParts = whole.question.split(/[？?]/).map((part) => part.trim()).filter((part) => part.length >= 4).slice(0, maxQuestionParts);
    if (questionParts.length < 2) return evidence;
    const chosen = [...evidence];
    for (const part of questionParts) {
      const partNeeds = { ...analyzeQuestion(part, whole.language), asOf: whole.asOf };
      const retrieval = await parts.retriever.retrieve(part, { topK: 8, ...(whole.signal ? { signal: whole.signal } : {}) });
      const partTerms = whole.language === 'zh' ? chineseKeyTerms(retrieval.normalizedQuestion, keyContext) : englishKeyTerms(part, keyContext, retrieval.bridged);
      if (partTerms.every((term) => term.unknown)) continue;
      const yearsCovered = partNeeds.years.every((year) => chosen.some((item) => sentenceHasYear(item.sentence, item.hit.chunk, year, whole.yearsFor)));
      const termsCovered = chosen.some((item) => coverage(item.context, partTerms) >= 0.8 && satisfiesNeeds(item.sentence, partNeeds));
      if (yearsCovered && termsCovered) continue;
      const best = selectEvidence(retrieval.hits, {
        terms: partTerms,
        needs: partNeeds,
        yearsOf: whole.yearsFor,
        question: retrieval.normalizedQuestion,
        maxSentences: 1,
        depth: 8,
        ...(whole.language === 'en' ? { englishOf: englishOfSentence } : {}),
      })[0];
      if (best === undefined || best.coverage < 0.5 || chosen.some((item) => item.sentence === best.sentence)) continue;
      chosen.push(best);
    }
    return chosen;
  }

  async function analyze(request: AnswerRequest): Promise<Analysis> {
    const question = request.question.trim();
    if (question === '') throw new RagError('RAG_BAD_REQUEST', 'question is empty');
    const language = detectLanguage(question);
    const resolved = resolveFollowUp(question, request.history ?? [], language, parts.glossary);
    const retrieval = await parts.retriever.retrieve(resolved.question, { topK: Math.max(request.topK ?? 8, 8), ...(request.signal ? { signal: request.signal } : {}) });
    const terms = language === 'zh' ? chineseKeyTerms(retrieval.normalizedQuestion, keyContext) : englishKeyTerms(resolved.question, keyContext, retrieval.bridged);
    const needs = analyzeQuestion(retrieval.normalizedQuestion, language);
    const yearsFor = needs.asOf ? yearsAsOf : yearsOf;
    const evidence = await coverEveryPart(selectEvidence(retrieval.hits, { terms, needs, yearsOf: yearsFor, question: retrieval.normalizedQuestion, ...(language === 'en' ? { englishOf: englishOfSentence } : {}) }), {
      question: resolved.question,
      language,
      asOf: needs.asOf,
      yearsFor,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const missing = missingAttributes(retrieval.normalizedQuestion, language, retrieval.hits.slice(0, 3).map((hit) => hit.chunk.text).join('\n'));
    // Half the question's term weight: 0.6 for Chinese declined paraphrased questions the documents
    // answer (held-out dev2: 76.4% -> 79.5% at 0.5, nothing else changed; eval/README.md).
    const definedTerm = generalTermAsked(resolved.question, language, parts.glossary);
    const decision = decideAnswerable({ terms, needs, evidence, corpusYears, yearsOf: yearsFor, missing, definedTerm, minCoverage: 0.5 });
    const base = { question, language, resolvedQuestion: resolved.rewritten ? resolved.question : null, retrieval, terms, needs };
    // "What was in the news in 2024?" asks what the documents of that year report, which no single
    // sentence's terms cover: their opening sentences answer it.
    const newsYear = needs.years.length === 1 ? needs.years[0] : undefined;
    if (!decision.answerable && newsYear !== undefined && asksForNews(resolved.question, language)) {
      const news = newsOfYear(parts.chunks, newsYear, (docId) => documentsBySlug.get(docId)?.publishedYear);
      if (news.length > 0) return { ...base, evidence: news, decision: { answerable: true } };
    }
    return { ...base, evidence, decision };
  }

  /** Distinct passages of the chosen evidence, numbered in order. */
  function citeEvidence(evidence: Evidence[]): CitedEvidence[] {
    const numbers = new Map<string, number>();
    return evidence.map((item) => {
      const id = item.hit.chunk.id;
      if (!numbers.has(id)) numbers.set(id, numbers.size + 1);
      return { evidence: item, n: numbers.get(id) as number, documentTitle: documentTitle(item.hit.chunk) };
    });
  }

  function citationsFor(items: CitedEvidence[]): Citation[] {
    const seen = new Map<number, { first: CitedEvidence; quote: string; sentences: string[] }>();
    for (const item of items) {
      const existing = seen.get(item.n);
      if (existing === undefined) seen.set(item.n, { first: item, quote: item.evidence.sentence, sentences: [item.evidence.sentence] });
      else if (!existing.quote.includes(item.evidence.sentence)) {
        existing.quote = `${existing.quote}${item.evidence.sentence}`;
        existing.sentences.push(item.evidence.sentence);
      }
    }
    return [...seen.values()].map(({ first, quote, sentences }) => toCitation(first.evidence.hit.chunk, first.n, quote, first.evidence.hit.score, sentences));
  }

  function extractive(analysis: Analysis): { answer: string; answered: boolean; citations: Citation[] } {
    const { decision, evidence, language } = analysis;
    if (decision.answerable) {
      const items = citeEvidence(evidence);
      const figureAsked = analysis.needs.number || analysis.needs.percent || analysis.needs.date;
      return { answer: composeAnswer(items, language, parts.glossary, { englishOf: enrichmentOf, figureAsked }), answered: true, citations: citationsFor(items) };
    }
    // Point at the nearest passage only when it is about the question's subject at all.
    const nearestEvidence = decision.reason.kind !== 'unknown-name' && evidence[0] !== undefined && evidence[0].coverage >= 0.35 ? evidence[0] : null;
    const nearest = nearestEvidence === null ? null : (citeEvidence([nearestEvidence])[0] ?? null);
    return {
      answer: composeDecline(decision.reason, language, nearest, parts.glossary, coveredYears, { englishOf: enrichmentOf }),
      answered: false,
      citations: nearest === null ? [] : citationsFor([nearest]),
    };
  }

  async function* generate(request: AnswerRequest): AsyncGenerator<AnswerPart> {
    const started = now();
    const analysis = await analyze(request);
    const retrievalMs = now() - started;
    const generationStarted = now();
    const mode = { retrieval: parts.retriever.mode, generator: 'extractive' as 'llm' | 'extractive' };
    let notice: string | undefined;
    let result: { answer: string; answered: boolean; citations: Citation[] } | null = null;

    if (llm !== null && analysis.decision.answerable) {
      const hits = analysis.retrieval.hits.slice(0, Math.min(request.topK ?? 6, 8));
      const passages: NumberedPassage[] = hits.map((hit, index) => {
        const record = enrichmentOf(hit.chunk);
        return {
          n: index + 1,
          id: hit.chunk.id,
          title: hit.chunk.title,
          section: hit.chunk.section,
          year: hit.chunk.year,
          text: hit.chunk.text,
          documentTitle: documentTitle(hit.chunk),
          ...(record !== undefined ? { english: englishEditionOf(record) } : {}),
        };
      });
      yield { type: 'citations', citations: hits.map((hit, index) => toCitation(hit.chunk, index + 1, '', hit.score)) };
      // Delegated, so a consumer that stops early also stops the model's stream.
      const outcome = yield* streamLlmAnswer(
        llm,
        { question: analysis.resolvedQuestion ?? analysis.question, language: analysis.language, passages, history: request.history ?? [], ...(request.signal ? { signal: request.signal } : {}) },
        echoCheck?.() ?? null,
      );
      notice = llmNotice(outcome, analysis.language);
      if (outcome.kind === 'answered') {
        const citations = outcome.verified.cited.flatMap(({ n, originalN, quote }) => {
          const hit = hits[originalN - 1];
          return hit === undefined ? [] : [toCitation(hit.chunk, n, quote, hit.score)];
        });
        mode.generator = 'llm';
        result = { answer: outcome.verified.answer, answered: citations.length > 0, citations };
      }
    }

    if (result === null) {
      result = extractive(analysis);
      yield { type: 'citations', citations: result.citations };
      for (const piece of textDeltas(result.answer)) yield { type: 'text-delta', text: piece };
    }
    const generationMs = now() - generationStarted;
    const citedRecords = result.citations.flatMap((citation) => {
      const chunk = parts.retriever.chunk(citation.id);
      const record = chunk === undefined ? undefined : enrichmentOf(chunk);
      return record === undefined ? [] : [record];
    });
    const suggestions = suggestQuestions(citedRecords, analysis.language, [analysis.question, ...(analysis.resolvedQuestion !== null ? [analysis.resolvedQuestion] : [])]);
    const response: AnswerResponse = {
      answer: result.answer,
      answered: result.answered,
      language: analysis.language,
      citations: result.citations,
      mode,
      timingsMs: { retrieval: round(retrievalMs), generation: round(generationMs), total: round(now() - started) },
      ...(notice !== undefined ? { notice } : {}),
      ...(analysis.resolvedQuestion !== null ? { resolvedQuestion: analysis.resolvedQuestion } : {}),
      ...(suggestions.length > 0 ? { suggestions } : {}),
    };
    yield { type: 'done', response };
  }

  /** Everything the engine says leaves through here, so the server, `npm run ask` and the evaluation all get it without contact data. */
  function stream(request: AnswerRequest): AsyncGenerator<AnswerPart> {
    return redactAnswerStream(generate(request), policyOf);
  }

  async function answer(request: AnswerRequest): Promise<AnswerResponse> {
    for await (const part of stream(request)) if (part.type === 'done') return part.response;
    throw new RagError('RAG_ABORTED', 'the answer stream ended without a result');
  }

  function passage(id: string): PassageView | undefined {
    const chunk = parts.retriever.chunk(id);
    if (chunk === undefined) return undefined;
    const { slug, file, title } = documentsBySlug.get(chunk.docId) ?? { slug: chunk.docId, file: '', title: { zh: chunk.docId, en: chunk.docId } };
    const record = enrichmentOf(chunk);
    return redactPassageView({ chunk, document: { slug, file, title }, ...(record !== undefined ? { english: englishEditionOf(record) } : {}) }, policyOf);
  }

  function health(): EngineHealth {
    return {
      status: 'ok',
      mode: { retrieval: parts.retriever.mode, generator: llm === null ? 'extractive' : 'llm' },
      chunkCount: parts.chunks.length,
      documents: parts.documents.length,
      embeddingModel: parts.embeddingModel ?? null,
      ...(parts.denseReason !== undefined ? { denseReason: parts.denseReason } : {}),
      llmModel: llm?.model ?? null,
      indexBuiltAt: parts.manifest.builtAt,
      englishEditions: {
        passages: parts.enrichment?.status.matched ?? 0,
        missing: parts.chunks.length - (parts.enrichment?.status.matched ?? 0),
        stale: parts.enrichment?.status.stale.length ?? 0,
      },
    };
  }

  return Object.assign({ stream, answer, passage, health }, { analyze, retrieve: async (question: string, options: { topK?: number; history?: AnswerRequest['history'] } = {}) => {
    const analysis = await analyze({ question, ...(options.history ? { history: options.history } : {}), topK: options.topK ?? 10 });
    return { passages: analysis.retrieval.hits.map((hit) => ({ id: hit.chunk.id, text: hit.chunk.text, score: hit.score })) };
  } });
}

