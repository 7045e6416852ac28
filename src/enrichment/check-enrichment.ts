import { stemmer } from 'stemmer';
import type { Chunk } from '../index-store/chunk.ts';
import type { GlossaryEntry } from '../text/glossary.ts';
import { chunkTextHash, type EnrichmentRecord } from './enrichment-record.ts';
import { approximationWording, chineseFigures, chineseNumeralValues, englishFigures, monthName, sameValue } from './sentence-figures.ts';

/**
 * The rules every entry of corpus/enrichment/*.jsonl must pass, as pure functions: the same checks run over
 * the shipped data in the tests and over every record `npm run enrich` receives from the LLM.
 */

export type EnrichmentRule =
  | 'missing'
  | 'unknown-chunk'
  | 'duplicate'
  | 'stale'
  | 'alignment'
  | 'sentence-end'
  | 'empty-english'
  | 'chinese-in-english'
  | 'figure-missing'
  | 'figure-added'
  | 'approximation'
  | 'month'
  | 'glossary'
  | 'question-count';

export interface EnrichmentProblem {
  chunkId: string;
  /** Index into `record.sentences` when the problem is in one sentence pair. */
  sentence?: number;
  rule: EnrichmentRule;
  message: string;
}

export const questionsPerLanguage = { min: 6, max: 12 } as const;

// A Chinese sentence ends with 。！？；(or their ASCII forms), optionally followed by closing quotes or brackets.
const sentenceEnd = /[。！？；!?;][”’」』）)】]*$/;
const hanCharacter = /\p{Script=Han}/u;

/** One glossary name in the form the rule needs: the Chinese spellings and the accepted English variants. */
interface GlossaryName {
  zh: string;
  /** Other Chinese forms: they mark where a longer name covers a shorter one, but are not checked themselves. */
  aliases: string[];
  en: string[];
  /** Each variant's content-word stems: "innovative drugs" is used as "innovative drug development". */
  stems: string[][];
}

// Function words a translation may add or drop around a name ("AI and the digital industry").
const functionWords = new Set(['a', 'an', 'the', 'of', 'and', 'for', 'in', 'on', 'to', 'at', 'by', 'with']);

/** Lower-case content-word stems of English text; hyphens split words ("large-model" = "large models"). */
function contentStems(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9*]+/g) ?? []).filter((word) => !functionWords.has(word)).map((word) => stemmer(word));
}

function glossaryNames(glossary: GlossaryEntry[]): GlossaryName[] {
  return glossary.map((entry) => ({
    zh: entry.zh,
    aliases: entry.aliases ?? [],
    en: entry.en,
    // A bracketed gloss in a variant ("Touyan (lead goose)") explains it; the name is what stands outside.
    stems: entry.en.map((variant) => contentStems(variant.replace(/\s*\([^)]*\)/g, ''))).filter((stems) => stems.length > 0),
  }));
}

/** Every problem of one record against the chunk it was written for. */
export function checkRecord(chunk: Chunk, record: EnrichmentRecord, glossary: GlossaryEntry[]): EnrichmentProblem[] {
  const problems: EnrichmentProblem[] = [];
  const report = (rule: EnrichmentRule, message: string, sentence?: number) =>
    problems.push({ chunkId: chunk.id, ...(sentence !== undefined ? { sentence } : {}), rule, message });

  if (record.id !== chunk.id) report('unknown-chunk', `record id ${record.id} does not match chunk ${chunk.id}`);
  const hash = chunkTextHash(chunk.text);
  if (record.hash !== hash) report('stale', `hash ${record.hash} was written for another text; the chunk's text now hashes to ${hash}`);

  const joined = record.sentences.map((pair) => pair.zh).join('');
  if (joined !== chunk.text) {
    let at = 0;
    while (at < joined.length && joined[at] === chunk.text[at]) at++;
    report(
      'alignment',
      `the zh pieces differ from the chunk text at character ${at}: text «${chunk.text.slice(at, at + 20)}» vs pieces «${joined.slice(at, at + 20)}»`,
    );
  }

  const names = glossaryNames(glossary);
  record.sentences.forEach((pair, index) => {
    const last = index === record.sentences.length - 1;
    if (!last && !sentenceEnd.test(pair.zh)) report('sentence-end', `zh piece does not end a sentence: «${pair.zh.slice(-15)}»`, index);
    if (pair.en.trim() === '') report('empty-english', 'the English of this piece is empty', index);
    if (hanCharacter.test(pair.en)) report('chinese-in-english', `Chinese characters in the English: «${pair.en.match(/\p{Script=Han}+/u)?.[0]}»`, index);
    for (const problem of figureProblems(pair.zh, pair.en)) report(problem.rule, problem.message, index);
    for (const message of glossaryProblems(pair.zh, pair.en, names)) report('glossary', message, index);
  });

  for (const language of ['zh', 'en'] as const) {
    const count = record.questions[language].length;
    if (count < questionsPerLanguage.min || count > questionsPerLanguage.max) {
      report('question-count', `${count} ${language} questions (want ${questionsPerLanguage.min}–${questionsPerLanguage.max})`);
    }
  }
  return problems;
}

/** Figures of one sentence pair: each Chinese figure converted in the English, no English figure without a source. */
export function figureProblems(zh: string, en: string): Array<{ rule: EnrichmentRule; message: string }> {
  const problems: Array<{ rule: EnrichmentRule; message: string }> = [];
  const source = chineseFigures(zh);
  const translated = englishFigures(en);
  for (const figure of source) {
    if (figure.kind === 'month') {
      const name = monthName(figure.value);
      if (name !== undefined && !new RegExp(`\\b${name}\\b`).test(en))
        problems.push({ rule: 'month', message: `month ${figure.raw} is not "${name}" in the English` });
      continue;
    }
    if (!translated.some((english) => sameValue(english.value, figure.value))) {
      problems.push({ rule: 'figure-missing', message: `figure ${figure.raw} (= ${figure.value.toLocaleString('en')}) is not in the English` });
    }
    if (figure.approximation !== undefined && !approximationWording[figure.approximation].test(en)) {
      problems.push({ rule: 'approximation', message: `figure ${figure.raw} is approximate ("${figure.approximation}") but the English does not say so` });
    }
  }
  // A value is accounted for by a Chinese figure (digits) or a Chinese numeral (十四届 → 14th), or a month's number.
  const known = [...source.map((figure) => figure.value), ...chineseNumeralValues(zh)];
  for (const english of translated) {
    if (!known.some((value) => sameValue(value, english.value))) {
      problems.push({ rule: 'figure-added', message: `figure ${english.raw} in the English has no source in the Chinese` });
    }
  }
  return problems;
}

/**
 * Glossary names: where a glossary name occurs in the Chinese piece, one of its
 * English variants must occur in the English, as written or as the same content words in any inflection and
 * order ("large-model products" uses "large models"). A name inside a longer glossary name (苏州 in
 * 苏州工业园区) is covered by the longer one.
 */
function glossaryProblems(zh: string, en: string, names: GlossaryName[]): string[] {
  const found: Array<{ name: GlossaryName; spelling: string; start: number; end: number }> = [];
  for (const name of names) {
    for (const spelling of [name.zh, ...name.aliases]) {
      for (let at = zh.indexOf(spelling); at !== -1; at = zh.indexOf(spelling, at + 1)) found.push({ name, spelling, start: at, end: at + spelling.length });
    }
  }
  const inside = (a: { start: number; end: number }, b: { start: number; end: number }) =>
    b.start <= a.start && a.end <= b.end && b.end - b.start > a.end - a.start;
  const outermost = found.filter((hit) => !found.some((other) => inside(hit, other)));
  const lowerEn = en.toLowerCase();
  const enStems = new Set(contentStems(en));
  const used = (name: GlossaryName) =>
    name.en.some((variant) => lowerEn.includes(variant.toLowerCase())) || name.stems.some((stems) => stems.every((stem) => enStems.has(stem)));
  const problems: string[] = [];
  const reported = new Set<GlossaryName>();
  for (const hit of outermost) {
    // Only the main Chinese name is checked: an alias is often a shorter or generic form (公共服务平台 for
    // 公共技术服务平台, 超级计算中心) whose faithful English is not the glossary's name.
    if (hit.spelling !== hit.name.zh || reported.has(hit.name)) continue;
    if (!used(hit.name)) {
      reported.add(hit.name);
      problems.push(`glossary name ${hit.spelling} is not in the English as ${hit.name.en.map((variant) => `"${variant}"`).join(' or ')}`);
    }
  }
  return problems;
}

/**
 * The whole check: every chunk has exactly one record and every record passes `checkRecord`;
 * a record for a chunk that does not exist is reported too.
 */
export function checkEnrichment(chunks: Chunk[], records: EnrichmentRecord[], glossary: GlossaryEntry[]): EnrichmentProblem[] {
  const problems: EnrichmentProblem[] = [];
  const byId = new Map<string, EnrichmentRecord>();
  for (const record of records) {
    if (byId.has(record.id)) problems.push({ chunkId: record.id, rule: 'duplicate', message: `more than one record for ${record.id}` });
    else byId.set(record.id, record);
  }
  const chunkIds = new Set(chunks.map((chunk) => chunk.id));
  for (const chunk of chunks) {
    const record = byId.get(chunk.id);
    if (record === undefined) problems.push({ chunkId: chunk.id, rule: 'missing', message: `no enrichment record for ${chunk.id}` });
    else problems.push(...checkRecord(chunk, record, glossary));
  }
  for (const record of byId.values()) {
    if (!chunkIds.has(record.id))
      problems.push({ chunkId: record.id, rule: 'unknown-chunk', message: `record ${record.id} belongs to no chunk of the corpus` });
  }
  return problems;
}

/** One line per problem, for the CLI and test failure messages. */
export function formatProblem(problem: EnrichmentProblem): string {
  return `${problem.chunkId}${problem.sentence !== undefined ? ` sentence ${problem.sentence}` : ''}: [${problem.rule}] ${problem.message}`;
}
