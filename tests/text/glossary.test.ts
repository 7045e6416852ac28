import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChunks } from '../../src/ingest/build-index.ts';
import { glossaryChineseTerms, loadGlossary } from '../../src/text/glossary.ts';

const corpusDir = join(import.meta.dirname, '../../corpus');
const glossary = loadGlossary(join(corpusDir, 'glossary.json'));
const indexed = buildChunks(corpusDir)
  .chunks.map((chunk) => `${chunk.title}${chunk.text}`)
  .join('\n')
  .replace(/\s+/g, '');

describe('the bilingual glossary', () => {
  it('has at least 150 names, each with an English name', () => {
    expect(glossary.length).toBeGreaterThanOrEqual(150);
    for (const entry of glossary) expect(entry.en.length, entry.zh).toBeGreaterThan(0);
  });

  it('uses only names that occur in the cleaned, indexed text', () => {
    const missing = glossaryChineseTerms(glossary).filter((term) => !indexed.includes(term.replace(/\s+/g, '')));
    expect(missing).toEqual([]);
  });

  it('contains nothing from the web page junk or personal names of its contact block', () => {
    const text = JSON.stringify(glossary);
    for (const junk of ['马鞍山', '葛毅明', '临港', '九洲']) expect(text).not.toContain(junk);
  });

  it('has the names investors type', () => {
    const english = new Set(glossary.flatMap((entry) => entry.en.map((name) => name.toLowerCase())));
    for (const name of ['sip', 'biobay', 'nano city', 'innovent', 'zai lab', 'aispeech', 'a*star', 'gusu lab']) expect(english.has(name), name).toBe(true);
  });
});
