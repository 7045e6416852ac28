import { amountMetrics } from '../question/metric-terms.ts';
import type { Chunk } from '../index-store/chunk.ts';
import { withoutQuotations } from '../text/without-quotations.ts';
import { coverage, type KeyTerm } from '../question/key-terms.ts';
import { hasFigureIn, isMoneyUnit, satisfiesNeeds, type QuestionNeeds } from '../question/question-analysis.ts';
import { defines } from '../question/general-term.ts';
import type { Evidence } from './select-evidence.ts';
import { namesYear, sentenceHasYear, yearOnlyAsTarget, yearsIn } from './sentence-has-year.ts';
import { countsAskedThing, isCountCounter, type CountQuestion } from './counts-asked-thing.ts';
import { bodiesListed } from './listed-count.ts';

export type DeclineReason =
  | { kind: 'unknown-name'; names: string[] }
  | { kind: 'year'; years: number[]; available: number[] }
  | { kind: 'no-fact'; attributes?: Array<{ zh: string; en: string }> }
  | { kind: 'not-covered' }
  | { kind: 'no-question' };

export type Decision = { answerable: true } | { answerable: false; reason: DeclineReason };

export interface DecideOptions {
  terms: KeyTerm[];
  needs: QuestionNeeds;
  evidence: Evidence[];
  /** Years any passage talks about (chunk years and years written in the text). */
  corpusYears: ReadonlySet<number>;
  /** Minimum share of key-term weight the best evidence must cover. */
  minCoverage?: number;
  /** Kinds of fact the question asks for that the corpus never gives (rents, salaries…). */
  missing?: Array<{ zh: string; en: string }>;
  /** Years a passage stands for when a sentence names none (its year, its publication year). */
  yearsOf?: (chunk: Chunk) => number[];
  /** A general concept the question asks to define (科创板, MEMS): only a sentence that defines it answers. */
  definedTerm?: string[] | null;
  /** What a "how many" question counts (its counter, its English head noun). */
  counted?: CountQuestion | null;
  /**
   * The key terms naming whose figure is asked (a company, an organisation, another place) and what it measures
   * (收入, GDP): the sentence that gives the figure must name them.
   */
  anchors?: { owners: KeyTerm[]; products: KeyTerm[]; measures: KeyTerm[] };
  /**
   * Words a figure's sentence must carry, each group by one of its forms: a wider place than the park («苏州市»,
   * "Suzhou city … not just SIP's": the park's own figure does not answer it), a ratio ("per 10,000 people": 万人).
   */
  mustSay?: string[][];
  /** The aligned English of a sentence, where the passage has an English edition. */
  englishOf?: ((chunk: Chunk, sentence: string) => string | undefined) | undefined;
}

/**
 * A sentence whose only figures are percentages (占地区生产总值的4.5%, 增长21.9%) gives a share or a change,
 * not an amount: "What was SIP's GDP in 2020?" is not answered by R&D spending as 4.5% of GDP.
 */
export function givesOnlyShares(sentence: string): boolean {
  const figures =
    withoutQuotations(sentence)
      .replace(/(?<!\d)(?:19|20)\d{2}(?=\s*年)/g, '')
      .match(/\d+(?:\.\d+)?\s*(?:%|％)?/g) ?? [];
  return figures.length > 0 && figures.every((figure) => /[%％]$/.test(figure.trim()));
}

/**
 * Answers only when the evidence covers the question: its rare terms, a year it names, and the kind
 * of fact it asks for. Otherwise says why, so the decline can be specific.
 */
export function decideAnswerable({
  terms,
  needs,
  evidence,
  corpusYears,
  minCoverage = 0.6,
  yearsOf,
  missing = [],
  definedTerm = null,
  counted = null,
  anchors = { owners: [], products: [], measures: [] },
  mustSay = [],
  englishOf,
}: DecideOptions): Decision {
  const foreign = terms.filter((term) => term.foreignName);
  if (foreign.length > 0) return { answerable: false, reason: { kind: 'unknown-name', names: foreign.map((term) => term.label) } };
  if (missing.length > 0) return { answerable: false, reason: { kind: 'no-fact', attributes: missing } };
  // 「什么是科创板？」: the documents use the term; unless one explains it, this is general knowledge.
  if (definedTerm !== null && !evidence.some((item) => defines(item.sentence, definedTerm))) return { answerable: false, reason: { kind: 'no-fact' } };
  // 「第十二届…」 when the documents describe the eleventh: another edition of the event.
  if (
    needs.edition !== null &&
    !evidence.some((item) => item.sentence.includes(needs.edition as string) || item.hit.chunk.title.includes(needs.edition as string))
  )
    return { answerable: false, reason: { kind: 'not-covered' } };
  const missingYears = needs.years.filter((year) => !corpusYears.has(year));
  if (missingYears.length > 0) return { answerable: false, reason: { kind: 'year', years: missingYears, available: [...corpusYears].sort() } };
  if (terms.length === 0 && needs.years.length === 0) return { answerable: false, reason: { kind: 'no-question' } };
  const best = evidence[0];
  // A sentence is of a year asked about when it is dated so (not when the year is only a target's and no target is
  // asked about), or when the year is part of a name the question asks about (“2019年…MEMS十强企业”).
  const forms = terms.flatMap((term) => term.forms);
  const ofYear = (item: Evidence, year: number) =>
    (sentenceHasYear(item.sentence, item.hit.chunk, year, yearsOf) && (needs.target || !yearOnlyAsTarget(item.sentence, year))) ||
    namesYear(item.sentence, year, forms);
  // A two-part question is covered by its evidence together, not by any one sentence.
  const together = needs.multiPart ? coverage(evidence.map((item) => item.context).join(' '), terms) : 0;
  // With a year asked about, only sentences of that year count as covering the question.
  const relevant = needs.years.length > 0 ? evidence.filter((item) => needs.years.some((year) => ofYear(item, year))) : evidence;
  const bestCoverage = Math.max(0, ...relevant.map((item) => item.coverage));

  if (best === undefined || Math.max(bestCoverage, together) < minCoverage) return { answerable: false, reason: { kind: 'not-covered' } };
  if (needs.years.length > 0) {
    // Every year asked about must be the own year of some chosen sentence.
    const yearOk = needs.years.every((year) => evidence.some((item) => ofYear(item, year)));
    if (!yearOk)
      return {
        answerable: false,
        reason: { kind: 'year', years: needs.years, available: [...new Set(evidence.flatMap((item) => yearsIn(item.hit.chunk)))].sort() },
      };
  }
  // The figure or date must come from a sentence about the question (a two-part question's from any
  // of its sentences): 「累计获融资人工智能企业50余家」 does not say how many AI companies Nanshan has.
  const answering = needs.multiPart ? evidence : evidence.filter((item) => item.coverage >= minCoverage);
  // A count is also answered by a sentence that names every one counted (「A、B、C、D在上交所挂牌上市」: 4).
  // Only names of companies and institutions are listed so: a list of diseases does not count hospitals.
  const countsBodies =
    counted !== null &&
    ((counted.unit !== null && /^[家所]$/.test(counted.unit)) ||
      (counted.noun !== null &&
        /^(?:compan|firm|enterprise|business|maker|manufacturer|producer|start-?up|institution|universit|institute|lab)/i.test(counted.noun[0] ?? '')));
  const listsThemAll = (item: Evidence) =>
    countsBodies && item.coverage >= 0.7 && needs.number && !needs.percent && !needs.change && bodiesListed(item.sentence) !== null;
  // "What was SIP's total stock of valid invention patents?" is not answered by 「万人有效发明专利拥有量174件」, a figure per head.
  const perHeadAsked = mustSay.some((forms) => forms.includes('万人'));
  const givesFigure = (item: Evidence) =>
    (satisfiesNeeds(item.sentence, needs) && !(needs.number && !needs.percent && !perHeadAsked && perHeadOnly(item.sentence))) || listsThemAll(item);
  if ((needs.number || needs.date || needs.change || needs.duration) && !answering.some(givesFigure)) return { answerable: false, reason: { kind: 'no-fact' } };
  // "What is Singapore's R&D share of GDP?" is not answered by SIP's, nor 「信达生物的年收入」 by the park's budget
  // revenue in a passage that never names Innovent: the figure's passage names whose it is, and its sentence
  // (with its heading and the one before) what it measures.
  const namedIn = (text: string, english: string | undefined, anchor: KeyTerm) =>
    coverage(text, [anchor]) > 0 || (english !== undefined && /[a-z]/.test(anchor.label) && english.includes(anchor.label.toLowerCase()));
  const englishLower = (item: Evidence) => englishOf?.(item.hit.chunk, item.sentence)?.toLowerCase();
  /** Every owner named in the passage, and each of `inContext` in the sentence with its heading and the one before. */
  const namesAnchors = (item: Evidence, inContext: KeyTerm[]) => {
    const english = englishLower(item);
    const passage = `${item.hit.chunk.title}${item.hit.chunk.text}`;
    return anchors.owners.every((anchor) => namedIn(passage, english, anchor)) && inContext.every((anchor) => namedIn(item.context, english, anchor));
  };
  if (
    anchors.owners.length > 0 &&
    (needs.number || needs.percent) &&
    !needs.multiPart &&
    !answering.some((item) => givesFigure(item) && namesAnchors(item, anchors.measures))
  )
    return { answerable: false, reason: { kind: 'no-fact' } };
  if (
    mustSay.length > 0 &&
    (needs.number || needs.percent || anchors.measures.length > 0) &&
    !answering.some((item) => givesFigure(item) && mustSay.every((forms) => forms.some((form) => item.sentence.includes(form))))
  )
    return { answerable: false, reason: { kind: 'no-fact' } };
  // A date belongs to one event: "When did the NMPA approve tafolecimab?" is not dated by camrelizumab's approval in
  // the same passage. The dated sentence, its heading or the one before names the product the question names; the
  // passage names its company (「2023年7月正式发布…DFM-2」 in a passage about AISpeech).
  if (
    anchors.owners.length > 0 &&
    needs.date &&
    !needs.multiPart &&
    !answering.some((item) => satisfiesNeeds(item.sentence, needs) && namesAnchors(item, anchors.products))
  )
    return { answerable: false, reason: { kind: 'no-fact' } };
  // "How many hospitals…?" is answered by a figure that counts hospitals, not by any figure in a sentence naming one.
  const countAsked =
    counted !== null &&
    needs.number &&
    !needs.multiPart &&
    !needs.percent &&
    !needs.growth &&
    !needs.change &&
    !needs.rank &&
    !needs.date &&
    (counted.noun !== null || (counted.unit !== null && isCountCounter(counted.unit)));
  if (
    countAsked &&
    !answering.some((item) => listsThemAll(item) || countsAskedThing(item.sentence, englishOf?.(item.hit.chunk, item.sentence), counted, item.context))
  )
    return { answerable: false, reason: { kind: 'no-fact' } };
  // "…in 2020?" is answered by a 2020 figure: a sentence of 2020 that names the topic does not make another
  // year's figure (「目前…比重74.8%」 in a 2024 article) that year's.
  if (
    (needs.number || needs.percent) &&
    needs.years.length === 1 &&
    !needs.multiPart &&
    !needs.change &&
    !answering.some((item) => givesFigure(item) && needs.years.some((year) => ofYear(item, year)))
  )
    return {
      answerable: false,
      reason: { kind: 'year', years: needs.years, available: [...new Set(evidence.flatMap((item) => yearsIn(item.hit.chunk)))].sort() },
    };
  // A change asked for a year (「2023年…产值增长了多少？」) is given by a sentence of that year: 2020's 增长21.9% is not 2023's.
  if (
    needs.change &&
    needs.years.length > 0 &&
    !answering.some((item) => satisfiesNeeds(item.sentence, needs) && needs.years.some((year) => ofYear(item, year)))
  )
    return { answerable: false, reason: { kind: 'no-fact' } };
  // An amount of money asked for ("How much cash does a company receive…?") is answered by a sum of money,
  // not by how many companies qualified; a share of GDP or a growth rate is asked and answered as such.
  if (
    needs.unit !== null &&
    isMoneyUnit(needs.unit) &&
    !needs.percent &&
    !needs.growth &&
    !answering.some((item) => hasFigureIn(item.sentence, needs.unit as string))
  )
    return { answerable: false, reason: { kind: 'no-fact' } };
  // An amount asked for (not a share, a growth rate or a rank) is not given by percentages alone. "What
  // was SIP's GDP?" asks an amount too: its rarest term is an amount metric (产值, 地区生产总值, 收入…).
  const measured = [...terms].sort((left, right) => right.weight - left.weight)[0];
  const metricAsked = measured !== undefined && measured.forms.some((form) => amountMetrics.has(form) && !/^(?:增长|增幅|占比|占|比重)$/.test(form));
  const amountAsked = (needs.number || metricAsked) && !needs.percent && !needs.growth && !needs.rank && !needs.date;
  // The sentences that name what is measured must give it as an amount.
  // By the metric's own words when it is one: "regional GDP" is bridged to 地区生产总值 and also to 地区, which
  // 「与20余个国家和地区建立合作关系」 names without measuring anything.
  const namingForms = measured === undefined ? [] : metricAsked ? measured.forms.filter((form) => amountMetrics.has(form)) : measured.forms;
  const names = (clause: string) => namingForms.some((form) => clause.toLowerCase().includes(form.toLowerCase()));
  // The clauses that name it (…占地区生产总值的4.5%，万人有效发明专利拥有量174件: only the first).
  const naming = answering.flatMap((item) => item.sentence.split(/[，,；;。]/).filter(names));
  if (amountAsked && naming.length > 0 && naming.every(givesOnlyShares)) return { answerable: false, reason: { kind: 'no-fact' } };
  // "When was Innovent founded?": a dated sentence about Innovent's drug approval gives another event's date.
  if (
    needs.event.length > 0 &&
    !answering.some((item) => satisfiesNeeds(item.sentence, needs) && needs.event.some((form) => `${item.previous}${item.sentence}`.includes(form)))
  ) {
    return { answerable: false, reason: { kind: 'no-fact' } };
  }
  // "Who founded AISpeech?": 「思必驰…组建创新联合体」 is AISpeech founding something, not its founder. A sentence
  // answers when the company comes after the deed (「…创办了思必驰」) or the founder is marked (「思必驰由…创立」).
  if (
    !needs.date &&
    needs.event.includes('创立') &&
    anchors.owners.length > 0 &&
    !answering.some((item) => anchors.owners.some((owner) => foundedIn(item.sentence, item.context, owner.forms, needs.event)))
  )
    return { answerable: false, reason: { kind: 'no-fact' } };
  return { answerable: true };
}

/** Whether every figure of the sentence is per head (万人…174件, 人均…) or a share: no total is given. */
function perHeadOnly(sentence: string): boolean {
  const figures = sentence.split(/[，,；;。]/).filter((clause) => /\d/.test(clause.replace(/(?:19|20)\d{2}年|\d{1,2}月|\d{1,2}日/g, '')));
  return figures.length > 0 && figures.every((clause) => /万人|人均|每万|[%％]/.test(clause)) && figures.some((clause) => /万人|人均|每万/.test(clause));
}

/**
 * Whether the sentence says who founded the thing named by `names` (it is the object of the deed, or 由… marks the
 * founder). A sentence that refers back to it (「该研究院是由…共建的」) stands for the name its context gives.
 */
function foundedIn(sentence: string, context: string, names: string[], deeds: string[]): boolean {
  return names.some((name) => {
    const named = sentence.indexOf(name);
    const at = named >= 0 ? named : context.includes(name) ? sentence.search(/该|其|此/) : -1;
    if (at < 0) return false;
    return deeds.some((deed) => {
      const deedAt = sentence.indexOf(deed);
      if (deedAt < 0) return false;
      return deedAt < at || /由|被/.test(sentence.slice(at, deedAt));
    });
  });
}
