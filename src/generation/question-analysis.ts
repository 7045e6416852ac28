import type { Language } from '../text/detect-language.ts';

/** What kind of fact a question asks for; the chosen evidence must contain it. */
export interface QuestionNeeds {
  number: boolean;
  date: boolean;
  percent: boolean;
  /** Four-digit years the question names. */
  years: number[];
  /** "What is X?" / 「X是什么」: the passage about X, from its first sentences, answers best. */
  definition: boolean;
  /** "Which companies…" / 「哪两家企业」: the names often follow in the next sentence (其中…分别是…). */
  names: boolean;
  /** Two questions in one ("…是多少？比上年增加多少？", "When…, and what…?"): covered by the evidence together. */
  multiPart: boolean;
  /** "截至2022年初", "as of early 2022": a point in time, which a document published then describes. */
  asOf: boolean;
  /** "排第几", "what rank": an ordinal (第六, second) answers; elsewhere 第一款 is no figure. */
  rank: boolean;
  /** The counter a count is asked in (多少家 → 家): a figure in that counter answers, 10多个领域 does not. */
  unit: string | null;
}

const zhUnit = /(?:多少|几)(万平方米|平方米|亿元|万元|家|个|项|人|名|款|件|张|支|所|座|批|次|天|倍|期|轮|届)/;
const enUnits: Array<[RegExp, string]> = [
  [/\bhow many (?:[\w-]+ ){0,3}(?:companies|firms|enterprises|businesses)\b/i, '家'],
  [/\bhow many (?:[\w-]+ ){0,3}(?:projects)\b/i, '项'],
];

/** A figure written in the asked counter: 784家, 900余家, 1.2万家, 超2000家. */
export function hasFigureIn(sentence: string, unit: string): boolean {
  return new RegExp(`(?:\\d[\\d.,]*|[一二两三四五六七八九十百千]+)\\s*(?:余|多)?(?:万|亿)?(?:余|多)?${unit}`).test(sentence);
}

const zhNumber = /发生了?怎样的变化|变化|增长了|增加了|价格|售价|电价|房价|地价|租金|工资|薪资|多少|几[个家项人名款件张支所座批次天年倍期轮届]|多大|多高|多长|多久|规模|数量|总量|总额|金额|产值|营收|占比|比重|比例|增幅|增长了?多|排名|第几|面积|投资额/;
const enNumber = /\bchange[ds]?\b.*\b(?:between|from)\b|\b(?:grow|grew|increase[ds]?|rise|rose)\b.*\bfrom\b|\bprices?\b|\bcosts?\b|\brents?\b|\bsalar(?:y|ies)\b|\bhow (?:many|much|large|big|long|high)\b|\bwhat (?:was|is|were|are) (?:the|its|their) (?:[\w-]+ ){0,3}(?:number|total|output|value|revenue|share|percentage|proportion|amount|size|area|scale|growth|rank|ranking|investment|count)\b|\bwhat percentage\b|\bnumber of\b|\boutput value\b|\bhow fast\b/i;
const zhDate = /哪一?年|哪天|哪一天|何时|什么时候|哪个月|几月|几号|日期|时间是/;
const enDate = /^\s*(?:and\s+)?when\b|,\s*when\b|\band when\b|\bwhat year\b|\bwhich year\b|\bwhat date\b|\bin which month\b|\bwhat month\b/i;
const zhPercent = /百分之|占比|比重|比例|增幅|增长率|税率|利率|%|％/;
const zhDefinition = /是什么|是哪家|是一家|介绍一下|简介|做什么|干什么|主要从事|是什么样|什么性质|什么样的|什么机构|什么类型|有什么特别|有何特别|特点|有什么作用|定位/;
const enDefinition = /^\s*(?:what|who) (?:is|are|was|were) (?!(?:the|its|their) (?:[\w-]+ ){0,3}(?:number|total|output|value|share|amount|revenue|investment)\b)|\btell me about\b|\bwhat does .* do\b|\bdescribe\b/i;
const enPercent = /\bpercent(?:age)?\b|\brate\b|\bshare\b|%/i;

export function analyzeQuestion(question: string, language: Language): QuestionNeeds {
  const number = language === 'zh' ? zhNumber.test(question) : enNumber.test(question);
  const isDate = language === 'zh' ? zhDate.test(question) : enDate.test(question);
  // Chinese questions write years with 年 (2000家 is a count); English ones as bare numbers.
  const years = [...question.matchAll(language === 'zh' ? /(?<!\d)(19[5-9]\d|20[0-4]\d)(?=\s*年)/g : /(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)/g)].map((match) => Number(match[1]));
  return {
    number,
    date: isDate,
    percent: language === 'zh' ? zhPercent.test(question) : enPercent.test(question),
    years: [...new Set(years)],
    rank: language === 'zh' ? /第几|排名|排第|名列|位居|位列/.test(question) : /\brank(?:ed|ing|s)?\b|\bwhat place\b|\bwhich place\b|\bplaced\b/i.test(question),
    asOf: language === 'zh' ? /截至|截止|年初|年底|目前|现在|如今/.test(question) : /\b(?:19|20)\d\d (?:article|report|feature|story|piece|yearbook)\b|\baccording to the\b|\bper the\b|\bas of\b|\bearly\b|\bby (?:the )?(?:end|start|beginning)\b|\bby \d{4}\b|\bcurrently\b|\bnow\b/i.test(question),
    multiPart:
      language === 'zh'
        ? (question.match(/[？?]/g)?.length ?? 0) > 1 || /分别|又是|以及|还有哪些|并且|同时/.test(question) || /从\d{4}年.{0,6}到\d{4}年/.test(question)
        : (question.match(/\?/g)?.length ?? 0) > 1 || /,? and (?:what|how|which|who|when|where|why|did|does|is|was)\b/i.test(question) || /\bbetween \d{4} and \d{4}\b|\bfrom \d{4} to \d{4}\b/i.test(question),
    names: language === 'zh' ? /哪[几两三四五]?[家个所位]|哪些(?:企业|公司|机构|单位|平台)|是谁|有哪些/.test(question) : /\bwhich (?:\w+ ){0,2}(?:companies|company|firms|institutions|organi[sz]ations|universities|platforms|ones)\b|\bwho\b|\bname (?:some|the|them)\b/i.test(question),
    definition: !number && !isDate && (language === 'zh' ? zhDefinition.test(question) : enDefinition.test(question)),
    unit: language === 'zh' ? (zhUnit.exec(question)?.[1] ?? null) : (enUnits.find(([pattern]) => pattern.test(question))?.[1] ?? null),
  };
}

/** A quantity: a figure that is not just a year or a date. */
const quantity = /\d|[一二两三四五六七八九十百千万亿]+(?:家|个|项|人|亿|万|期|轮|届|批)/;
const ordinal = /第[一二三四五六七八九十\d]+(?!代)/;
const yearsAndDates = /(?<!\d)(?:19|20)\d{2}(?:年|—|-|－|～)?|\d{1,2}月(?:\d{1,2}(?:—\d{1,2})?日)?|\d{1,2}日/g;

/** Digits inside names (G60科创走廊, DFM-2, PD-1) count nothing. */
const namesWithDigits = /[A-Za-z]+-?\d+[A-Za-z0-9]*/g;

export function hasQuantity(sentence: string, { rank = false }: { rank?: boolean } = {}): boolean {
  const rest = sentence.replace(yearsAndDates, '').replace(namesWithDigits, '');
  // A rank question is answered by an ordinal; otherwise 第一款/第三代 are words, not figures.
  return rank ? quantity.test(rest.replace(/第[一二三四五六七八九十\d]+/g, '')) || ordinal.test(rest) : quantity.test(rest.replace(/第[一二三四五六七八九十\d]+[^，。；]?/g, ''));
}
const date = /\d{4}年|\d{1,2}月/;

/** Whether a sentence can answer a question with these needs. */
export function satisfiesNeeds(sentence: string, needs: QuestionNeeds): boolean {
  if (needs.date && !date.test(sentence)) return false;
  if ((needs.number || needs.percent) && !needs.date && !hasQuantity(sentence, { rank: needs.rank })) return false;
  return true;
}
