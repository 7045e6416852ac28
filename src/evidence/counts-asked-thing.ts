import { stemmer } from 'stemmer';
import type { Language } from '../text/detect-language.ts';
import { hasFigureIn, hasQuantity } from '../question/question-analysis.ts';
import { coverage, type KeyTerm } from '../question/key-terms.ts';

/**
 * Counters that count the same things: 「多少个企业」 is answered by 「企业100家」, 「多少位专家」 by 「专家30名」.
 * 个 is the general counter, so a question in 个 is answered by a figure in any counter.
 */
const counterClasses: string[][] = [
  ['家', '户', '所'],
  ['项', '个', '件', '批'],
  ['人', '名', '位', '人次'],
  ['款', '个', '种', '类'],
  ['座', '个', '栋'],
  ['支', '个'],
];
const anyCounter = /(?:\d[\d.,]*|[一二两三四五六七八九十百千]+)\s*(?:余|多)?(?:万|亿)?(?:余|多)?[家个户所项件批人名位款种类座栋支张部台套]/;

/** Whether a counter counts things (家, 所, 项), rather than measuring money, area or time (亿元, 平方米, 天). */
export function isCountCounter(unit: string): boolean {
  return counterClasses.some((members) => members.includes(unit)) || /^[张部台套]$/.test(unit);
}

/** The counters a count asked in `unit` may be written in. */
function countersFor(unit: string): string[] {
  return [...new Set([unit, ...counterClasses.filter((members) => members.includes(unit)).flat()])];
}

// "How many hospitals are in SIP?": the words between "how many" and the verb or preposition that follows them.
const enCountedEnd =
  String.raw`(?:are|is|were|was|did|do|does|have|has|had|will|can|could|would|in|at|of|on|for|from|to|with|by|a|an|per|each|every|` +
  String.raw`the|there|that|which|who|live|work|go|operate|exist)`;
const enCounted = new RegExp(String.raw`\bhow many ((?:[A-Za-z][\w&'-]*\s+){0,3}?[A-Za-z][\w&'-]*)(?=\s+${enCountedEnd}\b|\s*[?,.]|\s*$)`, 'i');

/** Words of a counted phrase that do not say what is counted ("national-level", "new"). */
const modifiers = /^(?:national|level|new|major|key|total|different|other|more|main|local|foreign|overseas|top|high|senior|leading)$/i;

/**
 * The words of the thing an English question counts, head noun first ("How many national-level talent-program
 * experts…" → experts, talent, program), or null when it counts nothing ("how many times", "how many of them").
 */
export function countedNoun(question: string, language: Language): string[] | null {
  if (language !== 'en') return null;
  const phrase = enCounted.exec(question)?.[1];
  if (phrase === undefined) return null;
  const words = phrase.trim().split(/[\s-]+/);
  // "How many of them / of these companies": a part of something named before, left to the other checks.
  if (/^(?:of|them|these|those|they)$/i.test(words[0] as string)) return null;
  const head = words[words.length - 1] as string;
  if (/^(?:of|times|more|fewer|less|years?|days?|months?|weeks?|hours?)$/i.test(head)) return null;
  return [head, ...words.slice(0, -1).filter((word) => word.length >= 4 && !modifiers.test(word))];
}

/** People counted ("experts", "talents", "researchers"): a figure in 人, 名 or 位 counts them. */
const personNouns = new RegExp(
  String.raw`^(?:people|persons?|experts?|talents?|researchers?|scientists?|employees?|staff|workers?|students?|` +
    String.raw`professionals?|academicians?|engineers?|doctors?|residents?)$`,
  'i',
);

const numberWords = new RegExp(
  String.raw`\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|` +
    String.raw`eighteen|nineteen|twenty|thirty|forty|fifty|hundreds?|thousands?|dozens?|millions?)\b`,
  'i',
);
// Years (2020), dates (19 June), ordinals (14th) and names with digits (PD-1, G60) count nothing.
const months = 'January|February|March|April|May|June|July|August|September|October|November|December';
const notCounts = new RegExp(String.raw`\b\d+(?:st|nd|rd|th)\b|\b(?:19|20)\d{2}\b|\b\d{1,2} (?:${months})\b|[A-Za-z]+-?\d+\w*`, 'g');

/** Whether an English clause gives a figure: digits that are not a year, a date or part of a name, or a number word. */
function englishFigure(clause: string): boolean {
  const rest = clause.replace(notCounts, ' ');
  return /\d/.test(rest) || numberWords.test(rest);
}

// 「纳米城入驻企业中有多少家是上市公司？」: what follows the counter is what is counted.
const zhCounted = /(?:多少|(?<!哪)几)(?:家|个|户|所|项|件|批|人|名|位|款|种|类|座|栋|支|张|部|台|套)(?:是|为|的|在)?([^？?，,。；;！!]{1,10})/;

/** The words after a Chinese count's counter («多少家是上市公司» → 上市公司), or null. */
export function zhCountedPhrase(question: string): string | null {
  return zhCounted.exec(question)?.[1]?.replace(/(?:呢|吗|啊|了)$/, '') ?? null;
}

export interface CountQuestion {
  /** The counter of a Chinese (or mapped English) count: 所 in 「多少所大学」. */
  unit: string | null;
  /** The English words of what is counted, head noun first ("experts", "talent"). */
  noun: string[] | null;
  /** The key term standing for that noun, whose Chinese forms a sentence may count instead. */
  nounTerm: KeyTerm | undefined;
  /** A Chinese count's key terms written after its counter (上市公司): the counting sentence, with its context, names them. */
  phraseTerms?: KeyTerm[];
}

/**
 * Whether a sentence (with its aligned English, when there is one) counts the thing a "how many" question asks
 * about: 「联合实验室…构建100种儿科遗传病…」 names hospitals nowhere near a figure, so it does not say how many
 * hospitals the park has, and 「牛津大学高等研究院…」 gives no figure in 所 for 「多少所大学」.
 */
export function countsAskedThing(sentence: string, english: string | undefined, asked: CountQuestion, context = sentence): boolean {
  if (asked.unit !== null && isCountCounter(asked.unit)) {
    const counters = countersFor(asked.unit);
    const inCounter = asked.unit === '个' ? anyCounter.test(sentence) : counters.some((counter) => hasFigureIn(sentence, counter));
    // 「入驻企业397家」 counts companies, not the listed ones among them.
    const namesCounted = (asked.phraseTerms ?? []).every((term) => coverage(context, [term]) > 0);
    if (inCounter && namesCounted) return true;
  }
  if (asked.noun === null) return asked.unit === null || !isCountCounter(asked.unit);
  const head = asked.noun[0] as string;
  if (personNouns.test(head) && countersFor('人').some((counter) => hasFigureIn(sentence, counter))) return true;
  // Porter stems on both sides ("hospitals" and "hospital", "companies" and "company").
  const stems = new Set(asked.noun.map((word) => stemmer(word.toLowerCase())));
  const namesNoun = (clause: string) => (clause.toLowerCase().match(/[a-z]+/g) ?? []).some((word) => stems.has(stemmer(word)));
  if (english !== undefined && english.split(/[,;:.](?!\d)/).some((clause) => namesNoun(clause) && englishFigure(clause))) return true;
  const forms = asked.nounTerm?.forms.filter((form) => /[\u4e00-\u9fff]/.test(form)) ?? [];
  return sentence.split(/[，。；：,;]/).some((clause) => forms.some((form) => clause.includes(form)) && hasQuantity(clause));
}
