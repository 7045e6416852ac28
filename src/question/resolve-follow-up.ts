import { asciiLower } from '../text/ascii-lower.ts';
import type { GlossaryEntry } from '../text/glossary.ts';
import type { Language } from '../text/detect-language.ts';
import { toSimplified } from '../text/to-simplified.ts';
import { maxQuestionChars, type ChatTurn } from './answer-parts.ts';
import { editionPattern } from './question-analysis.ts';
import { escapeRegExp } from '../text/escape-reg-exp.ts';
import { yearsMentionedIn } from '../text/written-years.ts';

/** Interchangeable topics: a follow-up naming one replaces the other in the previous question. */
const industries = {
  zh: [
    '纳米技术应用产业',
    '纳米技术应用',
    '生物医药产业',
    '人工智能产业',
    '纳米产业',
    '生物医药',
    '人工智能',
    '纳米技术',
    '集成电路',
    '第三代半导体',
    '医疗器械',
    '生物药',
    '纳米',
    // Cities: 「那深圳的呢？」 after a question about the park's centre in Beijing asks about its Shenzhen one.
    '北京',
    '上海',
    '深圳',
    '成都',
    '杭州',
    '南京',
    '新加坡',
    '香港',
  ],
  en: [
    'artificial intelligence',
    'nanotechnology',
    'nanotech',
    'nano',
    'biomedicine',
    'biomedical',
    'biopharma',
    'biopharmaceutical',
    'pharmaceutical',
    'integrated circuits',
    'semiconductors',
    'medical devices',
    'AI',
    'Beijing',
    'Shanghai',
    'Shenzhen',
    'Chengdu',
    'Hangzhou',
    'Nanjing',
    'Singapore',
    'Hong Kong',
  ],
};
const zhElliptical = /^(?:那么?|那个|这个?|它|其|该|还有|另外|那在|那如果)|呢[？?]?\s*$/;
const enElliptical = /^(?:and|what about|how about|and what|what of|same for|also|then)\b/i;
const zhPronoun = /它们?|那里|那儿|这里|该公司|该企业|这家公司|这家企业|该机构|该平台|该中心|这个项目|该项目/;
const enPronoun = /\b(?:it|its|they|their|them|this company|the company|that company|this platform|that)\b/i;
/** People are not in the glossary: "What does he say…" inherits the previous question's subject instead. */
const enPerson = /\b(?:he|she|him|her|his)\b/i;
const zhPerson = /他|她/;
const parkNames = new Set([
  ...['园区', '苏州工业园区', '中新苏州工业园区'],
  ...['sip', 'the park', 'suzhou industrial park', 'china-singapore suzhou industrial park'],
]);
/** Where a Chinese question's subject ends: a question word (with the 是/于/在 before it) or the question mark. */
const zhAsksWhen = '什么时候|何时|哪一?年|哪天|哪一天';
const zhAsksWhat = '多少|几[个家项人名款届期]|什么|哪些|哪家|哪个|哪里|怎样|怎么|如何|吗|呢|[？?]';
const zhQuestionWord = new RegExp(`(?:是|于|在)?(?:${zhAsksWhen}|${zhAsksWhat})`);
/** An English question's opening up to its verb ("How many companies did …"): what is left is the subject. */
const enQuestionOpening = new RegExp(
  [
    String.raw`^\s*(?:when|in what year|what year|which year|where|how many|how much|what|which|who|why|how)\s+`,
    String.raw`(?:[\w-]+\s+)??(?:is|was|were|are|did|does|do|has|have|will)\s+`,
  ].join(''),
  'i',
);

/**
 * Runs of capitalised words. A run starts at the first capital of a word (what the plain pattern found
 * by trying every capital), so a word of many capitals (AAAA…) is not rescanned from each of them.
 */
const capitalisedRuns = /(?<![\w'’*&-])[a-z0-9_'’*&-]*([A-Z][\w'’*&-]*(?:\s+(?:of|and|for|the|[A-Z][\w'’*&-]*))*\s+[A-Z][\w'’*&-]*)/g;

/** The longest run of capitalised words ("Jiangsu Third-Generation Semiconductor Research Institute"). */
export function capitalisedPhrase(text: string): string | null {
  const runs = [...text.matchAll(capitalisedRuns)].map((match) => match[1] as string);
  const cleaned = runs
    .map((run) => run.replace(/^(?:What|When|Where|Which|Who|How|Why|Did|Does|Do|Is|Was|Are|Were|In|And|The)\s+/, ''))
    .filter((run) => run.split(/\s+/).length >= 2);
  return cleaned.sort((left, right) => right.length - left.length)[0] ?? null;
}

export interface ResolvedQuestion {
  /** The standalone question to retrieve and answer with. */
  question: string;
  rewritten: boolean;
}

/** An English name as a whole word in any case; built once, not per call. */
interface EnglishName {
  name: string;
  /** Its lower-case form, to skip the pattern when the text cannot contain the name (ASCII names only). */
  lower: string | null;
  pattern: RegExp;
}

const englishWord = (name: string): EnglishName => ({
  name,
  lower: /^[\x00-\x7f]*$/.test(name) ? asciiLower(name) : null,
  pattern: new RegExp(`\\b${escapeRegExp(name)}\\b`, 'i'),
});
const englishTopics = industries.en.map(englishWord);
/** A mention of an English topic, for replacing it (`every`: all of them, for taking them out). */
const topicMention = (topic: string, every = false): RegExp => new RegExp(`\\b${escapeRegExp(topic)}\\b`, every ? 'gi' : 'i');
const topicMentions = new Map(industries.en.map((topic) => [topic, { first: topicMention(topic), every: topicMention(topic, true) }]));

function findTopic(text: string, language: Language): string | null {
  if (language === 'zh') return industries.zh.find((topic) => text.includes(topic)) ?? null;
  const lower = asciiLower(text);
  return englishTopics.find((topic) => (topic.lower === null || lower.includes(topic.lower)) && topic.pattern.test(text))?.name ?? null;
}

const glossaryNames = new WeakMap<GlossaryEntry[], { zh: string[]; en: EnglishName[] }>();

/** The glossary's names as findName reads them, in glossary order (the first of equally long names wins). */
function namesOf(glossary: GlossaryEntry[]): { zh: string[]; en: EnglishName[] } {
  let names = glossaryNames.get(glossary);
  if (names === undefined) {
    const usable = (name: string) => name.length >= 2 && !parkNames.has(name.toLowerCase());
    names = {
      zh: glossary.flatMap((entry) => [entry.zh, ...(entry.aliases ?? [])]).filter(usable),
      en: glossary
        .flatMap((entry) => entry.en)
        .filter(usable)
        .map(englishWord),
    };
    glossaryNames.set(glossary, names);
  }
  return names;
}

/** The longest glossary name in the text (English: as a whole word, in any case). */
function findName(text: string, language: Language, glossary: GlossaryEntry[]): string | null {
  let best: string | null = null;
  const names = namesOf(glossary);
  if (language === 'zh') {
    for (const name of names.zh) if (text.includes(name) && (best === null || name.length > best.length)) best = name;
    return best;
  }
  const lower = asciiLower(text);
  for (const { name, lower: lowerName, pattern } of names.en) {
    if (best !== null && name.length <= best.length) continue;
    if ((lowerName === null || lower.includes(lowerName)) && pattern.test(text)) best = name;
  }
  return best;
}

/** 「哪家公司…？」 "Which company…?": the answer names what a following 「它」 or "it" stands for. */
const zhAsksWhichOne = /哪家|哪一家|哪个(?:公司|企业|机构|平台|单位)|什么(?:公司|企业|机构)/;
const enAsksWhichOne =
  /\b(?:which|what) (?:\w+ )?(?:company|companies|firm|enterprise|start-?up|organi[sz]ation|institution|institute|body|platform|drug|product)\b/i;

const productUse = /\bused (?:to|for)\b|\btreat|\bindications?\b|\bapproved for\b|\bpatients\b|用于|治疗|适应证|患者/i;

/** The glossary name the answer gives first that the question did not already name (the one it answered with). */
function answeredName(answer: string, question: string, language: Language, glossary: GlossaryEntry[]): string | null {
  const names = namesOf(glossary);
  const candidates = language === 'zh' ? names.zh : names.en.map(({ name }) => name);
  const questionLower = question.toLowerCase();
  const answerLower = language === 'zh' ? answer : answer.toLowerCase();
  let best: { name: string; at: number } | null = null;
  for (const name of candidates) {
    const key = language === 'zh' ? name : name.toLowerCase();
    if (parkNames.has(key) || questionLower.includes(key.toLowerCase())) continue;
    const at = answerLower.indexOf(key);
    if (at < 0) continue;
    if (best === null || at < best.at || (at === best.at && name.length > best.name.length)) best = { name, at };
  }
  return best?.name ?? null;
}

/**
 * The previous question without what it asked («第十一届…博览会是什么时候举办的？» → «第十一届…博览会»), so
 * a follow-up that inherits its subject does not also inherit its question (a date, when it asks a count).
 */
function subjectOf(previous: string, language: Language): string {
  if (language === 'zh') {
    const cut = previous.search(zhQuestionWord);
    const subject = cut > 1 ? previous.slice(0, cut) : previous;
    return subject.trim();
  }
  return previous
    .replace(enQuestionOpening, '')
    .replace(/[?？]\s*$/, '')
    .trim();
}

const enFiller = new Set([
  'and',
  'what',
  'about',
  'how',
  'will',
  'would',
  'be',
  'is',
  'was',
  'were',
  'are',
  'in',
  'by',
  'for',
  'of',
  'the',
  'that',
  'year',
  'it',
  'its',
  'they',
  'their',
  'then',
  'same',
  'also',
  'did',
  'does',
  'do',
  'much',
  'many',
]);

/** Whether a follow-up says more than a new year or topic (「那2018年呢」 does not; 「它在2023年7月发布了什么大模型」 does). */
function asksSomethingNew(current: string, language: Language, topic: string | null): boolean {
  const withoutTopic =
    topic === null ? current : current.replace(language === 'zh' ? topic : (topicMentions.get(topic)?.every ?? topicMention(topic, true)), ' ');
  if (language === 'zh') {
    const rest = withoutTopic
      .replace(/\d{4}\s*年|\d{1,2}\s*[月日号]/g, '')
      .replace(zhPronoun, '')
      .replace(/那么?|那个|这个?|还有|另外|如果|到|在|的|是|了|呢|吗|又|多少|什么|怎样|如何|[？?！!，,。\s]/g, '');
    return [...rest].length >= 3;
  }
  return (withoutTopic.toLowerCase().match(/[a-z]+/g) ?? []).some((word) => word.length >= 3 && !enFiller.has(word));
}

const characters = (text: string) => [...text].length;

/** At most `limit` characters (code points), cut after a word when one ends near the limit. */
export function capCharacters(text: string, limit: number): string {
  const points = [...text];
  if (points.length <= limit) return text;
  const cut = points.slice(0, Math.max(0, limit)).join('');
  const lastSpace = cut.search(/\s\S*$/);
  return (lastSpace >= cut.length - 40 && lastSpace > 0 ? cut.slice(0, lastSpace) : cut).trimEnd();
}

/**
 * What a rewrite may take from the previous user turn: the turn itself when it is no longer than a
 * question (as every question asked here was), otherwise its last sentence that asks something (or its
 * last sentence), cut to `limit`. Chat clients send turns of up to 4,000 characters, and pasting one
 * whole into the rewrite made a 5,000-character question that took seconds to analyse (issue 11).
 */
export function previousSubject(turn: string, limit: number): string {
  const text = turn.trim();
  if (characters(text) <= limit) return text;
  const sentences = text
    .split(/(?<=[?？!！。\n])|(?<=\.)(?=\s)/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
  const asking = sentences.findLast((sentence) => /[?？]$/.test(sentence)) ?? sentences.at(-1) ?? text;
  return capCharacters(asking, limit);
}

/**
 * Rewrites an elliptical follow-up («那纳米产业呢？», "And in 2021?", "When was it founded?") into a
 * standalone question using the previous user turn: a new year replaces the old one, a new industry
 * replaces the old one, a pronoun becomes the name it refers to. A first question is never rewritten.
 */
export function resolveFollowUp(question: string, history: ChatTurn[], language: Language, glossary: GlossaryEntry[]): ResolvedQuestion {
  const previousUser = [...history].reverse().find((turn) => turn.role === 'user');
  if (previousUser === undefined) return { question, rewritten: false };
  const current = language === 'zh' ? toSimplified(question.trim()) : question.trim();
  // The previous turn leaves room for what the follow-up adds (a year, a topic, its own words), so the
  // rewrite stays within the question limit; the last cap below only guards that.
  const subject = previousSubject(previousUser.content, maxQuestionChars - Math.max(characters(current), 16) - 1);
  const previous = language === 'zh' ? toSimplified(subject) : subject;
  const resolved = (rewrite: string): ResolvedQuestion => ({ question: capCharacters(rewrite, maxQuestionChars), rewritten: true });
  const marked = language === 'zh' ? zhElliptical.test(current) : enElliptical.test(current);
  // Very short questions ("2021年呢", "In 2021?") are follow-ups only when they bring a year or topic.
  const elliptical = marked || (language === 'zh' ? [...current].length <= 8 : current.split(/\s+/).length <= 4);
  const pronoun = language === 'zh' ? zhPronoun.test(current) : enPronoun.test(current);
  if (
    !elliptical &&
    !pronoun &&
    !(language === 'zh' ? zhPerson.test(current) : enPerson.test(current)) &&
    !(language === 'zh' ? [...current].length <= 10 : current.split(/\s+/).length <= 6)
  ) {
    return { question, rewritten: false };
  }

  // 「那第十二届呢？」 after a question about 第十一届…: another edition of the same event.
  const newEdition = language === 'zh' ? editionPattern.exec(current)?.[0] : undefined;
  const oldEdition = language === 'zh' ? editionPattern.exec(previous)?.[0] : undefined;
  if (elliptical && newEdition !== undefined && oldEdition !== undefined && newEdition !== oldEdition)
    return resolved(previous.replace(oldEdition, newEdition));
  const newYears = yearsMentionedIn(current);
  const oldYears = yearsMentionedIn(previous);
  const newTopic = findTopic(current, language);
  const oldTopic = findTopic(previous, language);

  // 「它在2023年7月发布了什么大模型？」 brings a year but asks something new about "it": a pronoun to
  // resolve, not a year to substitute into the previous question.
  const substitution = !(pronoun && asksSomethingNew(current, language, newTopic));
  if (elliptical && substitution && (newYears.length > 0 || newTopic !== null)) {
    let rewritten = previous;
    if (newYears.length > 0 && oldYears.length > 0) rewritten = rewritten.replace(oldYears[0] as string, newYears[0] as string);
    else if (newYears.length > 0) rewritten = language === 'zh' ? `${newYears[0]}年${rewritten}` : `${rewritten} in ${newYears[0]}`;
    if (newTopic !== null && oldTopic !== null && newTopic !== oldTopic) {
      rewritten = rewritten.replace(language === 'zh' ? oldTopic : (topicMentions.get(oldTopic)?.first ?? topicMention(oldTopic)), newTopic);
    } else if (newTopic !== null && oldTopic === null) rewritten = `${rewritten} ${newTopic}`;
    if (rewritten !== previous) return resolved(rewritten);
  }

  const previousAnswer = [...history].reverse().find((turn) => turn.role === 'assistant')?.content ?? '';
  // 「…哪家公司完成了注册？」 then 「它拿到了哪些证？」: "it" is the company the answer named, not the question's subject.
  // Not when the follow-up asks what only a product does ("What conditions is it used to treat?" after "Which company
  // developed China's first PCSK9 inhibitor?"): a company treats nothing, so "it" is still the drug.
  const askedWhichOne = (language === 'zh' ? zhAsksWhichOne : enAsksWhichOne).test(previous) && !productUse.test(current);
  const name =
    (askedWhichOne ? answeredName(previousAnswer, previous, language, glossary) : null) ??
    (language === 'en' ? capitalisedPhrase(previous) : null) ??
    findName(previous, language, glossary) ??
    findName(previousAnswer, language, glossary) ??
    oldTopic;
  const person = language === 'zh' ? zhPerson.test(current) : enPerson.test(current);
  if (pronoun && name !== null && !person) {
    return resolved(current.replace(language === 'zh' ? zhPronoun : enPronoun, name));
  }
  // A short follow-up that names nothing of its own ("When did construction start?") or speaks of a
  // person ("What does he say…") continues the previous question's subject.
  // A complete question names the park itself and asks something of its own (「园区有哪些创新平台？」,
  // "What innovation platforms does SIP have?"): it is never merged into the previous one.
  const complete =
    (language === 'zh' ? /园区|苏州工业园|工业园区/.test(current) : /\bSIP\b|Suzhou Industrial Park|\bthe park\b/i.test(current)) &&
    asksSomethingNew(current, language, null);
  const namesOwn = findName(current, language, glossary) !== null || newTopic !== null || complete;
  const short = language === 'zh' ? [...current].length <= 10 : current.split(/\s+/).length <= 6;
  if (!marked && !person && !(short && !namesOwn)) return { question, rewritten: false };
  // No recognisable substitution: the follow-up inherits the previous question's topic words.
  const stripped = language === 'zh' ? current.replace(/^(?:那么?|还有|另外)/, '') : current.replace(enElliptical, '').trim();
  return resolved(`${subjectOf(previous, language)} ${stripped}`);
}
