import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkTextHash } from '../../src/enrichment/enrichment-record.ts';
import { describeEnrichmentStatus, matchEnrichment } from '../../src/enrichment/match-enrichment.ts';
import type { Chunk } from '../../src/index-store/chunk.ts';
import { testChunk } from '../fixtures/test-chunk.ts';

const chunk = (id: string, text: string): Chunk => testChunk(id, text, { title: '【概况】', kind: 'entry' });
const entry = (id: string, text: string, pieces: string[], hash = chunkTextHash(text)) =>
  JSON.stringify({
    id,
    hash,
    titleEn: 'Overview',
    sentences: pieces.map((zh, index) => ({ zh, en: `Sentence ${index + 1}.` })),
    questions: { zh: ['问？'], en: ['Q?'] },
    aliases: [],
  });

describe('matchEnrichment', () => {
  const a = chunk('doc#1', '园区有3150家企业。产值2494亿元。');
  const b = chunk('doc#2', '纳米城占地约100万平方米。');
  const c = chunk('doc#3', '另一段。');

  it('uses an entry whose id and text hash match, and counts stale, missing and orphaned entries', () => {
    const text = [
      entry('doc#1', a.text, ['园区有3150家企业。', '产值2494亿元。']),
      // Written for the text before a figure changed: stale.
      entry('doc#2', '纳米城占地约90万平方米。', ['纳米城占地约90万平方米。']),
      entry('gone#9', '旧文本。', ['旧文本。']),
      '{not json',
    ].join('\n');
    const { byId, status } = matchEnrichment([a, b, c], [{ file: 'enrichment/doc.jsonl', text }]);
    expect([...byId.keys()]).toEqual(['doc#1']);
    expect(status).toMatchObject({ chunks: 3, matched: 1, stale: ['doc#2'], missing: ['doc#3'], orphaned: ['gone#9'] });
    expect(status.problems).toEqual([expect.objectContaining({ file: 'enrichment/doc.jsonl', line: 4 })]);
    const lines = describeEnrichmentStatus(status).join('\n');
    expect(lines).toContain('English editions: 1 of 3 passages (1 stale, 1 missing)');
    expect(lines).toMatch(/stale .*doc#2/);
    expect(lines).toMatch(/missing .*doc#3/);
  });

  it('treats an entry whose Chinese pieces no longer rebuild the text as stale, even with the right hash', () => {
    const { status } = matchEnrichment([a], [{ file: 'x.jsonl', text: entry('doc#1', a.text, ['园区有3150家企业。']) }]);
    expect(status.stale).toEqual(['doc#1']);
  });
});

describe('the shipped enrichment', () => {
  it('is current for every passage of the shipped corpus', async () => {
    const { buildChunks } = await import('../../src/ingest/build-index.ts');
    const corpus = buildChunks(new URL('../../corpus', import.meta.url).pathname);
    const { status } = matchEnrichment(corpus.chunks, corpus.enrichmentFiles);
    expect(corpus.enrichmentFiles.length).toBe(5);
    expect(status).toMatchObject({ matched: corpus.chunks.length, stale: [], missing: [], orphaned: [], problems: [] });
    expect(readFileSync(new URL('../../corpus/enrichment/README.md', import.meta.url), 'utf8')).toContain('sentences');
  });
});
