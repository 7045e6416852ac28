import { describe, expect, it } from 'vitest';
import { chunkTextHash, type EnrichmentRecord } from '../../src/enrichment/enrichment-record.ts';
import type { Chunk } from '../../src/index-store/chunk.ts';
import { buildEnrichmentFields } from '../../src/retrieval/enrichment-fields.ts';
import { englishAnalyzer, englishQueryTerms } from '../../src/retrieval/english-analyzer.ts';
import { LexicalIndex } from '../../src/retrieval/lexical-index.ts';
import { createRetriever, type QueryBridge } from '../../src/retrieval/retriever.ts';
import { createTokenizer } from '../../src/text/tokenize.ts';
import { testChunk } from '../fixtures/test-chunk.ts';

const chunk = (id: string, text: string): Chunk => testChunk(id, text, { docId: 'doc', title: '【概况】', kind: 'entry' });
const record = (of: Chunk, en: string, questions: { zh: string[]; en: string[] }, aliases: string[][] = []): EnrichmentRecord => ({
  id: of.id,
  hash: chunkTextHash(of.text),
  titleEn: 'Overview',
  sentences: [{ zh: of.text, en }],
  questions,
  aliases,
});

const chips = chunk('doc#1', '园区集成电路设计企业达到120家，营业收入增长15%。');
const listing = chunk('doc#2', '信达生物于2018年在香港联交所上市。');
const park = chunk('doc#3', '园区科技创新平台建设持续推进，新增研发机构10家。');
const other = chunk('doc#4', '园区生物医药企业持续增长，产值提升。');
const chunks = [chips, listing, park, other];
const records = new Map([
  [
    chips.id,
    record(chips, 'SIP had 120 integrated circuit design companies, whose revenue grew 15%.', {
      zh: ['园区有多少家芯片设计公司？'],
      en: ['How many chip design firms does SIP have?'],
    }),
  ],
  [
    listing.id,
    record(listing, 'Innovent was listed on the Hong Kong Stock Exchange in 2018.', { zh: ['信达什么时候上市？'], en: ['When did Innovent go public?'] }, [
      ['港交所', '香港联交所', 'HKEX', 'Hong Kong Stock Exchange'],
    ]),
  ],
  [
    park.id,
    record(park, "SIP's science and technology innovation platforms kept growing, with 10 new R&D institutions.", {
      zh: ['园区新增了多少研发机构？'],
      en: ['How many new research institutes opened?'],
    }),
  ],
]);
const tokenizer = createTokenizer();
/** A bridge that knows no English word: what today's retrieval does with wording the dictionary lacks. */
const silentBridge: QueryBridge = { bridge: () => ({ terms: [], names: [] }) };

function retriever(withFields: boolean) {
  return createRetriever({
    chunks,
    lexical: LexicalIndex.build(chunks, tokenizer),
    tokenizer,
    bridge: silentBridge,
    glossaryNames: new Set(),
    fields: withFields ? buildEnrichmentFields(chunks, records, tokenizer) : null,
  });
}

describe('the English analyzer', () => {
  it('drops stop words, stems, keeps numbers without thousands commas, spells British words the American way', () => {
    expect(englishAnalyzer.tokenize('How many companies had 3,150 approvals in the R&D centres?')).toEqual(['compani', '3150', 'approv', 'rd', 'center']);
    // The park's own name ranks nothing.
    expect(englishQueryTerms('What is SIP?')).toEqual([{ term: 'sip', weight: 0.2 }]);
  });
});

describe('retrieval over the enrichment fields', () => {
  it('an English question finds the passage through its English edition and questions, where the bridge finds nothing', async () => {
    expect((await retriever(false).retrieve('How many chip design companies are there?')).hits).toEqual([]);
    const result = await retriever(true).retrieve('How many chip design companies are there?');
    expect(result.hits[0]?.chunk.id).toBe(chips.id);
    expect((await retriever(true).retrieve('Which firm listed on the HKEX?')).hits[0]?.chunk.id).toBe(listing.id);
  });

  it('a Chinese question finds a passage by an alias its text does not use (港交所 for 香港联交所)', async () => {
    const without = await retriever(false).retrieve('哪家公司在港交所挂牌？');
    expect(without.hits.map((hit) => hit.chunk.id)).not.toContain(listing.id);
    const withFields = await retriever(true).retrieve('哪家公司在港交所挂牌？');
    expect(withFields.hits[0]?.chunk.id).toBe(listing.id);
  });

  it('passages without an entry are still found by their Chinese text, ranked as without the fields', async () => {
    expect((await retriever(true).retrieve('生物医药企业产值')).hits[0]?.chunk.id).toBe(other.id);
    // 企业 is in doc#1's text and its Chinese questions; doc#4 (no entry) matches the question better in its text.
    const question = '生物医药企业持续增长吗？';
    const plain = (await retriever(false).retrieve(question)).hits.map((hit) => hit.chunk.id);
    expect(plain[0]).toBe(other.id);
    expect((await retriever(true).retrieve(question)).hits[0]?.chunk.id).toBe(other.id);
  });
});
