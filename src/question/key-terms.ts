import { domainTerms } from '../retrieval/domain-terms.ts';
import type { LexicalIndex } from '../retrieval/lexical-index.ts';
import { genericTerms } from '../retrieval/query-terms.ts';
import { asciiLower } from '../text/ascii-lower.ts';
import type { Tokenizer } from '../text/tokenize.ts';
import frameWords from './key-terms.json' with { type: 'json' };

/**
 * A unit of meaning the answer's evidence must cover: one Chinese word of the question, or one
 * English word/phrase of the question with the Chinese terms it was bridged to.
 */
export interface KeyTerm {
  label: string;
  /** Chinese (or literal) spellings, any of which covers the unit. */
  forms: string[];
  /** Rarity weight (IDF); unknown words get more than any known one. */
  weight: number;
  /** The corpus never uses it. */
  unknown: boolean;
  /** An unknown name of a place, person or organisation: the question is about something else. */
  foreignName: boolean;
}

// Question frame words that carry no topic, on top of the tokenizer's stop words (key-terms.json).
const zhFrame = new Set(frameWords.chinese);
const enFrame = new Set([...frameWords.english, ...frameWords.englishContractions]);

export interface KeyTermContext {
  lexical: LexicalIndex;
  tokenizer: Tokenizer;
  /** All cleaned chunk text, for presence checks of words the index tokenised differently. */
  corpusText: string;
  /** Lower-cased English proper names the dictionary knows but the corpus never mentions. */
  outsideNames?: ReadonlySet<string>;
  /**
   * The English the documents are known by, lower-cased: the passages' English editions, their aliases and the
   * glossary's English names (the bilingual knowledge base). A name found here is the documents' own, whatever
   * the dictionary says ("Gusu" of the Gusu Leading Talents); a park's name not found here is another park's.
   */
  englishText?: string;
  /**
   * The knowledge base's alias groups (港交所 = 香港联交所 = HKEX): a word the text never writes on its own but a name of
   * a group holds (香港, in 香港联交所) is that group's, found in the text by its Chinese forms (港交所).
   */
  aliasGroups?: ReadonlyArray<readonly string[]>;
}

/**
 * A park's name of up to four capitalised words ("Cambridge Science Park"), or of a new district or a development zone
 * ("Suzhou New District", "Wuxi High-tech Zone"). Not a plain zone or district: that is as often a part of one of ours
 * ("Nano City Zone I") as another place.
 */
const parkName = /\b(?:[A-Z][A-Za-z'’&-]*\s+){1,4}(?:Park|New District|New Area|(?:Hi-?[Tt]ech|High-[Tt]ech|Development|Economic) Zone)\b/g;
/** Words that make a park name the park's own or part of it, whatever else it says. */
const ownParkWord = /\b(?:suzhou|sip|dushu|jinji|yangcheng|loufeng|weiting|shengpu|xietang)\b/;

/** Whether `text` has `phrase` as whole words. */
function hasWords(text: string, phrase: string): boolean {
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
    if (!/[a-z0-9]/.test(text[at - 1] ?? ' ') && !/[a-z0-9]/.test(text[at + phrase.length] ?? ' ')) return true;
  }
  return false;
}

function idfOf(form: string, context: KeyTermContext): number | null {
  const frequency = context.lexical.documentFrequency(form);
  if (frequency > 0) return context.lexical.idf(form);
  if (context.corpusText.includes(form)) {
    // Present but not an index token (jieba cut it differently): score it by its parts.
    const parts = context.tokenizer.tokenize(form).filter((part) => context.lexical.documentFrequency(part) > 0);
    return parts.length > 0 ? Math.max(...parts.map((part) => context.lexical.idf(part))) : 2;
  }
  return null;
}

function maxIdf(context: KeyTermContext): number {
  return Math.log(1 + (context.lexical.size + 0.5) / 1.5);
}

const placeTags = new Set(['ns', 'nr', 'nrt', 'nrfg', 'nt']);

/**
 * The Chinese the documents use for an English term written in a Chinese question (「SIP的GDP是多少？」: GDP is
 * 地区生产总值 where the documents give the amount; they write "GDP" only in 「研发投入占GDP比重」), from the
 * bridge's domain table. Lower-cased English → Chinese forms.
 */
const chineseOfLatin = new Map(domainTerms.flatMap((term) => term.en.map((english) => [english, [...term.zh]] as const)));

/** The Chinese forms the text writes of the alias groups with a Chinese name containing `word` (or, `exact`, equal to it). */
function aliasFormsOf(word: string, context: KeyTermContext, exact = false): string[] {
  const forms = new Set<string>();
  for (const group of context.aliasGroups ?? []) {
    const chinese = group.filter((name) => /[\u4e00-\u9fff]/.test(name));
    if (chinese.some((name) => (exact ? name === word : name.includes(word))))
      for (const name of chinese) if (context.corpusText.includes(name)) forms.add(name);
  }
  return [...forms];
}

/** 首批 and 第一批 (首个/第一个, 首家/第一家…) are one word written two ways: each form brings the other the text uses. */
function withOrdinalVariants(forms: string[], context: KeyTermContext): string[] {
  const variants = forms.flatMap((form) => {
    const other = form.startsWith('首') ? form.replace(/^首(?=[批个家次款台届])/, '第一') : form.replace(/^第一(?=[批个家次款台届])/, '首');
    return other !== form && idfOf(other, context) !== null ? [other] : [];
  });
  return variants.length === 0 ? forms : [...new Set([...forms, ...variants])];
}

export function chineseKeyTerms(question: string, context: KeyTermContext): KeyTerm[] {
  const tags = new Map(context.tokenizer.tagged(question).map(({ word, tag }) => [word, tag]));
  // Day and month numbers of a date in the question (2024年3月) are part of the date, not topic words.
  const dateParts = new Set([...question.matchAll(/(\d{1,2})(?=[月日号])/g)].map((match) => match[1]));
  // 「是哪三个」「哪两家」: how many answers are asked for, not a topic (a sentence about 三个分项 is no closer).
  const askedCounts = new Set([...question.matchAll(/哪([一二两三四五六七八九十\d]{1,3}[个家项所位种类批款])/g)].map((match) => match[1]));
  const words = context.tokenizer
    .words(question)
    .filter(
      (word) =>
        !genericTerms.has(word) &&
        !zhFrame.has(word) &&
        !/^\d{4}$/.test(word) &&
        !/^[\u4e00-\u9fff]$/.test(word) &&
        !dateParts.has(word) &&
        !askedCounts.has(word),
    );
  const unknownWeight = maxIdf(context) + 1;
  return [...new Set(words)].flatMap((word): KeyTerm | KeyTerm[] => {
    const idf = idfOf(word, context);
    const chinese = chineseOfLatin.get(word.toLowerCase()) ?? [];
    if (idf !== null) {
      // A name of an alias group is covered by its other names too: 研发投入 by 「科学研究与试验发展投入」.
      const named = [...word].length >= 2 ? aliasFormsOf(word, context, true) : [];
      return { label: word, forms: withOrdinalVariants([...new Set([word, ...chinese, ...named])], context), weight: idf, unknown: false, foreignName: false };
    }
    // An unknown compound may still be covered by its known parts (问: 纳米城面积 → 纳米城, 面积).
    const parts = context.tokenizer.tokenize(word).filter((part) => part !== word && [...part].length >= 2 && idfOf(part, context) !== null);
    // 香港 in 「在香港上市」: part of a name the documents use (香港联交所, written 港交所 in the text).
    const aliased = [...word].length >= 2 ? aliasFormsOf(word, context) : [];
    if (aliased.length > 0)
      return { label: word, forms: aliased, weight: Math.max(...aliased.map((form) => idfOf(form, context) ?? 1)), unknown: false, foreignName: false };
    const foreignName = placeTags.has(tags.get(word) ?? '');
    // Each part is its own unit: 「外资企业」 is not covered by a sentence about 企业 alone.
    if (parts.length > 0 && !foreignName)
      return [...new Set(parts)].map((part) => ({ label: part, forms: [part], weight: idfOf(part, context) ?? 0, unknown: false, foreignName: false }));
    // An unknown name outweighs everything; an unknown common word (phrasing the corpus does not
    // use) only a little, so paraphrases are not declined for it. A Latin word in a Chinese question
    // (CAR-T, mRNA) names a thing, not phrasing: one the documents never mention outweighs the rest.
    const latin = /^[A-Za-z][A-Za-z0-9.+-]*$/.test(word);
    return { label: word, forms: [word], weight: foreignName || latin ? unknownWeight : 1, unknown: true, foreignName };
  });
}

/** Common Chinese surnames in pinyin: "Wang Qiangbin" is a person's name. */
const pinyinSurnames =
  'Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao Zheng Liang Xie Song Tang Han Feng Deng Cao Peng ' +
  'Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Fan Fang Shi Qian Qu Ni Fu Kong Mao Qiu Qin Jin Tan ' +
  'Zou Xiong Meng Yan Bai Lei Hou Long Duan Hao Shao Wan Gu Lai Wen Yin Chang Kang Xue Niu';
const pinyinPerson = new RegExp(String.raw`^(?:${pinyinSurnames.split(' ').join('|')})\s+[A-Z][a-z]+$`);
const otherCities =
  String.raw`(?:Shanghai|Beijing|Shenzhen|Hangzhou|Nanjing|Wuxi|Guangzhou|Chengdu|Hefei|Wuhan|` +
  String.raw`Tianjin|Chongqing|Xiamen|Ningbo|Changzhou|Kunshan|Singapore|Hong Kong)`;
const otherCity = new RegExp(String.raw`\b${otherCities}(?:[’']s)?\s+`, 'g');
/** "… in Singapore", "… at Shanghai": where a name is placed in another city. */
const inOtherCity = new RegExp(String.raw`\s+(?:in|at)\s+${otherCities}\b`, 'g');
/** "… park / zone / district" after a name (sticky: tried where a name ends). */
const placeWordAfter =
  /(?:[’']s)?\s+(?:(?:hi-tech|high-tech|business|industrial|science|economic|development|free trade)\s+)*(?:park|zone|district|new area|county|province)\b/iy;
const openingQuotes = new Set(['"', '“', "'", '‘']);
const closingQuotes = new Set(['"', '”', "'", '’']);

export interface NamePlaces {
  /** Whether the name follows "Shanghai ", "Beijing's " …: part of another city. */
  afterCity(label: string): boolean;
  /** Whether the question places the name in another city ("Fusionopolis in Singapore"). */
  inCity(label: string): boolean;
  /** Whether the name stands inside a quotation: what `["“'‘][^"”'’]*NAME[^"”'’]*["”'’]` matched. */
  quoted(label: string): boolean;
  /** Whether the question puts "… park", "… zone" … right after the name (in any case). */
  beforePlaceWord(label: string): boolean;
}

/**
 * Where names stand in a question, worked out in one pass each, for every name it holds: a pattern per
 * name, run from every opening quote to the end, made a question full of quoted names cubic (issue 11).
 */
export function namePlaces(question: string): NamePlaces {
  const cityEnds = new Set([...question.matchAll(otherCity)].map((match) => match.index + match[0].length));
  const placedInCity = new Set([...question.matchAll(inOtherCity)].map((match) => match.index));
  // insideQuote[i]: an opening quote stands before position i with no closing quote after it.
  const insideQuote = new Uint8Array(question.length + 1);
  let open = false;
  let lastClosing = -1;
  for (let index = 0; index < question.length; index += 1) {
    insideQuote[index] = open ? 1 : 0;
    const character = question[index] as string;
    if (closingQuotes.has(character)) {
      // A straight quote closes one quotation and may open the next.
      open = openingQuotes.has(character);
      lastClosing = index;
    } else if (openingQuotes.has(character)) open = true;
  }
  const nameEnds: number[] = [];
  for (let index = 1; index < question.length; index += 1) {
    placeWordAfter.lastIndex = index;
    if (placeWordAfter.test(question)) nameEnds.push(index);
  }
  const lowerQuestion = asciiLower(question);
  const occurrences = function* (label: string): Generator<number> {
    for (let at = question.indexOf(label); at >= 0; at = question.indexOf(label, at + 1)) yield at;
  };
  return {
    afterCity: (label) => [...cityEnds].some((at) => question.startsWith(label, at)),
    inCity: (label) => {
      for (const at of occurrences(label)) if (placedInCity.has(at + label.length)) return true;
      return false;
    },
    // Inside a quotation: a quote opened before it, and some closing quote after it (the first one closes it).
    quoted: (label) => {
      for (const at of occurrences(label)) if (insideQuote[at] === 1 && lastClosing >= at + label.length) return true;
      return false;
    },
    beforePlaceWord: (label) => {
      const lowerLabel = asciiLower(label);
      return nameEnds.some((end) => end >= label.length && lowerQuestion.startsWith(lowerLabel, end - label.length));
    },
  };
}

export function englishKeyTerms(
  question: string,
  context: KeyTermContext,
  bridged: Array<{ term: string; from: string; weight: number; source: string }>,
): KeyTerm[] {
  const units = new Map<string, KeyTerm>();
  const parkWords = new Set(bridged.filter(({ term }) => genericTerms.has(term)).map(({ from }) => from.toLowerCase()));
  // The parts a glossary name is split into for retrieval (托莱西单抗 → 莱西, 单抗) are not that name: 单抗 is in
  // every antibody's name, so a sentence about another drug would cover "tafolecimab".
  const namePart = (item: (typeof bridged)[number]) =>
    item.source === 'glossary' &&
    bridged.some(
      (whole) => whole !== item && whole.source === 'glossary' && whole.from === item.from && whole.weight > item.weight && whole.term.includes(item.term),
    );
  for (const item of bridged) {
    const { term, from, source } = item;
    if (/^\d{4}$/.test(term) || genericTerms.has(term) || namePart(item)) continue;
    // One Chinese character (水, 海, 点) is too ambiguous to stand for an English word.
    if (/^[\u4e00-\u9fff]$/.test(term)) continue;
    const label = from.toLowerCase();
    if (enFrame.has(label) || parkWords.has(label)) continue;
    const idf = idfOf(term, context);
    if (idf === null) continue;
    const unit = units.get(label) ?? { label, forms: [], weight: 0, unknown: false, foreignName: false };
    for (const form of withOrdinalVariants([term], context)) if (!unit.forms.includes(form)) unit.forms.push(form);
    // Dictionary translations are guesses (joint → 关节, pass → 遗传): they count for little against
    // checked names and the domain table, so a bad guess cannot make the documents look silent.
    unit.weight = Math.max(unit.weight, source === 'dictionary' ? Math.min(idf * 0.35, 1) : source === 'domain' ? idf * 0.8 : idf);
    units.set(label, unit);
  }
  // A literal ("ai") inside a matched name ("Suzhou AI Industrial Park") is covered by that name.
  for (const [label, unit] of units) {
    if (unit.forms.every((form) => /^[a-z0-9*&.-]+$/.test(form)) && [...units.keys()].some((other) => other !== label && other.includes(label)))
      units.delete(label);
  }
  const covered = [...units.keys(), ...parkWords].join(' ');
  // Unbridged words: consecutive capitalised words form one name ("Wang Qiangbin", "Hong Kong").
  const unpossessed = question.replace(/[’']s\b/g, '');
  const matches = [...unpossessed.matchAll(/[A-Za-z][A-Za-z'’\-*&]*[A-Za-z]|[A-Za-z]/g)];
  const words = matches.map((match) => match[0]);
  // A name ends at its closing quote: 'AI Yilan Wuyi' COVID tool is the quoted name, then another word.
  const beforeClosingQuote = matches.map((match) => /^['’"”]/.test(unpossessed.slice((match.index ?? 0) + match[0].length)));
  // Where in the question names stand in quotes, after another city, before "… park": found once per
  // question, not with a pattern per name (a question of many names made that cubic: issue 11).
  const places = namePlaces(question);
  let pendingName: string[] = [];
  const flushName = () => {
    if (pendingName.length === 0) return;
    const label = pendingName.join(' ');
    // A name the dictionary knows as a place or organisation absent from the corpus (Hangzhou,
    // Zhangjiang) means another subject; an unknown one is more likely our own company in pinyin.
    // So does an unknown name of a park, zone or district: the park's own carriers are all in the glossary.
    // A person's name in pinyin ("Wang Qiangbin") is neither a place nor a reason to decline.
    const person = pinyinPerson.test(label);
    // A part of another city ("Shanghai Lingang", "Beijing's Zhongguancun") is another place.
    const partOfOtherCity = places.afterCity(label);
    // A name the question quotes ("AI Yilan Wuyi") is a title it repeats, not a place it asks about.
    const quoted = places.quoted(label);
    const own = context.englishText !== undefined && hasWords(context.englishText, label.toLowerCase());
    const outside =
      !person &&
      !quoted &&
      !own &&
      (partOfOtherCity ||
        places.inCity(label) ||
        pendingName.some((word) => context.outsideNames?.has(word.toLowerCase())) ||
        context.outsideNames?.has(label.toLowerCase()) === true ||
        /\s(?:Park|Zone|District|County|Province|New Area)$/.test(label) ||
        places.beforePlaceWord(label));
    units.set(label.toLowerCase(), { label, forms: [label.toLowerCase()], weight: person ? 1 : 1.5, unknown: true, foreignName: outside });
    pendingName = [];
  };
  words.forEach((word, position) => {
    const lower = word.toLowerCase();
    const known = lower.length < 2 || enFrame.has(lower) || covered.includes(lower) || units.has(lower);
    const capitalised = /^[A-Z]/.test(word) && position > 0;
    if (known || !capitalised) flushName();
    if (known) return;
    if (capitalised) {
      pendingName.push(word);
      if (beforeClosingQuote[position] === true) flushName();
      return;
    }
    if (lower.length < 3) return;
    // An unbridged common word is likely phrasing the corpus does not use: it weighs little.
    units.set(lower, { label: word, forms: [lower], weight: 1, unknown: true, foreignName: places.beforePlaceWord(word) });
  });
  flushName();
  // "the Cambridge Science Park": bridged word by word (science park → 科技园), but as a whole a park the documents never name.
  if (context.englishText !== undefined) {
    for (const match of question.matchAll(parkName)) {
      const name = match[0].replace(/^(?:The|In|At|Of|And|How|What|Which|Does|Is|Are)\s+/, '');
      const lower = name.toLowerCase();
      // "Suzhou Nano City Park" is one of ours; "Suzhou New District" is not (the names the documents use are in englishText).
      const ownPark = / park$/.test(lower) && ownParkWord.test(lower);
      if (!/\s/.test(name) || ownPark || hasWords(context.englishText, lower) || places.quoted(name)) continue;
      units.set(lower, { label: name, forms: [lower], weight: 1.5, unknown: true, foreignName: true });
      // Named once, whole: not also as the part of it read as a name of its own ("Ma'anshan").
      for (const [key, unit] of units) if (key !== lower && unit.unknown && lower.includes(key)) units.delete(key);
    }
  }
  return [...units.values()];
}

/**
 * Share of the key terms' weight that `text` covers (0–1). `candidates`: the terms (in the same order)
 * that can occur in `text` at all, when the caller knows the others cannot; only these are looked up.
 */
export function coverage(text: string, terms: KeyTerm[], candidates: KeyTerm[] = terms): number {
  const total = terms.reduce((sum, term) => sum + term.weight, 0);
  if (total === 0) return 0;
  const lower = text.toLowerCase();
  const covered = candidates.filter((term) => term.forms.some((form) => lower.includes(form.toLowerCase()))).reduce((sum, term) => sum + term.weight, 0);
  return covered / total;
}

/**
 * Terms naming one thing count once: in 「信乐（托莱西单抗）纳入国家医保目录了吗？」 the drug's two names, each
 * the other's alias, covered most of the question's weight in any sentence naming the drug.
 */
export function mergeAliasTerms(terms: KeyTerm[]): KeyTerm[] {
  const merged: KeyTerm[] = [];
  for (const term of terms) {
    const index = merged.findIndex((other) => !other.unknown && !term.unknown && (other.forms.includes(term.label) || term.forms.includes(other.label)));
    const other = merged[index];
    if (other === undefined) merged.push(term);
    else merged[index] = { ...other, forms: [...new Set([...other.forms, ...term.forms])], weight: Math.max(other.weight, term.weight) };
  }
  return merged;
}
