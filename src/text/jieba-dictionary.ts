import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * jieba's dictionary without its rare words, as jieba itself ships one (dict.txt.small, ~110,000 words) for
 * smaller memory. The full dictionary's 349,000 words cost ~37 MB resident once jieba has built its tables and
 * ~100–170 ms at every start; this one, ~159,000 words, ~28 MB and ~40–90 ms.
 *
 * Kept:
 * - every word used at least `MIN_FREQUENCY` times in jieba's corpus;
 * - every place (ns) and organisation (nt) name whatever its frequency (「苏州高新区」, seen twice, must stay one name
 *   for "another place" to be told apart);
 * - nouns, set phrases and abbreviations of four characters or more: the documents' own compounds (生物医药, 纳米技术,
 *   发明专利) are rare in jieba's corpus;
 * - every word with Latin letters or digits.
 * The glossary's names are added on top (tokenize.ts). A dropped word's frequency goes to one entry no text can
 * contain, so jieba's total — which every word's score is measured against — is the full dictionary's, and the words
 * both dictionaries hold score exactly as before.
 *
 * Measured on the four readable evaluation sets (EMBEDDING_MODEL=none npm run eval): accuracy and declines unchanged
 * on every set; 3 of 709 answers worded differently. Without the compounds (~120,000 words, ~18 MB) the sets scored the
 * same too, but ~500 of the documents' words (生物医药 among them) were cut in two.
 */
export const MIN_FREQUENCY = 10;
const keptTags = new Set(['ns', 'nt']);
/** Nouns, set phrases (l) and abbreviations (j) of four characters or more: the documents' own compounds (生物医药, 纳米技术, 基因治疗, 发明专利) are rare in jieba's corpus. */
const compoundTags = new Set(['n', 'nz', 'vn', 'l', 'j']);
/** A private-use character: no document or question holds it. */
const droppedMassWord = '\uE000';

export function smallerJiebaDictionary(full: string): string {
  const kept: string[] = [];
  let dropped = 0;
  for (const line of full.split('\n')) {
    if (line.trim() === '') continue;
    const [word = '', frequency = '0', tag = ''] = line.split(' ');
    const count = Number(frequency);
    if (count >= MIN_FREQUENCY || keptTags.has(tag) || /[A-Za-z0-9]/.test(word) || (word.length >= 4 && compoundTags.has(tag))) kept.push(line);
    else dropped += count;
  }
  if (dropped > 0) kept.push(`${droppedMassWord} ${dropped} x`);
  return `${kept.join('\n')}\n`;
}

/**
 * Bumped when the rule above changes in a way its settings below do not show, so a cached dictionary made by another
 * rule is not used (the settings themselves are part of the cache's name).
 */
const RULE_VERSION = 3;

/**
 * The smaller dictionary, made from the installed jieba's dict.txt once and kept in .cache/jieba/ (named by
 * the source file and the rule), so later starts read 1.7 MB instead of filtering 5 MB. Where the
 * folder cannot be written (a read-only image), it is made in memory at every start instead.
 */
export function readJiebaDictionary(cacheDir = fileURLToPath(new URL('../../.cache/jieba/', import.meta.url))): Buffer {
  const sourcePath = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt');
  // Named by the source file's size and time (a stat, not a read of its 5 MB) and the rule and its settings.
  const { size, mtimeMs } = statSync(sourcePath);
  const key = createHash('sha256')
    .update(`${sourcePath} ${size} ${mtimeMs} rule ${RULE_VERSION} min ${MIN_FREQUENCY} ${[...keptTags]} ${[...compoundTags]}`)
    .digest('hex')
    .slice(0, 16);
  const cached = join(cacheDir, `dict-small-${key}.txt`);
  try {
    return readFileSync(cached);
  } catch {
    // Not made yet (or unreadable): make it below.
  }
  const smaller = Buffer.from(smallerJiebaDictionary(readFileSync(sourcePath, 'utf8')));
  try {
    mkdirSync(cacheDir, { recursive: true });
    // Written beside and renamed: a process starting meanwhile reads the old state or the whole file.
    const temporary = `${cached}.${process.pid}.tmp`;
    writeFileSync(temporary, smaller);
    renameSync(temporary, cached);
    // Dictionaries made by another rule or from another jieba are not read again.
    for (const name of readdirSync(cacheDir))
      if (name.startsWith('dict-small-') && name.endsWith('.txt') && join(cacheDir, name) !== cached) rmSync(join(cacheDir, name), { force: true });
  } catch {
    // A read-only folder: the dictionary made in memory serves this process.
  }
  return smaller;
}
