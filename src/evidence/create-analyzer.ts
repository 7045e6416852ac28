import type { Chunk } from '../index-store/chunk.ts';
import type { LexicalIndex } from '../retrieval/lexical-index.ts';
import type { RetrievalResult, Retriever } from '../retrieval/retriever.ts';
import { RagError } from '../errors.ts';
import type { Language } from '../text/detect-language.ts';
import { chineseRunsOf, questionText, type QuestionText } from '../text/question-text.ts';
import { chineseNamesForEnglish } from '../question/chinese-names-for-english.ts';
import type { GlossaryEntry } from '../text/glossary.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import type { AnswerRequest } from '../question/answer-parts.ts';
import { missingAttributes } from '../question/asked-attributes.ts';
import { generalTermAsked, kindMechanismAsked, unnamedSubjectAsked } from '../question/general-term.ts';
import { chineseKeyTerms, coverage, englishKeyTerms, mergeAliasTerms, type KeyTerm, type KeyTermContext } from '../question/key-terms.ts';
import { amountMetrics } from '../question/metric-terms.ts';
import { analyzeQuestion, satisfiesNeeds, type QuestionNeeds } from '../question/question-analysis.ts';
import { resolveFollowUp } from '../question/resolve-follow-up.ts';
import { comparisonSides } from '../question/comparison-sides.ts';
import { decideAnswerable, type Decision } from './decide-answerable.ts';
import { countedNoun, zhCountedPhrase } from './counts-asked-thing.ts';
import { comparedPair, namesBoth } from './compared-pair.ts';
import { selectEvidence, type Evidence } from './select-evidence.ts';
import { asksForNews, newsOfYear } from './news-of-year.ts';
import { asksAboutThePark, parkOverview } from './park-overview.ts';
import { sentenceHasYear } from './sentence-has-year.ts';

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

export interface AnalyzerParts {
  retriever: Retriever;
  lexical: LexicalIndex;
  tokenizer: Tokenizer;
  glossary: GlossaryEntry[];
  /** All cleaned chunk text, for presence checks of words the index tokenised differently. */
  corpusText: string;
  /** Years any passage speaks of, written or implied (chunk years, publication years, years in the text). */
  corpusYears: ReadonlySet<number>;
  /** The years a passage stands for when a question asks "as of" a time: its own and its document's publication year. */
  yearsAsOf: (chunk: Chunk) => number[];
  /** English proper names known to the dictionary but absent from the corpus. */
  outsideNames?: ReadonlySet<string> | undefined;
  /** The aligned English of one sentence of a passage (the bilingual knowledge base): English questions match it too. */
  englishOf?: ((chunk: Chunk, sentence: string) => string | undefined) | undefined;
  /** The knowledge base's English (editions, aliases, glossary names), lower-cased: the names the documents know. */
  englishText?: string | undefined;
  /** The knowledge base's alias groups (港交所 = 香港联交所 = HKEX). */
  aliasGroups?: ReadonlyArray<readonly string[]> | undefined;
  /** Every passage and its document's publication year: "the news of 2024" is what the documents of 2024 report. */
  chunks: readonly Chunk[];
  publishedYear: (docId: string) => number | undefined;
}

export type Analyze = (request: AnswerRequest) => Promise<Analysis>;

/** The most parts of a many-part question that are each retrieved and answered on their own. */
const maxQuestionParts = 4;

/**
 * The key term a Chinese count's phrase starts with: 「多少家是上市公司」 → 上市公司. Only the first: in
 * 「几家创新机构达成了合作」 the words after the noun (达成, 合作) say what the counted did.
 */
function countedTerm(phrase: string, terms: KeyTerm[]): KeyTerm[] {
  const placed = terms
    .filter((term) => !term.unknown)
    .map((term) => ({ term, at: phrase.indexOf(term.label) }))
    .filter(({ at }) => at >= 0)
    .sort((left, right) => left.at - right.at);
  return placed.length === 0 ? [] : [(placed[0] as { term: KeyTerm }).term];
}

/** A question about the whole city the park is part of, not the park: 苏州市 in 苏州市工业园区 is the park's own name. */
const zhCityScope = /苏州市(?!工业园区|.{0,4}园区)|苏州全市|全苏州|整个苏州/;
const enCityScope = new RegExp(
  String.raw`\bSuzhou city\b|\bcity of Suzhou\b|\bSuzhou as a whole\b|\bwhole (?:of )?Suzhou\b|\ball of Suzhou\b|\bSuzhou municipality\b|` +
    String.raw`\bnot just (?:in )?(?:SIP|the park)\b`,
  'i',
);

/** Whether the question asks about Suzhou city, not the park; 「苏州市介入医疗技术创新联合体」 is a body the documents name. */
function asksAboutTheCity(question: string, language: Language, corpusText: string): boolean {
  if (language === 'en') return enCityScope.test(question);
  const city = zhCityScope.exec(question);
  if (city === null) return false;
  const named = question.slice(city.index, city.index + 7);
  return !(named.startsWith('苏州市') && named.length === 7 && corpusText.includes(named));
}

/** A figure per head ("per 10,000 people", 每万人, 人均): only a sentence giving one per head answers. */
const zhRatio = /每万人|万人(?!次)|人均/;
const enRatio = /\bper (?:10,?000|ten thousand|capita|head|person|resident|inhabitant)\b/i;

/** The park itself (and its city): every passage is about it, so naming it anchors nothing. */
const parkNames = new Set(['苏州工业园区', '苏州', '苏州市', '中国', '园区']);
/** Metric words that measure a share or change, not an amount: 「占GDP比重」 asks a share (`needs.percent`). */
const shareWords = new Set(['增长', '增幅', '占比', '占', '比重', '规模', '投入']);

// A year is "in" a passage when it is the passage's year (or, asked "as of", its document's publication year).
const yearsOf = (chunk: Chunk): number[] => [chunk.year];

/**
 * The answer path up to the decision: resolve a follow-up → retrieve → key terms and needs → select
 * evidence (each part of a many-part question covered) → decide whether the documents answer.
 */
export function createAnalyzer(parts: AnalyzerParts): Analyze {
  const keyContext: KeyTermContext = {
    lexical: parts.lexical,
    tokenizer: parts.tokenizer,
    corpusText: parts.corpusText,
    ...(parts.outsideNames ? { outsideNames: parts.outsideNames } : {}),
    ...(parts.englishText !== undefined ? { englishText: parts.englishText } : {}),
    ...(parts.aliasGroups !== undefined ? { aliasGroups: parts.aliasGroups } : {}),
  };
  // 「BioBAY有多少家企业？」 is read as 「苏州生物医药产业园有多少家企业？」: the Chinese documents use the Chinese name.
  const namesInChinese = chineseNamesForEnglish(parts.glossary, parts.corpusText);
  /** An English question's key terms, and those of the Chinese it names ("How big is 纳米城?"). */
  const mixedKeyTerms = (question: string, bridged: RetrievalResult['bridged']): KeyTerm[] => {
    const chinese = chineseRunsOf(question);
    const english = englishKeyTerms(question, keyContext, bridged);
    return chinese === '' ? english : [...english, ...chineseKeyTerms(chinese, keyContext)];
  };
  // Names of the park's own companies, bodies, platforms, products and of other places: whose figure a question asks.
  const ownerNames = new Set(
    parts.glossary
      .filter((entry) => ['company', 'org', 'platform', 'product', 'place'].includes(entry.kind) && !parkNames.has(entry.zh))
      .flatMap((entry) => [entry.zh, ...(entry.aliases ?? [])]),
  );
  // Products: a date asked about one is of its own event, which its sentence names (a company's passage dates many).
  const productNames = new Set(parts.glossary.filter((entry) => entry.kind === 'product').flatMap((entry) => [entry.zh, ...(entry.aliases ?? [])]));
  const anchorsOf = (terms: KeyTerm[]) => ({
    owners: terms.filter((term) => term.forms.some((form) => ownerNames.has(form))),
    products: terms.filter((term) => term.forms.some((form) => productNames.has(form))),
    measures: terms.filter((term) => term.forms.some((form) => amountMetrics.has(form) && !shareWords.has(form))),
  });
  const readable = (text: QuestionText): QuestionText => (text.language === 'zh' ? { ...text, normalized: namesInChinese(text.normalized) } : text);

  /**
   * Two questions in one (「2020年…多少家？到2022年初…多少家？」) can need evidence the whole question's
   * best sentences miss, often in a passage the whole question does not even retrieve: a part whose
   * years or terms no chosen sentence covers is retrieved and answered on its own.
   */
  // English questions also match a sentence through its aligned English (the bilingual knowledge base).
  const englishFor = (language: Language) => (language === 'en' && parts.englishOf !== undefined ? { englishOf: parts.englishOf } : {});

  async function coverEveryPart(
    evidence: Evidence[],
    whole: { question: string; language: Language; asOf: boolean; yearsFor: (chunk: Chunk) => number[]; signal?: AbortSignal },
  ): Promise<Evidence[]> {
    // Each part is retrieved and read on its own: a question of a hundred "…？" parts took 160 ms
    // (issue 11). People ask two or three at once (the evaluation: at most three).
    // "Which hosted more companies: BioBAY or Nano City?": each side is a question of its own, asking a figure.
    const sides: string[] = comparisonSides(whole.question, whole.language) ?? [];
    const questionParts = [
      ...whole.question
        .split(/[？?]/)
        .map((part) => part.trim())
        .filter((part) => part.length >= 4)
        .slice(0, maxQuestionParts),
      ...sides,
    ];
    if (questionParts.length < 2) return evidence;
    const chosen = [...evidence];
    const read: Array<{ part: string; retrieval: RetrievalResult; partTerms: KeyTerm[] }> = [];
    for (const part of questionParts) {
      const retrieval = await parts.retriever.retrieve(part, { topK: 8, ...(whole.signal ? { signal: whole.signal } : {}) });
      const partTerms = whole.language === 'zh' ? chineseKeyTerms(retrieval.normalizedQuestion, keyContext) : mixedKeyTerms(part, retrieval.bridged);
      read.push({ part, retrieval, partTerms });
    }
    // The key terms of each side of a comparison that the other side does not have («纳米技术应用» against «生物医药»).
    const sideTerms = (side: string | undefined) => read.find((item) => item.part === side)?.partTerms ?? [];
    const onlyIn = (side: string, other: string | undefined) => {
      const others = new Set(sideTerms(other).map((term) => term.label));
      return sideTerms(side).filter((term) => !others.has(term.label) && !term.unknown && term.weight >= 0.5);
    };
    const sideEvidence: Evidence[] = [];
    for (const { part, retrieval, partTerms } of read) {
      const asked = analyzeQuestion(part, whole.language);
      // "Which needed more money…", "bigger", "more companies": a side is answered by its figure, not its introduction.
      const partNeeds = { ...asked, number: asked.number || (sides.includes(part) && !asked.date), asOf: whole.asOf };
      if (partTerms.every((term) => term.unknown)) continue;
      const yearsCovered = partNeeds.years.every((year) => chosen.some((item) => sentenceHasYear(item.sentence, item.hit.chunk, year, whole.yearsFor)));
      // A side of a comparison is covered by a sentence about it alone: one naming both sides gives their total.
      const otherSide = sides.includes(part) ? sides.find((side) => side !== part) : undefined;
      const otherTerms = otherSide === undefined ? [] : onlyIn(otherSide, part);
      const aboutThisSide = (item: Evidence) => otherTerms.length === 0 || coverage(item.context, otherTerms) === 0;
      const termsCovered = chosen.some((item) => coverage(item.context, partTerms) >= 0.8 && satisfiesNeeds(item.sentence, partNeeds) && aboutThisSide(item));
      if (yearsCovered && termsCovered) continue;
      const best = selectEvidence(retrieval.hits, {
        terms: partTerms,
        needs: partNeeds,
        yearsOf: whole.yearsFor,
        question: retrieval.normalizedQuestion,
        maxSentences: 1,
        depth: 8,
        ...englishFor(whole.language),
        ...(otherTerms.length > 0 ? { skip: (context: string) => coverage(context, otherTerms) > 0 } : {}),
      })[0];
      if (best === undefined || best.coverage < 0.5 || chosen.some((item) => item.sentence === best.sentence)) continue;
      chosen.push(best);
      if (otherSide !== undefined) sideEvidence.push(best);
    }
    // A comparison is answered by its two sides' figures first: the answer leads with them, not with a sentence naming both.
    return sideEvidence.length === 0 ? chosen : [...sideEvidence, ...chosen.filter((item) => !sideEvidence.includes(item))];
  }

  let parkOverviewEvidence: Evidence[] | undefined;

  return async function analyze(request: AnswerRequest): Promise<Analysis> {
    // The question's text, language and simplified form, worked out once and handed to retrieval.
    const asked = questionText(request.question);
    const { text: question, language } = asked;
    if (question === '') throw new RagError('RAG_BAD_REQUEST', 'question is empty');
    const resolved = resolveFollowUp(question, request.history ?? [], language, parts.glossary);
    // A follow-up rewritten into a standalone question is read afresh; otherwise the asked question is reused.
    const retrieval = await parts.retriever.retrieve(readable(resolved.question === question ? asked : questionText(resolved.question)), {
      topK: Math.max(request.topK ?? 8, 8),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const terms = mergeAliasTerms(
      language === 'zh' ? chineseKeyTerms(retrieval.normalizedQuestion, keyContext) : mixedKeyTerms(resolved.question, retrieval.bridged),
    );
    const needs = analyzeQuestion(retrieval.normalizedQuestion, language);
    // "As of early 2022" is answered by a document published then; "2022 output" needs 2022 figures.
    const yearsFor = needs.asOf ? parts.yearsAsOf : yearsOf;
    const evidence = await coverEveryPart(
      selectEvidence(retrieval.hits, { terms, needs, yearsOf: yearsFor, question: retrieval.normalizedQuestion, ...englishFor(language) }),
      {
        // Simplified Chinese for either script: the rules below read simplified characters.
        question: retrieval.normalizedQuestion,
        language,
        asOf: needs.asOf,
        yearsFor,
        ...(request.signal ? { signal: request.signal } : {}),
      },
    );
    const missing = missingAttributes(
      retrieval.normalizedQuestion,
      language,
      // What the answer quotes, with the sentence before each: a head or a headcount named elsewhere in the passages
      // (a quote's 「…院长…」) is not given by an answer that never says it.
      evidence.map((item) => `${item.previous}${item.sentence}`).join('\n'),
    );
    // Half the question's term weight: 0.6 for Chinese declined paraphrased questions the documents
    // answer (held-out dev2: 76.4% -> 79.5% at 0.5, nothing else changed; eval/README.md).
    const definedTerm =
      generalTermAsked(retrieval.normalizedQuestion, language, parts.glossary) ??
      unnamedSubjectAsked(retrieval.normalizedQuestion, language, { chinese: parts.corpusText, english: parts.englishText, glossary: parts.glossary }) ??
      kindMechanismAsked(retrieval.normalizedQuestion, language);
    const noun = countedNoun(resolved.question, language);
    const phrase = language === 'zh' ? zhCountedPhrase(retrieval.normalizedQuestion) : null;
    const counted = {
      unit: needs.unit,
      noun,
      nounTerm: noun === null ? undefined : terms.find((term) => term.label === noun[0]?.toLowerCase()),
      phraseTerms: phrase === null ? [] : countedTerm(phrase, terms),
    };
    const decision = decideAnswerable({
      terms,
      needs,
      evidence,
      corpusYears: parts.corpusYears,
      yearsOf: yearsFor,
      missing,
      definedTerm,
      minCoverage: 0.5,
      counted,
      anchors: anchorsOf(terms),
      mustSay: [
        ...(asksAboutTheCity(retrieval.normalizedQuestion, language, parts.corpusText) ? [['苏州市', '全市', '苏州全市']] : []),
        ...((language === 'zh' ? zhRatio : enRatio).test(retrieval.normalizedQuestion) ? [['万人', '每万', '人均']] : []),
      ],
      ...englishFor(language),
    });
    const base = { question, language, resolvedQuestion: resolved.rewritten ? resolved.question : null, retrieval, terms, needs };
    // "What's the difference between A and B?": only evidence that names both can say.
    const pair = comparedPair(retrieval.normalizedQuestion, language);
    if (decision.answerable && pair !== null) {
      const texts = evidence.flatMap((item) => [item.context, parts.englishOf?.(item.hit.chunk, item.sentence) ?? '']);
      if (!namesBoth(pair, texts)) return { ...base, evidence, decision: { answerable: false, reason: { kind: 'not-covered' } } };
    }
    // "What was in the news in 2024?" asks what the documents of that year report, which no single
    // sentence's terms cover: their opening sentences answer it.
    const newsYear = needs.years.length === 1 ? needs.years[0] : undefined;
    if (!decision.answerable && newsYear !== undefined && asksForNews(retrieval.normalizedQuestion, language)) {
      const news = newsOfYear(parts.chunks, newsYear, parts.publishedYear);
      if (news.length > 0) return { ...base, evidence: news, decision: { answerable: true } };
    }
    // "What is Suzhou Industrial Park?": the park's name is in every passage and ranks none; the articles about the park
    // open with what it is.
    if (!decision.answerable && asksAboutThePark(retrieval.normalizedQuestion, language, terms, needs)) {
      // The same sentences for every such question: worked out on the first one.
      const overview = (parkOverviewEvidence ??= parkOverview(parts.chunks, parts.publishedYear));
      if (overview.length > 0) return { ...base, evidence: overview, decision: { answerable: true } };
    }
    return { ...base, evidence, decision };
  };
}
