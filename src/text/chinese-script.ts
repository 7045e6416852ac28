import { createRequire } from 'node:module';
import * as toSimplifiedTables from 'opencc-js/t2cn';
import { compactConverter, type Dictionary } from './compact-converter.ts';
import { toSimplified } from './to-simplified.ts';

/** The traditional-Chinese standard an answer is written in: Hong Kong, Taiwan, or OpenCC's generic traditional. */
export type TraditionalVariant = 'hk' | 'tw' | 't';

const cjk = /[\u3400-\u9fff\uf900-\ufaff]/u;

// Built on first use: the simplified→traditional converter holds OpenCC's phrase dictionary (~4 MB
// once built), which a server that is only ever asked in simplified Chinese never needs.
type Convert = (text: string) => string;
let toTraditionalBase: Convert | undefined;
const variantConverters = new Map<TraditionalVariant, Convert>();

type OpenCCBuild = typeof toSimplifiedTables;
let toTraditionalTables: OpenCCBuild | undefined;

/**
 * OpenCC's →traditional build (`opencc-js/cn2t`: the simplified→traditional phrase table and the Hong Kong and
 * Taiwan variant tables, 1.1 MB of source), required on the first traditional-Chinese question so a server
 * asked only in simplified Chinese or English never parses it. Its `require` build is the same code as the
 * ESM one, loadable synchronously.
 */
function traditionalTables(): OpenCCBuild {
  toTraditionalTables ??= createRequire(import.meta.url)('opencc-js/cn2t') as OpenCCBuild;
  return toTraditionalTables;
}

/**
 * OpenCC's simplified→traditional conversion (its `s2t` configuration: the normalisation table, then the phrase
 * and character tables), through the compact converter: opencc-js's own would hold ~21 MB of heap for the
 * phrase table. The same output (tests/text/compact-converter.test.ts).
 */
function simplifiedToTraditional(): Convert {
  const configuration = traditionalTables().Locale.configs['s2t'] as { normalizationChain?: Dictionary[][]; conversionChain: Dictionary[][] } | undefined;
  if (configuration === undefined) throw new Error("opencc-js/cn2t has no 's2t' configuration");
  return compactConverter(...(configuration.normalizationChain ?? []), ...configuration.conversionChain);
}

let variantTables: { fromHongKong: Convert; fromTaiwan: Convert; toHongKong: Convert; toTaiwan: Convert } | undefined;

/** Characters a standard writes its own way (HK 綫/裏/着, TW 線/裡/著) show which one the asker uses. */
function variantSignals(text: string): { hk: number; tw: number } {
  // OpenCC's variant tables alone (hk↔t, tw↔t), a few hundred entries each, cheap to build.
  variantTables ??= {
    fromHongKong: toSimplifiedTables.Converter({ from: 'hk', to: 't' }),
    fromTaiwan: toSimplifiedTables.Converter({ from: 'tw', to: 't' }),
    toHongKong: traditionalTables().Converter({ from: 't', to: 'hk' }),
    toTaiwan: traditionalTables().Converter({ from: 't', to: 'tw' }),
  };
  const { fromHongKong, fromTaiwan, toHongKong, toTaiwan } = variantTables;
  // OpenCC's own standard first (裡 → 裏, 綫 → 線), then each region's form of it.
  const standard = fromTaiwan(fromHongKong(text));
  const asHongKong = toHongKong(standard);
  const asTaiwan = toTaiwan(standard);
  let hk = 0;
  let tw = 0;
  if (asHongKong.length !== text.length || asTaiwan.length !== text.length) return { hk, tw };
  for (let index = 0; index < text.length; index += 1) {
    const [written, hkForm, twForm] = [text[index], asHongKong[index], asTaiwan[index]];
    if (hkForm === twForm) continue;
    if (written === hkForm) hk += 1;
    else if (written === twForm) tw += 1;
  }
  return { hk, tw };
}

let simplifiedOnly: ReadonlySet<string> | undefined;

/** `key value value|key value|…`, the form of OpenCC's tables in opencc-js: each entry's words. */
function tableEntries(table: unknown): string[][] {
  return typeof table === 'string' ? table.split('|').map((entry) => entry.split(' ')) : [];
}

/**
 * Characters only simplified Chinese uses (园, 业, 苏), from OpenCC's own tables: the simplified side of
 * its simplified→traditional character table, less every character some traditional text writes too —
 * the traditional side of its phrase table (批准, 公里, 游泳, 占卜 keep 准, 里, 游, 占) and the Hong Kong
 * and Taiwan variant tables (床 for 牀). A set of a few thousand characters, built once; the converter
 * built from the same tables would hold ~8 MB.
 */
function simplifiedOnlyCharacters(): ReadonlySet<string> {
  if (simplifiedOnly !== undefined) return simplifiedOnly;
  const { from: fromSimplified } = traditionalTables().Locale;
  const { from: fromTraditional } = toSimplifiedTables.Locale;
  const to = traditionalTables().Locale.to;
  const simplifiedToTraditional = (fromSimplified['cn'] ?? []).flat().map(tableEntries);
  const traditional = new Set<string>();
  for (const entries of simplifiedToTraditional)
    for (const [, ...written] of entries) for (const word of written) for (const character of word) traditional.add(character);
  // What the variant tables write: Hong Kong's and Taiwan's forms, and OpenCC's standard forms of them.
  for (const table of [...(to['hk'] ?? []), ...(to['tw'] ?? []), ...(fromTraditional['hk'] ?? []), ...(fromTraditional['tw'] ?? [])].flat()) {
    // Character entries only: the phrase tables hold oddities such as `这么 这麼`.
    for (const [key, ...written] of tableEntries(table))
      if (key !== undefined && [...key].length === 1) for (const word of written) for (const character of word) traditional.add(character);
  }
  const set = new Set<string>();
  for (const entries of simplifiedToTraditional) {
    for (const [simplified] of entries) if (simplified !== undefined && [...simplified].length === 1 && !traditional.has(simplified)) set.add(simplified);
  }
  simplifiedOnly = set;
  return set;
}

/** The characters of `text` that only simplified Chinese uses (园, 业, 苏), in order: none in a traditional-script answer. */
export function simplifiedOnlyIn(text: string): string[] {
  const simplifiedCharacters = simplifiedOnlyCharacters();
  return [...text].filter((character) => simplifiedCharacters.has(character));
}

/**
 * The traditional variant a Chinese question is written in, or null when it is simplified (or has no
 * Chinese). Traditional when it has more traditional-only characters (園, 業, 蘇) than simplified-only
 * ones (园, 业, 苏): a simplified question with a stray traditional character stays simplified. Hong Kong
 * or Taiwan when its characters say so (綫, 裏, 着 are Hong Kong's; 線, 裡, 著 Taiwan's), else generic traditional.
 */
export function traditionalVariantOf(question: string): TraditionalVariant | null {
  if (!cjk.test(question)) return null;
  const simplified = toSimplified(question);
  if (simplified === question) return null;
  const simplifiedCharacters = simplifiedOnlyCharacters();
  let traditionalCount = 0;
  let simplifiedCount = 0;
  const characters = [...question];
  const simplifiedCharactersOfQuestion = [...simplified];
  const aligned = characters.length === simplifiedCharactersOfQuestion.length;
  characters.forEach((character, index) => {
    if (simplifiedCharacters.has(character)) simplifiedCount += 1;
    else if (aligned && simplifiedCharactersOfQuestion[index] !== character) traditionalCount += 1;
  });
  if (!aligned) traditionalCount += 1;
  if (traditionalCount <= simplifiedCount) return null;
  const { hk, tw } = variantSignals(question);
  return hk > tw ? 'hk' : tw > hk ? 'tw' : 't';
}

/** Simplified (or mixed) Chinese → the traditional variant; other text passes through unchanged. */
export function toTraditional(text: string, variant: TraditionalVariant): string {
  const base = (toTraditionalBase ??= simplifiedToTraditional());
  let convert = variantConverters.get(variant);
  if (convert === undefined) {
    // OpenCC's cn→hk and cn→tw presets are cn→t followed by the variant table: one phrase dictionary serves all three.
    const variantTable = variant === 't' ? null : traditionalTables().Converter({ from: 't', to: variant });
    const made: Convert = variantTable === null ? base : (input: string) => variantTable(base(input));
    variantConverters.set(variant, made);
    convert = made;
  }
  return convert(text);
}
