import { withoutQuotations } from '../text/without-quotations.ts';
import type { Chunk } from '../index-store/chunk.ts';
import type { RetrievedChunk } from '../retrieval/retriever.ts';
import { sentenceHasYear } from './sentence-has-year.ts';
import { isInstructionLike } from '../text/instruction-like.ts';
import { metricTerms } from '../question/metric-terms.ts';
import { coverage, type KeyTerm } from '../question/key-terms.ts';
import { hasFigureIn, hasQuantity, reportsWhatIsAsked, satisfiesNeeds, type QuestionNeeds } from '../question/question-analysis.ts';
import { stemmer } from 'stemmer';
import { escapeRegExp } from '../text/escape-reg-exp.ts';
import { isAskedType } from '../question/asked-type.ts';
import { listsMembersOf } from './lists-members-of.ts';
import { attributionOf, sentencesInContext } from './sentences-in-context.ts';
import { referenceHit, refersTo } from './refers-to.ts';
import { bodiesListed } from './listed-count.ts';

export interface Evidence {
  hit: RetrievedChunk;
  /** The whole sentence, as quoted. */
  sentence: string;
  /** The part of the sentence that answers (clauses about other things trimmed, topic restored). */
  excerpt: string;
  /** Share of key-term weight the sentence and its immediate context cover. */
  coverage: number;
  score: number;
  /** Position of the sentence in its passage. */
  position: number;
  /** The sentence with its heading, topic and preceding sentence: what coverage was measured on. */
  context: string;
  /** The sentence before it in the passage. */
  previous: string;
}

/** A candidate sentence while choosing: whether it names the kind of thing asked for ("equipment"), by its English or Chinese. */
type Candidate = Evidence & { topic: string; namesKind: boolean };

export interface SelectOptions {
  terms: KeyTerm[];
  needs: QuestionNeeds;
  /** How many retrieved passages to read. */
  depth?: number;
  maxSentences?: number;
  yearsOf?: (chunk: Chunk) => number[];
  /** The question as retrieved with: terms written side by side in it form phrases. */
  question?: string;
  /**
   * English questions: the English edition of a sentence (its aligned English), when the passage has one.
   * The question's own English words found there count as covered too: "GDP" is covered by a sentence
   * whose Chinese says 地区生产总值 and whose English says GDP.
   */
  englishOf?: (chunk: Chunk, sentence: string) => string | undefined;
  /** Sentences not to choose, by what coverage is measured on (one side of a comparison: not those naming the other). */
  skip?: (context: string) => boolean;
}

/**
 * Key terms written next to each other in the question (人工智能 + 企业) as patterns that find them
 * together in a sentence, at most two characters apart (人工智能相关企业): a sentence about 人工智能企业
 * answers better than one that names 人工智能 in one clause and 企业 in another.
 */
function questionPhrases(question: string, terms: KeyTerm[]): RegExp[] {
  // English labels are lower-cased ("ai" for "AI companies").
  const lower = question.toLowerCase();
  const placed = terms
    .map((term) => ({ term, at: lower.indexOf(term.label.toLowerCase()) }))
    .filter(({ at }) => at >= 0)
    .sort((left, right) => left.at - right.at);
  const phrases: RegExp[] = [];
  for (let index = 0; index + 1 < placed.length; index += 1) {
    const left = placed[index] as (typeof placed)[number];
    const right = placed[index + 1] as (typeof placed)[number];
    if (right.at - (left.at + left.term.label.length) > 1 || right.at < left.at + left.term.label.length) continue;
    const alternatives = (term: KeyTerm) => term.forms.map(escapeRegExp).join('|');
    phrases.push(new RegExp(`(?:${alternatives(left.term)}).{0,2}(?:${alternatives(right.term)})`, 'i'));
  }
  return phrases;
}

/** 1 when `lower` contains the term, 0.5 when only as an item of an enumeration (next to 、), else 0. */
function termHit(lower: string, term: KeyTerm): number {
  let best = 0;
  for (const form of term.forms) {
    const needle = form.toLowerCase();
    let at = lower.indexOf(needle);
    while (at >= 0) {
      const before = lower[at - 1] ?? '';
      const after = lower[at + needle.length] ?? '';
      best = Math.max(best, before === '、' || after === '、' ? 0.5 : 1);
      if (best === 1) break;
      at = lower.indexOf(needle, at + 1);
    }
    if (best === 1) break;
  }
  return best;
}

/** The weight of terms with these hits (see termHits). */
function weightOfHits(hits: number[], terms: KeyTerm[]): number {
  // Unless the question names several items of the enumeration (「楷拓生物、图维生物等使用…」 asked
  // about both): then the sentence is about exactly them.
  const enumerated = hits.filter((hit) => hit === 0.5).length;
  return hits.reduce((total, hit, index) => total + (enumerated >= 2 && hit === 0.5 ? 1 : hit) * (terms[index] as KeyTerm).weight, 0);
}

/**
 * Weight of the key terms found in `text`. A term that only occurs inside an enumeration
 * (`生物医药、纳米技术应用、人工智能三大新兴产业`) counts half: the sentence is about all of them.
 */
function termHits(text: string, terms: KeyTerm[]): number {
  const lower = text.toLowerCase();
  return weightOfHits(
    terms.map((term) => termHit(lower, term)),
    terms,
  );
}

/** A sentence reporting what has been done so far: 已成功…, 已获批…, 累计… */
const alreadyDone = /已(?:经)?|成功|累计|至今|目前/;

const hasNumber = /\d/;

/**
 * Keeps the clauses of a long sentence that carry the question's terms or, for a number question,
 * the figure right after them; the first clause stays because it usually names the subject or date.
 */
export function trimSentence(sentence: string, terms: KeyTerm[], needs: QuestionNeeds): string {
  if ([...sentence].length <= 70 || needs.definition) return sentence;
  const clauses = sentence.match(/[^，,；;]+[，,；;]?/g) ?? [sentence];
  if (clauses.length <= 2) return sentence;
  const keep = new Set<number>([0]);
  clauses.forEach((clause, index) => {
    if (termHits(clause, terms) > 0 || needs.years.some((year) => clause.includes(String(year)))) {
      keep.add(index);
      const next = clauses[index + 1];
      if ((needs.number || needs.percent) && next !== undefined && hasNumber.test(next) && !hasNumber.test(clause)) keep.add(index + 1);
    }
    // A share asked for is the percentage, wherever the sentence puts it (「…入选，分别占全省的近17%和27%」).
    if (needs.percent && /[%％]/.test(clause)) keep.add(index);
    // 「是在什么会上发布的？」: the clause naming the meeting (「召开…半年度党工委（扩大）会议」) is the answer.
    if (needs.askedKindZh !== null && clause.includes(needs.askedKindZh)) keep.add(index);
  });
  if (keep.size === clauses.length) return sentence;
  let output = '';
  let previous = -1;
  for (const index of [...keep].sort((left, right) => left - right)) {
    if (previous >= 0 && index !== previous + 1) output = output.replace(/[，,；;]$/, '') + '……';
    output += clauses[index] ?? '';
    previous = index;
  }
  return output.replace(/[，,；;]$/, '。');
}

/**
 * Scores every sentence of the top passages by the rare question terms it contains (its topic
 * clause counts fully, the passage heading and the sentence before at half), whether it has the
 * kind of fact asked for, the year, and the passage's rank; definitions prefer the opening sentences
 * of the passage titled by the name asked about.
 */
export function selectEvidence(
  hits: RetrievedChunk[],
  { terms, needs, depth = 6, maxSentences = 3, yearsOf, question = '', englishOf, skip }: SelectOptions,
): Evidence[] {
  // The English word of each term, found at the start of a word of the English edition ("spend" in "Spending").
  const englishWords =
    englishOf === undefined ? [] : terms.map((term) => (/[a-z]/i.test(term.label) ? new RegExp(`(?<![a-z])${escapeRegExp(term.label)}`, 'i') : null));
  const termWeight = terms.reduce((sum, term) => sum + term.weight, 0);
  /** Which terms a sentence's aligned English has, each term's word looked up once per sentence. */
  const englishHitsIn = (english: string): boolean[] => terms.map((_term, index) => englishWords[index]?.test(english) === true);
  /** Coverage with the English edition beside the Chinese context: a term counts when either has it. */
  const bilingualCoverage = (context: string, englishHits: readonly boolean[]): number => {
    if (termWeight === 0) return 0;
    const lower = context.toLowerCase();
    let covered = 0;
    terms.forEach((term, index) => {
      if (englishHits[index] === true || term.forms.some((form) => lower.includes(form.toLowerCase()))) covered += term.weight;
    });
    return covered / termWeight;
  };
  const totalWeight = terms.reduce((sum, term) => sum + term.weight, 0) || 1;
  const termIndex = new Map(terms.map((term, index) => [term, index]));
  const phrases = questionPhrases(question, terms);
  const subjectTerms = terms.filter((term) => !term.forms.some((form) => form in metricTerms));
  const isSubjectTerm = new Set(subjectTerms);
  const candidates: Candidate[] = [];
  // The asked kind ("What equipment did…") as its English word's stem at a word start, and the Chinese forms of its term.
  const kindWord = needs.askedType === null ? null : new RegExp(`(?<![a-z])${escapeRegExp(stemmer(needs.askedType))}`, 'i');
  const kindForms = terms.filter((term) => isAskedType(term.label, needs.askedType)).flatMap((term) => term.forms.map((form) => form.toLowerCase()));
  // A question about several years ("from 2020 to 2023") needs a passage for each, and the later year's is often further down.
  hits.slice(0, needs.years.length > 1 ? Math.max(depth, 10) : depth).forEach((hit, rank) => {
    const heading = `${hit.chunk.section.join(' ')} ${hit.chunk.title}`;
    const titleMatch = termHits(hit.chunk.title, terms) > 0;
    // Only terms the passage holds somewhere can be in its sentences (a form with a space may also
    // span the spaces joined in below): the rest count 0, so each sentence reads only these. A long
    // question has hundreds of terms, and every sentence reading every one of them was most of its time.
    const passage = `${heading}\n${hit.chunk.text}`.toLowerCase();
    const held = terms.filter((term) => term.forms.some((form) => /\s/.test(form) || passage.includes(form.toLowerCase())));
    const heldSet = new Set(held);
    const heldSubjects = held.filter((term) => isSubjectTerm.has(term));
    const sentences = sentencesInContext(hit.chunk);
    sentences.forEach(({ sentence, topic, lead, position }) => {
      // Text addressed to a model is shown as the passage's data but never quoted as an answer.
      if (isInstructionLike(sentence)) return;
      const previous = sentences[position - 1]?.sentence ?? '';
      // The run's subject carries over a semicolon; the figure named in its opening clause (产值) does not.
      const carried = lead;
      const ownText = `${topic} ${sentence}`;
      // Each term looked up once per sentence (a long question has hundreds: per-term calls that each
      // lower-cased the sentence again made this quadratic in the question's terms).
      const ownLower = ownText.toLowerCase();
      const carriedLower = carried.toLowerCase();
      const ownHits = held.map((term) => {
        const hit = termHit(ownLower, term);
        return hit === 0 && /[该此这]/.test(sentence) && term.forms.some((form) => refersTo(sentence, form)) ? referenceHit : hit;
      });
      const notOwn = new Set(held.filter((term, index) => (ownHits[index] as number) * term.weight === 0));
      // An English question's words found in the sentence's aligned English, where its Chinese forms were not (the bridge
      // guessed other Chinese): "Which sectors…" is in 「…等关键领域」's English "key sectors such as…".
      const english = englishOf?.(hit.chunk, sentence);
      const englishHits = english === undefined ? null : englishHitsIn(english);
      const inEnglish =
        englishHits === null
          ? 0
          : terms.reduce((sum, term, index) => (englishHits[index] === true && (!heldSet.has(term) || notOwn.has(term)) ? sum + term.weight : sum), 0);
      const own =
        inEnglish +
        weightOfHits(ownHits, held) +
        termHits(
          carried,
          heldSubjects.filter((term) => notOwn.has(term)),
        );
      // A term the aligned English has is covered there: the heading and the sentence before do not count it again.
      const missing = held.filter(
        (term) =>
          notOwn.has(term) &&
          englishHits?.[termIndex.get(term) ?? -1] !== true &&
          (termHit(carriedLower, term) * term.weight === 0 || !isSubjectTerm.has(term)),
      );
      // A quotation is attributed by the sentence after it (「“……。”某某介绍说，……」): its speaker is the
      // quotation's context, as the previous sentence is any sentence's.
      const attribution = attributionOf(sentence, sentences[position + 1]?.sentence ?? '');
      const around = termHits(`${heading} ${previous} ${attribution}`, missing);
      const yearMatch = needs.years.some((year) => sentenceHasYear(sentence, hit.chunk, year, yearsOf));
      // A sentence dated to another year than the one asked about answers a different question.
      // So does an undated sentence of a passage about another year (a 2020 yearbook entry for a 2023 question).
      const yearMismatch = needs.years.length > 0 && !yearMatch;
      const asksFact = needs.number || needs.date || needs.percent;
      // A count of companies is also given by naming them all (「A、B和C在港交所上市」).
      const listsCounted = needs.number && needs.unit !== null && /^[家所]$/.test(needs.unit) && bodiesListed(sentence) !== null;
      const fits = asksFact ? (satisfiesNeeds(sentence, needs) || listsCounted ? 0.25 : -0.25) : 0;
      // "How many" is usually asked about the running total, which yearbooks mark with 累计/总计.
      const total = needs.number && /累计|总计|合计|共有|总数|总量|总额/.test(sentence) ? 0.08 : 0;
      const inUnit = needs.unit !== null && hasFigureIn(sentence, needs.unit) ? 0.2 : 0;
      // The date of the event asked about, not of another one in the same passage.
      const ofEvent = needs.event.some((form) => sentence.includes(form)) ? 0.2 : 0;
      const definitionBonus = needs.definition && titleMatch ? 0.3 - Math.min(position, 3) * 0.08 : 0;
      const phrase = Math.min(0.2, 0.1 * phrases.filter((pattern) => pattern.test(sentence)).length);
      // "Which companies…?" is answered by the sentence that lists them (开拓药业、沛嘉医疗、再鼎医药…), not by one naming one.
      // Most of all the list that names the asked thing's members right before it (「生物医药、纳米技术应用、人工智能三大新兴产业」),
      // when that thing is a topic of the question, not a common word such as 企业.
      const enumerates =
        needs.names && /[、]/.test(withoutQuotations(sentence)) ? (held.some((term) => term.weight >= 1.5 && listsMembersOf(sentence, term)) ? 0.35 : 0.15) : 0;
      // "What did it achieve?" is answered by the sentence reporting results; "what is unique?" by the one saying 唯一/首个.
      const reports = reportsWhatIsAsked(sentence, needs);
      const score =
        (own + 0.5 * around) / totalWeight +
        (yearMatch ? 0.3 : 0) -
        (yearMismatch ? 0.15 : 0) +
        fits +
        total +
        inUnit +
        ofEvent +
        definitionBonus +
        phrase +
        enumerates +
        reports -
        rank * 0.03;
      const context = `${heading} ${topic} ${previous} ${sentence} ${attribution}`;
      const covered = englishHits === null ? coverage(context, terms, held) : Math.max(coverage(context, terms, held), bilingualCoverage(context, englishHits));
      const namesKind =
        (kindWord !== null && ((english !== undefined && kindWord.test(english)) || kindForms.some((form) => ownLower.includes(form)))) ||
        (needs.askedKindZh !== null && sentence.includes(needs.askedKindZh));
      if (skip?.(context) !== true)
        candidates.push({ hit, sentence, excerpt: sentence, coverage: covered, score, position, topic, context, previous, namesKind });
    });
  });
  candidates.sort((left, right) => right.score - left.score);
  const best = candidates[0];
  if (best === undefined) return [];
  const chosen: typeof candidates = [best];
  const following = (item: (typeof candidates)[number], steps: number) =>
    candidates
      .filter((other) => other.hit === item.hit && other.position > item.position && other.position <= item.position + steps)
      .sort((left, right) => left.position - right.position);
  // A definition reads the opening of the passage about the name: the sentences that follow come first.
  if (needs.definition) chosen.push(...following(best, 2));
  // "What will they actually work on?", "What did the project propose?": an open question about what the best sentence
  // introduces is answered by what the passage says next (「双方将聚焦…」 after the signing).
  // (Not for a comparison: its other side needs the room. English only: an English answer is about three sentences of
  // prose, a Chinese one quotes the sentence that answers.)
  else if (
    englishOf !== undefined &&
    !needs.number &&
    !needs.percent &&
    !needs.date &&
    !needs.names &&
    !needs.multiPart &&
    !needs.target &&
    !comparing.test(question) &&
    !asksWhichOne.test(question)
  )
    chosen.push(...following(best, 1).slice(0, Math.max(0, maxSentences - chosen.length)));
  // 「…2家入选。其中，…分别是信达生物…和旭创…」: the names asked for are in the sentence that follows.
  if (needs.names)
    chosen.push(
      ...following(best, 1).filter(
        (next) => /^(?:其中|分别|包括|主要有|主要包括|即|如|具体)/.test(next.sentence) || (/[、]/.test(next.sentence) && !/[、]/.test(best.sentence)),
      ),
    );
  // 「全年推荐重点项目46个。其中，申报园区科技领军人才项目4个…」: the sentence that breaks the best one down, when it names
  // what the question asks that the best one does not.
  const breakdown = following(best, 1).find((next) => /^(?:其中|包括)/.test(next.sentence));
  if (breakdown !== undefined && !chosen.includes(breakdown)) {
    const bestLower = `${best.topic} ${best.sentence}`.toLowerCase();
    const nextLower = breakdown.sentence.toLowerCase();
    if (terms.some((term) => term.weight >= 1 && !term.unknown && termHit(nextLower, term) > 0 && termHit(bestLower, term) === 0)) chosen.push(breakdown);
  }
  // 「该项目致力于…。…已成功制作出样机。」: "how far has it got?" is answered by the sentence after the one naming it.
  if (needs.outcome && !alreadyDone.test(best.sentence)) {
    const next = following(best, 1)[0];
    if (next !== undefined && alreadyDone.test(next.sentence) && !chosen.includes(next)) chosen.push(next);
  }
  // "What equipment did SVG Tech develop in its prize-winning project?": the best sentence names the project, another of
  // its passage (the best-scoring one that does) the equipment (「…自主研发系列微纳3D光刻直写设备…」).
  // Not for names ("Which companies…"): the list rules above find them, and a sentence saying "companies" is no list.
  // (A Chinese kind only within the sentences asked for: 「做了哪些测试」 with one sentence asked keeps the best one.)
  if ((kindWord !== null || (needs.askedKindZh !== null && chosen.length < maxSentences)) && !needs.names && !best.namesKind) {
    const kind = candidates.find((item) => item.hit === best.hit && item.namesKind && !chosen.includes(item));
    if (kind !== undefined) chosen.push(kind);
  }
  // Cover what the best sentence leaves out ("When was it unveiled, and what is its total investment?").
  const heavy = terms.filter((term) => term.weight >= 1 && !term.unknown);
  const ownLower = new Map(candidates.map((item) => [item, `${item.topic} ${item.sentence}`.toLowerCase()]));
  const names = (item: (typeof candidates)[number], term: KeyTerm) => termHit(ownLower.get(item) ?? '', term) * term.weight > 0;
  for (const term of heavy) {
    if (chosen.some((item) => names(item, term))) continue;
    // The second part is usually about the same subject ("…, and what is its total investment?"): the best
    // passage's own sentence first, though the first part's need (a date) marks it down.
    const filler =
      candidates.find((item) => item.hit === best.hit && item.score >= best.score * 0.3 && !chosen.includes(item) && names(item, term)) ??
      candidates.find((item) => item.score >= best.score * 0.5 && !chosen.includes(item) && names(item, term));
    if (filler !== undefined && chosen.length < maxSentences && needs.multiPart) chosen.push(filler);
  }
  for (const candidate of candidates.slice(1)) {
    if (chosen.includes(candidate)) continue;
    if (chosen.length >= maxSentences) break;
    if (candidate.score < best.score * 0.8) break;
    if (chosen.some((item) => item.sentence === candidate.sentence || overlapRatio(item.sentence, candidate.sentence) > 0.7)) continue;
    if ((needs.number || needs.percent) && !hasQuantity(candidate.sentence, { rank: needs.rank })) continue;
    chosen.push(candidate);
  }
  // A question about several years needs a sentence for each of them.
  for (const year of needs.years) {
    if (chosen.some((item) => sentenceHasYear(item.sentence, item.hit.chunk, year, yearsOf))) continue;
    const match = candidates.find(
      (item) =>
        item.score >= best.score * 0.5 &&
        sentenceHasYear(item.sentence, item.hit.chunk, year, yearsOf) &&
        (!(needs.number || needs.percent) || hasQuantity(item.sentence, { rank: needs.rank })),
    );
    if (match !== undefined && chosen.length < maxSentences + needs.years.length - 1) chosen.push(match);
  }
  // Read in document order within a passage, passages in rank order.
  chosen.sort((left, right) => (left.hit === right.hit ? left.position - right.position : 0));
  return chosen.map(({ topic, ...item }) => ({ ...item, excerpt: withTopic(trimSentence(item.sentence, terms, needs), topic) }));
}

/** "Which firm…?", 「哪家…」: a name is asked, which the best sentence gives or does not. */
const asksWhichOne = /^\s*(?:which|who)\b|哪家|哪个|哪位|谁/i;
const comparing = /compar|versus|\bvs\b|\bor\b|相比|对比|比较|还是|哪个/i;

/** `全年实现产值1022亿元` does not say whose output it is: restore the topic it continues. */
function withTopic(excerpt: string, topic: string): string {
  return topic === '' || excerpt.includes(topic) ? excerpt : `${topic}方面，${excerpt}`;
}

function overlapRatio(left: string, right: string): number {
  const grams = (text: string) => new Set([...text].map((char, index, chars) => char + (chars[index + 1] ?? '')));
  const a = grams(left);
  const b = grams(right);
  const shared = [...a].filter((gram) => b.has(gram)).length;
  return shared / Math.max(1, Math.min(a.size, b.size));
}
