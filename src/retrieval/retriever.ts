import type { Embedder } from '../embedding/embedder.ts';
import type { Chunk } from '../index-store/chunk.ts';
import type { Language } from '../text/detect-language.ts';
import { chineseRunsOf, questionText, type QuestionText } from '../text/question-text.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import type { LexicalIndex, WeightedTerm } from './lexical-index.ts';
import { aliasExpansions, type EnrichmentFields } from './enrichment-fields.ts';
import { englishQueryTerms } from './english-analyzer.ts';
import { chineseQueryTerms, genericTerms } from './query-terms.ts';
import { fuseResults } from './fuse-results.ts';
import type { VectorIndex } from './vector-index.ts';

export interface QueryBridge {
  bridge(question: string): { terms: Array<WeightedTerm & { source: string; from: string }>; names: Array<{ en: string; zh: string }> };
}

export interface RetrievedChunk {
  chunk: Chunk;
  /** Fused score normalised so the best hit is 1. */
  score: number;
  lexicalRank: number | null;
  denseRank: number | null;
  /** Query terms found in the chunk by the lexical index. */
  matched: string[];
}

export interface RetrievalResult {
  language: Language;
  /** The question in simplified Chinese (English questions unchanged). */
  normalizedQuestion: string;
  terms: WeightedTerm[];
  /** English glossary names recognised in an English question. */
  names: Array<{ en: string; zh: string }>;
  /** English questions: the bridged terms with the English words they came from. */
  bridged: Array<WeightedTerm & { source: string; from: string }>;
  hits: RetrievedChunk[];
  mode: 'hybrid' | 'lexical';
}

export interface RetrieveOptions {
  topK?: number;
  signal?: AbortSignal;
  /** Extra weighted terms (a follow-up carries the previous question's topic). */
  extraTerms?: WeightedTerm[];
}

export interface RetrieverParts {
  chunks: Chunk[];
  lexical: LexicalIndex;
  tokenizer: Tokenizer;
  bridge: QueryBridge;
  /** Chinese glossary names: weighted up in Chinese questions. */
  glossaryNames: Set<string>;
  vectors?: { index: VectorIndex; embedder: Embedder } | null;
  /** BM25 over the English editions and the expansion questions and aliases (corpus/enrichment); null = none. */
  fields?: EnrichmentFields | null;
}

/** Fusion weights of the enrichment fields beside the Chinese text's list (weight 1). */
const fieldWeights = { english: 1, englishQuestions: 0.5, chineseQuestions: 0.5 };

export interface Retriever {
  readonly mode: 'hybrid' | 'lexical';
  /** A question's text, or the QuestionText the caller already worked out (then nothing is detected or converted twice). */
  retrieve(question: string | QuestionText, options?: RetrieveOptions): Promise<RetrievalResult>;
  chunk(id: string): Chunk | undefined;
}

/**
 * Lexical (jieba BM25; English bridged to Chinese terms) and, when the index has vectors, dense
 * retrieval, fused by reciprocal rank. Traditional questions are converted to simplified first.
 */
export function createRetriever(parts: RetrieverParts): Retriever {
  const byId = new Map(parts.chunks.map((chunk) => [chunk.id, chunk]));
  const mode = parts.vectors ? 'hybrid' : 'lexical';

  async function retrieve(asked: string | QuestionText, { topK = 8, signal, extraTerms = [] }: RetrieveOptions = {}): Promise<RetrievalResult> {
    const { text: question, language, normalized: normalizedQuestion } = typeof asked === 'string' ? questionText(asked) : asked;
    let terms: WeightedTerm[];
    let names: RetrievalResult['names'] = [];
    let bridged: RetrievalResult['bridged'] = [];
    if (language === 'en') {
      const result = parts.bridge.bridge(question);
      // The park's own names occur in most passages: like in Chinese questions they rank nothing.
      terms = result.terms.map(({ term, weight }) => ({ term, weight: genericTerms.has(term) ? 0.2 : weight }));
      names = result.names;
      bridged = result.terms;
      // A Chinese name inside an English question ("How big is 纳米城?") is searched as the Chinese it is.
      const chinese = chineseRunsOf(question);
      if (chinese !== '') terms = [...terms, ...chineseQueryTerms(chinese, parts.tokenizer, parts.glossaryNames)];
    } else terms = chineseQueryTerms(normalizedQuestion, parts.tokenizer, parts.glossaryNames);
    terms = [...terms, ...extraTerms];
    // A name the question writes one way (港交所, HKEX) and the passage another (香港联交所): the alias
    // groups of the enrichment add the passage's forms to the Chinese search.
    if (parts.fields) {
      const known = new Set(terms.map((item) => item.term));
      for (const form of aliasExpansions(normalizedQuestion, parts.fields)) {
        for (const token of parts.tokenizer.tokenize(form)) {
          // Only the distinctive words of a form: 苏州思必驰信息科技有限公司 adds 思必驰, not 科技 or 公司.
          if (known.has(token) || genericTerms.has(token) || parts.lexical.documentFrequency(token) > Math.max(1, parts.chunks.length * 0.05)) continue;
          known.add(token);
          terms.push({ term: token, weight: 0.8 });
        }
      }
    }
    const depth = Math.max(30, topK * 3);
    const lexicalHits = parts.lexical.search(terms, { topK: depth });
    const lists: Array<{ hits: Array<{ id: string }>; weight?: number }> = [{ hits: lexicalHits }];
    // English questions search the English fields natively as well as the Chinese text through the bridge;
    // Chinese questions also search the questions and aliases each passage was written to answer.
    let uncoveredWeight = 0;
    if (parts.fields) {
      if (language === 'en') {
        const englishTerms = englishQueryTerms(question);
        lists.push({ hits: parts.fields.english.search(englishTerms, { topK: depth }), weight: fieldWeights.english });
        lists.push({ hits: parts.fields.englishQuestions.search(englishTerms, { topK: depth }), weight: fieldWeights.englishQuestions });
        uncoveredWeight = fieldWeights.english + fieldWeights.englishQuestions;
      } else {
        lists.push({ hits: parts.fields.chineseQuestions.search(terms, { topK: depth }), weight: fieldWeights.chineseQuestions });
        uncoveredWeight = fieldWeights.chineseQuestions;
      }
    }
    let denseHits: Array<{ id: string; score: number }> = [];
    if (parts.vectors) {
      signal?.throwIfAborted();
      const vector = await parts.vectors.embedder.embedQuery(normalizedQuestion);
      denseHits = await parts.vectors.index.search(vector, { topK: depth });
      lists.push({ hits: denseHits });
    }
    signal?.throwIfAborted();
    let fused = fuseResults(lists);
    // A passage without an enrichment entry cannot rank in the fields' lists: it counts there as it ranks
    // in the Chinese text's, so a new document not yet enriched is not pushed down by the ones that are.
    if (parts.fields && uncoveredWeight > 0) {
      const covered = parts.fields.ids;
      const bonus = new Map(lexicalHits.flatMap((hit, rank) => (covered.has(hit.id) ? [] : [[hit.id, uncoveredWeight / (60 + rank + 1)] as const])));
      if (bonus.size > 0)
        fused = fused.map((item) => ({ id: item.id, score: item.score + (bonus.get(item.id) ?? 0) })).sort((left, right) => right.score - left.score);
    }
    // The best lexical matches always lead: an exact term match is strong evidence, and a weak or
    // mismatched embedding model must not push it out of the passages the answer is read from.
    if (parts.vectors) {
      const anchors = lexicalHits.slice(0, 3).map((hit) => fused.find((item) => item.id === hit.id) ?? { id: hit.id, score: 0 });
      const interleaved = anchors.flatMap((anchor, index) => [anchor, fused[index]]).filter((item) => item !== undefined);
      fused = [...new Map([...interleaved, ...fused].map((item) => [item.id, item])).values()];
    }
    fused = fused.slice(0, topK);
    const best = fused[0]?.score || 1;
    const lexicalRank = new Map(lexicalHits.map((hit, rank) => [hit.id, rank]));
    const matched = new Map(lexicalHits.map((hit) => [hit.id, hit.matched]));
    const denseRank = new Map(denseHits.map((hit, rank) => [hit.id, rank]));
    const hits = fused.flatMap(({ id, score }) => {
      const chunk = byId.get(id);
      if (chunk === undefined) return [];
      return [
        {
          chunk,
          score: Math.max(score / best, 0.01),
          lexicalRank: lexicalRank.get(id) ?? null,
          denseRank: denseRank.get(id) ?? null,
          matched: matched.get(id) ?? [],
        },
      ];
    });
    return { language, normalizedQuestion, terms, names, bridged, hits, mode };
  }

  return { mode, retrieve, chunk: (id) => byId.get(id) };
}
