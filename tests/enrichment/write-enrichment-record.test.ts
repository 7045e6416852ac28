import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnrichmentReply } from '../../src/enrichment/enrich-chunks.ts';
import { chunkTextHash, type EnrichmentRecord } from '../../src/enrichment/enrichment-record.ts';
import { splitChineseSentences } from '../../src/enrichment/enrichment-prompt.ts';
import { writeEnrichmentRecord } from '../../src/enrichment/write-enrichment-record.ts';

const record = (id: string, en: string): EnrichmentRecord => ({
  id,
  hash: chunkTextHash(id),
  titleEn: 'Overview',
  sentences: [{ zh: '园区。', en }],
  questions: { zh: [], en: [] },
  aliases: [],
});

describe('writeEnrichmentRecord', () => {
  it('replaces the line with the same id, adds new ones in chunk order, and keeps lines it does not understand', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'enrichment-write-')), 'doc.jsonl');
    await writeFile(file, [JSON.stringify(record('doc#3', 'old three')), '{not json', JSON.stringify(record('gone#1', 'orphan'))].join('\n') + '\n');
    writeEnrichmentRecord(file, record('doc#3', 'new three'), ['doc#1', 'doc#2', 'doc#3']);
    writeEnrichmentRecord(file, record('doc#1', 'one'), ['doc#1', 'doc#2', 'doc#3']);
    const lines = (await readFile(file, 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => (line.startsWith('{"') ? (JSON.parse(line) as EnrichmentRecord).sentences[0]?.en : line))).toEqual([
      'one',
      'new three',
      'orphan',
      '{not json',
    ]);
  });
});

describe('parseEnrichmentReply', () => {
  it('reads {"records": [...]}, a bare array, and JSON inside a code fence', () => {
    expect(parseEnrichmentReply('{"records": [{"id": "a"}]}')).toEqual({ records: [{ id: 'a' }] });
    expect(parseEnrichmentReply('[{"id": "a"}]')).toEqual({ records: [{ id: 'a' }] });
    expect(parseEnrichmentReply('Here you go:\n```json\n{"records": []}\n```')).toEqual({ records: [] });
  });

  it('says what is wrong with a reply that is not the JSON asked for', () => {
    expect(parseEnrichmentReply('I cannot help with that.')).toEqual({ error: expect.stringMatching(/not JSON/) });
    expect(parseEnrichmentReply('{"records": [')).toEqual({ error: expect.stringMatching(/not valid JSON/) });
    expect(parseEnrichmentReply('{"items": []}')).toEqual({ error: expect.stringMatching(/no "records" array/) });
  });
});

describe('splitChineseSentences', () => {
  it('cuts after 。！？； and closing quotes, and the pieces concatenate to the text', () => {
    const text = '他说：“园区很好。”企业增加；产值增长！还有吗？最后一句';
    expect(splitChineseSentences(text)).toEqual(['他说：“园区很好。”', '企业增加；', '产值增长！', '还有吗？', '最后一句']);
    expect(splitChineseSentences(text).join('')).toBe(text);
  });
});
