import type { Language } from '../text/detect-language.ts';
import { followedBy } from '../text/followed-by.ts';
import { escapeRegExp } from '../text/escape-reg-exp.ts';
import { askedTypeOf } from './asked-type.ts';
import { yearDigits, yearsMentionedIn } from '../text/written-years.ts';

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
  /**
   * For a date question, the event it asks the date of, as the words the documents use for it
   * ("When was Innovent founded?" → 成立, 设立…): a date of another event (a drug approval) does not answer.
   */
  event: string[];
  /** Growth or change asked about: a percentage answers it. */
  growth: boolean;
  /** 「增长了多少」, "how fast did it grow": the size of a change is asked, so the output itself does not answer. */
  change: boolean;
  /** 「多长时间」, "how long": a length of time is asked, so a sentence that gives none does not answer. */
  duration: boolean;
  /** 「哪天」, "on what date": the day is asked, so a sentence dated by its year or month alone does not answer. */
  day: boolean;
  /** 「目标」「计划」, "target", "plan": a target is asked about, so a target year (力争2022年…) answers. */
  target: boolean;
  /** 「第十二届…」: the edition of a recurring event the question names. */
  edition: string | null;
  /**
   * 「取得了哪些成果」, "what has X achieved", "how far has it got": what came of it, which a sentence reporting a
   * result (a count, 研制出, 获批) answers and one introducing X does not.
   */
  outcome: boolean;
  /** 「有何特别之处」, "what is unique about X", "why was it a big deal": what sets it apart (唯一, 首个, 填补空白). */
  distinction: boolean;
  /** "What equipment did…?", "Which sectors does…?": the kind of thing asked for (asked-type.ts), English only. */
  askedType: string | null;
  /** 「是在什么会上发布的」「要建立什么机制」: the kind of thing a Chinese question asks for (会, 机制), kept when a sentence is trimmed. */
  askedKindZh: string | null;
}

/** Events a date is asked for: how a Chinese or English question names each, and the words a passage uses. */
const events: Array<{ zh: RegExp; en: RegExp; forms: string[] }> = [
  {
    zh: /成立|设立|组建|创立|创办|揭牌|开园|开业/,
    en: /\b(?:found(?:ed)?|establish(?:ed)?|set up|creat(?:ed|e)|inaugurat(?:ed|e)|open(?:ed)?|unveil(?:ed)?)\b/i,
    forms: ['成立', '设立', '组建', '共建', '发起', '创立', '创办', '创始人', '揭牌', '挂牌', '开园', '开业', '启用', '建成', '落成'],
  },
  {
    zh: /落户|入驻|迁入|进驻/,
    en: /\b(?:settle[ds]?|move[ds]? (?:to|into)|relocat(?:ed|e)|come to|came to|arrive[ds]? in)\b/i,
    forms: ['落户', '入驻', '迁入', '进驻'],
  },
  { zh: /上市(?!公司|企业)/, en: /\b(?:listed|list on|go public|went public|ipo)\b/i, forms: ['上市', '挂牌'] },
  {
    zh: /开工|动工|奠基|开始建设|开建/,
    en: /\b(?:construction (?:start|begin|began)|start(?:ed)? construction|break ground|broke ground|groundbreaking)\b/i,
    forms: ['开工', '动工', '奠基', '开始建设', '开建'],
  },
  {
    zh: /竣工|投用|投入使用|落成/,
    en: /\b(?:complet(?:ed|e)|finish(?:ed)?|put into (?:use|operation))\b/i,
    forms: ['竣工', '投用', '投入使用', '建成', '落成'],
  },
  { zh: /签约|签署|签订/, en: /\bsign(?:ed|ing)?\b/i, forms: ['签约', '签署', '签订'] },
  { zh: /获批|批准/, en: /\bapprov(?:ed|al|e)\b/i, forms: ['获批', '批准'] },
  { zh: /发布|推出/, en: /\b(?:release[ds]?|launch(?:ed)?|publish(?:ed)?|introduc(?:ed|e))\b/i, forms: ['发布', '推出', '上线'] },
  { zh: /举办|举行|召开|开幕/, en: /\b(?:held|hold|take place|took place|host(?:ed)?)\b/i, forms: ['举办', '举行', '召开', '开幕', '启幕'] },
  // A lab or centre is launched when it is set up or unveiled (联合实验室成立, 中心揭牌).
  {
    zh: /启动|开通|上线/,
    en: /\b(?:start(?:ed)?|launch(?:ed)?|kick(?:ed)? off|go live|went live)\b/i,
    forms: ['启动', '开通', '上线', '发布', '成立', '揭牌', '启用'],
  },
];

const zhInPark = /在(?:苏州)?(?:工业)?园区|在苏州/;
const enInPark = /\bin (?:SIP|the park|Suzhou|Suzhou Industrial Park)\b/i;

/** The words a passage uses for the event(s) a date question asks about; empty when it names none. */
function askedEvent(question: string, language: Language): string[] {
  const matched = events.filter((event) => (language === 'zh' ? event.zh : event.en).test(question));
  // "Established in SIP" / 「在园区成立」 is how a question says 落户园区 (settled in the park).
  const inPark = (language === 'zh' ? zhInPark : enInPark).test(question);
  const founding = events[0];
  const settled = events[1];
  const forms = matched.flatMap((event) => event.forms);
  if (inPark && founding !== undefined && settled !== undefined && matched.includes(founding)) forms.push(...settled.forms);
  return [...new Set(forms)];
}

const zhUnit = /(?:多少|(?<!哪)几)(万平方米|平方米|亿元|万元|家|个|项|人|名|款|件|张|支|所|座|批|次|天|倍|期|轮|届)/;
const enUnits: Array<[RegExp, string]> = [
  // "How many drug makers": makers, manufacturers and start-ups are companies too (counted in 家, not the 人 of their staff).
  [/\bhow many (?:[\w-]+ ){0,3}(?:companies|firms|enterprises|businesses|makers|manufacturers|producers|start-?ups)\b/i, '家'],
  [/\bhow many (?:[\w-]+ ){0,3}(?:projects)\b/i, '项'],
  // "How much cash / funding / subsidy …": an amount of money, named as such. ("How much did it raise?" is left to the
  // figures: naming no money word, it is as often answered by a count or a share.)
  [
    new RegExp(
      String.raw`\bhow much (?:[\w-]+ ){0,3}(?:cash|money|funding|funds|subsid(?:y|ies)|grants?|rewards?|bonus(?:es)?|prize money|` +
        String.raw`capital|yuan|rmb|invest(?:ed|s|ing|ment)?)\b`,
      'i',
    ),
    '元',
  ],
  // "What was the prize money…?", "What is the subsidy…?": a sum asked for by its name.
  [/^\s*what (?:is|was|are|were) the (?:[\w-]+ ){0,2}(?:prize money|cash prize|prize pool|subsid(?:y|ies)|grants?|budget|fees?|cost)\b/i, '元'],
];
/** 「奖励多少钱」「补贴多少资金」: an amount of money, in whatever counter the documents write it. */
const zhMoney = /多少(?:钱|资金|经费|奖金|补贴)|(?:奖励|补贴|资助|奖金)(?:金额)?(?:是|为|有)?多少(?!家|个|项|人|名)/;

const figurePatterns = new Map<string, RegExp>();

/** A sum of money: 200亿元, 1000亿余元, 5000万元, 三亿元, and 超亿元 (more than 100 million yuan) with no digit. */
const sumOfMoney = /(?:\d|[一二两三四五六七八九十百千数几超逾近])\s*(?:余|多)?(?:万|亿)?(?:余|多)?元/;
/** The counters of money a question can ask in: any sum of money answers each of them. */
export const isMoneyUnit = (unit: string | null): boolean => unit === '元' || unit === '亿元' || unit === '万元';

/** A figure written in the asked counter: 784家, 900余家, 1.2万家, 超2000家; for money, any sum of money. */
export function hasFigureIn(sentence: string, unit: string): boolean {
  if (isMoneyUnit(unit)) return sumOfMoney.test(sentence);
  // One pattern per counter, built once: this runs for every sentence evidence selection reads.
  let pattern = figurePatterns.get(unit);
  if (pattern === undefined) {
    pattern = new RegExp(`(?:\\d[\\d.,]*|[一二两三四五六七八九十百千]+)\\s*(?:余|多)?(?:万|亿)?(?:余|多)?${escapeRegExp(unit)}`);
    figurePatterns.set(unit, pattern);
  }
  return pattern.test(sentence);
}

/** A Chinese question asking for a number: a change, a price, 多少 or 几 with a counter, a size or share. */
const zhNumber = new RegExp(
  [
    '发生了?怎样的变化|变化|增长了|增加了',
    '价格|售价|电价|房价|地价|租金|工资|薪资',
    '多少|(?<!哪)几[个家项人名款件张支所座批次天年倍期轮届]|多大|多高|多长|多久',
    '规模|数量|总量|总额|金额|产值|营收|占比|比重|比例|增幅|增长了?多|排名|第几|面积|投资额',
  ].join('|'),
);
const enNumber = new RegExp(
  [
    String.raw`\bprices?\b|\bcosts?\b|\brents?\b|\bsalar(?:y|ies)\b|\bhow (?:many|much|large|big|long|high)\b`,
    String.raw`\bwhat (?:was|is|were|are) (?:the|its|their|[\w-]+['’]s) (?:[\w-]+ ){0,3}` +
      String.raw`(?:number|total|output|value|revenue|share|percentage|proportion|amount|size|area|scale|growth|rank|ranking|investment|count|stock)\b`,
    String.raw`\bwhat percentage\b|\bnumber of\b|\boutput value\b|\bhow fast\b`,
  ].join('|'),
  'i',
);
const zhDate = /哪一?年|哪天|哪一天|何时|什么时候|哪个月|几月|几号|日期|时间是/;
const enDate = new RegExp(
  String.raw`^\s*(?:and\s+)?when\b|,\s*when\b|\band when\b|\bwhat year\b|\bwhich year\b|` +
    String.raw`\b(?:what|which) (?:exact |precise |specific )?(?:date|day)\b|\bin which month\b|\bwhat month\b`,
  'i',
);
const zhAskedKind = /(?:什么|哪(?:个|些|一个|种|类|项))([\u4e00-\u9fff]{1,2}?)(?=[上里中的是呢吗进有在获被与和对？?，,。]|$)/;
const phrasalUpDown = String.raw`(?<!\b(?:set|sets|setting|sign|signed|line|lined|make|made|pick|picked|break|broke|broken|shut) )(?:up|down)`;
const enGrowth = new RegExp(String.raw`\b(?:grow|grew|growth|increase[ds]?|rise|rose|decline[ds]?|fell|change[ds]?|${phrasalUpDown})\b`, 'i');
/** 「谁创办了…」, "Who founded…": a person or body is asked for what it did, which only a sentence about that deed says. */
const zhWho = /谁|哪位|什么人/;
const enWho = /^\s*(?:and\s+)?who\b|\bby whom\b/i;
const zhDay = /哪天|哪一天|哪一日|几号|几月几日|具体日期/;
const enDay = /\b(?:what|which|on which|exact|precise|specific) (?:date|day)\b/i;
const zhChange = /(?:增长|增加|提高|提升|下降|减少|上升)了?(?:是|为|有)?(?:多少|几)|增幅|增长率|增速/;
const enChange = new RegExp(
  String.raw`\bhow (?:much|fast|quickly) (?:[\w'-]+ ){0,8}?(?:grow|grew|grown|rise|rose|risen|increase[ds]?|decline[ds]?|fall|fell|fallen)\b|` +
    String.raw`\bgrowth rate\b|\bby how much\b|\brate of (?:growth|increase)\b|` +
    // "What was SIP's GDP growth in 2023?": the growth itself is the figure asked for.
    String.raw`\bwhat (?:was|is|were) (?:[\w'’&-]+ ){0,4}?(?:growth|increase)\b`,
  'i',
);
const zhDuration = /多长时间|多久|多少年|多少天|几个月|多少个月/;
const enDuration = /\bhow long\b/i;
const zhTarget = /目标|计划|规划|力争|预计|预期/;
const enTarget = /\btargets?\b|\bgoals?\b|\bplan(?:s|ned)?\b|\baim(?:s|ed)?\b|\bexpect(?:s|ed)?\b|\bforecasts?\b|\bprojected\b/i;
/** "What does the antibody target?": the verb (what a drug acts on), not a plan's target. */
const enTargetVerb = /\b(?:does|do|did|will|can)\b[^?]*\btarget\s*\??\s*$/i;
const zhOutcome = /成果|成效|成绩|进展|进度|效果|取得了?(?:哪些|什么)|做出了?(?:哪些|什么)/;
const enOutcome = /\b(?:achieve[ds]?|achievements?|accomplish(?:ed|ments?)?|so far|how far|progress(?:ed)?|results?|outcomes?|came of|paid off)\b/i;
const zhDistinction = /特别|特殊|独特|特色|与众不同|有何不同|亮点|意义|为什么重要|为何重要/;
const enDistinction =
  /\b(?:unique|special|distinctive|stand(?:s)? out|big deal|significan(?:t|ce)|notable|remarkable|sets? (?:it|them) apart|why (?:is|was|are|were) (?:\S+ ){1,6}?important)\b/i;
const zhPercent = /百分之|占比|比重|比例|增幅|增长率|税率|利率|强度|%|％/;
const zhDefinitionWords = [
  '是什么|是哪家|是一家|介绍一下|简介|做什么|干什么|主要从事|是什么样',
  '什么性质|什么样的|什么机构|什么类型|有什么特别|有何特别|特点|有什么作用|定位',
];
const zhDefinition = new RegExp(zhDefinitionWords.join('|'));
/** "…change … between/from …", "…grew … from …": the parts of `enNumber` that are `a.*b` (see followedBy). */
const enChangeFrom: Array<[RegExp, RegExp]> = [
  [/\bchange[ds]?\b/i, /\b(?:between|from)\b/gi],
  [/\b(?:grow|grew|increase[ds]?|rise|rose)\b/i, /\bfrom\b/gi],
];
const isEnglishNumberQuestion = (question: string) => enNumber.test(question) || enChangeFrom.some(([first, then]) => followedBy(question, first, then));
const enDefinition = new RegExp(
  [
    // "What is …" unless it asks for the figure of something ("What was its output …").
    String.raw`^\s*(?:what|who) (?:is|are|was|were) (?!(?:the|its|their|[\w-]+['’]s) (?:[\w-]+ ){0,3}` +
      String.raw`(?:number|total|output|value|share|amount|revenue|investment|prize money|cash prize|prize pool|subsid(?:y|ies)|grants?|budget|fees?|cost)\b)`,
    String.raw`\btell me about\b|\bdescribe\b`,
  ].join('|'),
  'i',
);
/** "What does … do?": `\bwhat does .* do\b`, in one pass. */
const isEnglishDefinitionQuestion = (question: string) => enDefinition.test(question) || followedBy(question, /\bwhat does /i, / do\b/gi);
const enPercent = /\bpercent(?:age)?\b|\brate\b|\bshare\b|\bintensity\b|%/i;

/** 「第十一届」: an edition of a recurring event. */
export const editionPattern = /第[一二三四五六七八九十百零\d]+届/;

const zhQuestionYear = new RegExp(
  // A year before 年, or before a Chinese character that is not a counter (2000家 is a count).
  String.raw`(?<![\d.])${yearDigits}(?=\s*年|[\u4e00-\u9fff](?<![家个项人名款件张支所座批次天倍亿万元余多]))`,
  'g',
);

const zhRank = /第几|排名|排第|名列|位居|位列/;
const enRank = /\brank(?:ed|ing|s)?\b|\bwhat place\b|\bwhich place\b|\bplaced\b/i;
/** A question about the state at a time: 截至 / as of, or a dated document (a 2023 article). */
const zhAsOf = /截至|截止|年初|年底|目前|现在|如今/;
const enAsOf = new RegExp(
  [
    String.raw`\b(?:19|20)\d\d (?:article|report|feature|story|piece|yearbook)\b|\baccording to the\b|\bper the\b|\bas of\b`,
    String.raw`\bearly\b|\bby (?:the )?(?:end|start|beginning)\b|\bby \d{4}\b|\bcurrently\b|\bnow\b`,
  ].join('|'),
  'i',
);
const zhMoreParts = /分别|又是|以及|还有哪些|并且|同时/;
/** A question asking for names: which companies, who. */
// 「哪些园区公司」: a word or two may stand between 哪些 and what is asked for.
const zhNames = /哪[几两三四五]?[家个所位]|哪些[\u4e00-\u9fff]{0,4}?(?:企业|公司|机构|单位|平台|高校|大学|院所|领域|行业|产业)|是谁|有哪些/;
/** 「园区的三大新兴产业是什么？」: a counted group asked about is answered by its members' names, not a definition. */
const zhCountedNames = /(?:[两二三四五六七八九十]|\d+)(?:大|个|项|类|种)[\u4e00-\u9fff]{1,8}(?:是什么|包括什么|指什么|指的是)/;
/** "What are SIP's three emerging industries?": a count of things asked for by name (no definition of them). */
const enCountedNames = /\bwhat (?:are|were) (?:[\w'’]+ ){0,2}?(?:two|three|four|five|six|seven|eight|nine|ten|\d+) [a-z]/i;
const enNames = new RegExp(
  [
    String.raw`\bwhich (?:\w+ ){0,2}(?:companies|company|firms|institutions|organi[sz]ations|universities|platforms|ones|sectors|industries|fields)\b`,
    String.raw`\bwho\b|\bname (?:some|the|them)\b`,
    enCountedNames.source,
  ].join('|'),
  'i',
);

export function analyzeQuestion(question: string, language: Language): QuestionNeeds {
  const number = language === 'zh' ? zhNumber.test(question) : isEnglishNumberQuestion(question);
  const isDate = language === 'zh' ? zhDate.test(question) : enDate.test(question);
  const percent = language === 'zh' ? zhPercent.test(question) : enPercent.test(question);
  const counter =
    language === 'zh'
      ? (zhUnit.exec(question)?.[1] ?? (zhMoney.test(question) ? '元' : null))
      : (enUnits.find(([pattern]) => pattern.test(question))?.[1] ?? null);
  // Chinese questions write years with 年 (2000家 is a count); English ones as bare numbers.
  // Chinese writes a year with 年 (2000家 is a count), or glued to the front of an event's name (2021全球…博览会).
  const years = language === 'zh' ? [...question.matchAll(zhQuestionYear)].map((match) => Number(match[1])) : yearsMentionedIn(question).map(Number);
  return {
    number,
    date: isDate,
    percent,
    years: [...new Set(years)],
    rank: (language === 'zh' ? zhRank : enRank).test(question),
    asOf: (language === 'zh' ? zhAsOf : enAsOf).test(question),
    multiPart:
      language === 'zh'
        ? (question.match(/[？?]/g)?.length ?? 0) > 1 || zhMoreParts.test(question) || /从\d{4}年.{0,6}到\d{4}年/.test(question)
        : (question.match(/\?/g)?.length ?? 0) > 1 ||
          /,? and (?:what|how|which|who|when|where|why|did|does|is|was)\b/i.test(question) ||
          /\bbetween \d{4} and \d{4}\b|\bfrom \d{4} to \d{4}\b/i.test(question),
    names: language === 'zh' ? zhNames.test(question) || zhCountedNames.test(question) : enNames.test(question),
    definition:
      !number &&
      !isDate &&
      (language === 'zh'
        ? zhDefinition.test(question) && !zhCountedNames.test(question)
        : isEnglishDefinitionQuestion(question) && !enCountedNames.test(question)),
    // "How much did SIP spend on R&D, as a share of GDP?" asks a share, not a sum of money.
    unit: percent && isMoneyUnit(counter) ? null : counter,
    event: isDate || (language === 'zh' ? zhWho : enWho).test(question) ? askedEvent(question, language) : [],
    growth:
      language === 'zh'
        ? /增长|增加|增幅|提高|提升|下降|减少|变化|翻/.test(question)
        : // "set up", "broke down" are deeds, not a change of a figure.
          enGrowth.test(question),
    edition: language === 'zh' ? (editionPattern.exec(question)?.[0] ?? null) : null,
    change: (language === 'zh' ? zhChange : enChange).test(question),
    day: (language === 'zh' ? zhDay : enDay).test(question),
    duration: (language === 'zh' ? zhDuration : enDuration).test(question),
    target: language === 'zh' ? zhTarget.test(question) : enTarget.test(question) && !enTargetVerb.test(question),
    outcome: (language === 'zh' ? zhOutcome : enOutcome).test(question),
    distinction: (language === 'zh' ? zhDistinction : enDistinction).test(question),
    askedType: language === 'en' ? askedTypeOf(question) : null,
    askedKindZh: language === 'zh' ? (zhAskedKind.exec(question)?.[1] ?? null) : null,
  };
}

/** A quantity: a figure that is not just a year or a date. */
const quantity = /\d|[一二两三四五六七八九十百千万亿]+(?:家|个|项|人|亿|万|期|轮|届|批)/;
const ordinal = /第[一二三四五六七八九十\d]+(?!代)/;
const yearsAndDates = /(?<!\d)(?:19|20)\d{2}(?:年|—|-|－|～)?|\d{1,2}月(?:\d{1,2}(?:—\d{1,2})?日)?|\d{1,2}日/g;

/** Digits inside names (G60科创走廊, DFM-2, PD-1) count nothing. (From a word's start: retrying from each letter of a long word was quadratic.) */
const namesWithDigits = /(?<![A-Za-z])[A-Za-z]+-?\d+[A-Za-z0-9]*/g;

export function hasQuantity(sentence: string, { rank = false }: { rank?: boolean } = {}): boolean {
  const rest = sentence.replace(yearsAndDates, '').replace(namesWithDigits, '');
  // A rank question is answered by an ordinal; otherwise 第一款/第三代 are words, not figures.
  return rank
    ? quantity.test(rest.replace(/第[一二三四五六七八九十\d]+/g, '')) || ordinal.test(rest)
    : quantity.test(rest.replace(/第[一二三四五六七八九十\d]+[^，。；]?/g, ''));
}
const date = /\d{4}年|\d{1,2}月/;
const dayOfMonth = /\d{1,2}日/;
/** A length of time: 15分钟, 10年内, 近2年, 6个月, 三年 (not a year, 2020年, or a date, 7日). */
const lengthOfTime = /(?<!\d)\d{1,3}(?:\.\d+)?\s*(?:个月|年|周|天|小时|分钟)|[一二两三四五六七八九十半]+(?:个月|年|周|天|小时)/;
/** A change given as a figure: 增长21.9%, 增加439家, 翻一番, 提高2倍 (a share alone, 占GDP比重5.16%, is not one). */
const changeFigure =
  /(?:增长|增加|增幅|提高|提升|下降|减少|上升|回落|新增)[^，。；\d]{0,6}\d|翻(?:一|两|了)?番|\d+(?:\.\d+)?倍|\d+(?:\.\d+)?\s*[%％](?:以上|左右)?的?(?:增幅|增长|增速)/;

/** A sentence that reports a result: something obtained, made, approved or counted. */
const outcomeReport =
  /取得|获得|获批|获证|实现|完成|研制|研发出|推出|申请|授权|创造|突破|入选|获评|荣获|通过|成功|累计|达到|已(?:经)?(?:有|建|形成|开展|进入|完成|研制)/;
/** A sentence that says what sets something apart. */
const distinctionReport = /唯一|首个|首家|首次|首批|首款|首台|首创|第一|填补|率先|最大|最早|领先|全国首|国内首|全球首|世界首|国际首|\d+年来首/;

/** How well a sentence fits what the question asks for beyond figures: a result, or what sets something apart. */
export function reportsWhatIsAsked(sentence: string, needs: Pick<QuestionNeeds, 'outcome' | 'distinction'>): number {
  let fit = 0;
  // As with a figure asked for (satisfiesNeeds), a sentence that reports no result is marked down, not only passed over.
  if (needs.outcome) fit += outcomeReport.test(sentence) || hasQuantity(sentence) ? 0.2 : -0.2;
  if (needs.distinction && distinctionReport.test(sentence)) fit += 0.25;
  return fit;
}

const shareFigure = /\d\s*[%％‰]|百分之|[一二三四五六七八九十]分之|[一二三四五六七八九十]成(?![立为功果本员])|一半|过半|半数|倍/;

/** Whether a sentence can answer a question with these needs. */
export function satisfiesNeeds(sentence: string, needs: QuestionNeeds): boolean {
  if (needs.date && !date.test(sentence)) return false;
  if (needs.day && !dayOfMonth.test(sentence)) return false;
  // A length of time is the figure asked for, in digits (15分钟) or in words (两年内).
  if (needs.duration) return lengthOfTime.test(sentence);
  // 「产值增长了多少？」 is answered by a change, not by the output itself (产值突破1550亿元).
  if (needs.change && !needs.date && !changeFigure.test(sentence)) return false;
  if ((needs.number || needs.percent) && !needs.date && !hasQuantity(sentence, { rank: needs.rank })) return false;
  // "What share…?" is answered by a share (74.8%, 三分之一, 一半), not by a count in a sentence on the topic.
  if (needs.percent && !needs.number && !needs.date && !needs.rank && !shareFigure.test(sentence)) return false;
  // "How big was the GDP?" is not answered by 「研发投入占GDP比重4.5%」: a share answers only a share or growth question.
  if (needs.number && !needs.date && !needs.percent && !needs.growth && !hasQuantity(sentence.replace(/\d+(?:\.\d+)?\s*[%％]/g, ''), { rank: needs.rank }))
    return false;
  return true;
}
