import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEnrichment, checkRecord, figureProblems, formatProblem, type EnrichmentRule } from '../../src/enrichment/check-enrichment.ts';
import { chunkTextHash, type EnrichmentRecord } from '../../src/enrichment/enrichment-record.ts';
import { enrichmentDir, readEnrichmentDir } from '../../src/enrichment/read-enrichment-dir.ts';
import type { Chunk } from '../../src/index-store/chunk.ts';
import { buildChunks } from '../../src/ingest/build-index.ts';
import { loadGlossary, type GlossaryEntry } from '../../src/text/glossary.ts';

function chunk(text: string, id = 'doc#1'): Chunk {
  return { id, docId: 'doc', title: '【概况】', section: [], year: 2020, lang: 'zh', text, start: 0, end: text.length, kind: 'entry' };
}

const sixQuestions = { zh: ['一？', '二？', '三？', '四？', '五？', '六？'], en: ['1?', '2?', '3?', '4?', '5?', '6?'] };

function record(sentences: Array<[string, string]>, overrides: Partial<EnrichmentRecord> = {}): EnrichmentRecord {
  const text = sentences.map(([zh]) => zh).join('');
  return {
    id: 'doc#1',
    hash: chunkTextHash(text),
    titleEn: 'Overview',
    sentences: sentences.map(([zh, en]) => ({ zh, en })),
    questions: sixQuestions,
    aliases: [],
    ...overrides,
  };
}

/** The rules broken by one sentence pair checked as a whole record. */
function rulesOf(zh: string, en: string, glossary: GlossaryEntry[] = []): EnrichmentRule[] {
  return checkRecord(chunk(zh), record([[zh, en]]), glossary).map((problem) => problem.rule);
}

describe('checkRecord: alignment and form', () => {
  it('passes a faithful record', () => {
    const sentences: Array<[string, string]> = [
      ['2020年，园区新增企业3150家。', 'In 2020, SIP gained 3,150 new companies.'],
      ['产值增长21.9%。', 'Output value grew by 21.9%.'],
    ];
    expect(checkRecord(chunk('2020年，园区新增企业3150家。产值增长21.9%。'), record(sentences), [])).toEqual([]);
  });

  it('reports zh pieces that do not concatenate to the chunk text, with the place they differ', () => {
    const problems = checkRecord(
      chunk('园区新增企业。产值增长。'),
      record([
        ['园区新增企业。', 'SIP gained companies.'],
        ['产值增长', 'Output grew.'],
      ]),
      [],
    );
    expect(problems.map((problem) => problem.rule)).toContain('alignment');
    expect(problems.find((problem) => problem.rule === 'alignment')?.message).toMatch(/at character 11/);
  });

  it('reports a zh piece that is not the last and does not end a sentence, naming the sentence index', () => {
    const text = '园区新增企业，产值增长。';
    const problems = checkRecord(
      chunk(text),
      record([
        ['园区新增企业，', 'SIP gained companies,'],
        ['产值增长。', 'and output grew.'],
      ]),
      [],
    );
    expect(problems).toEqual([expect.objectContaining({ chunkId: 'doc#1', sentence: 0, rule: 'sentence-end' })]);
    // A closing quote after the full stop still ends the sentence, and the last piece may end anywhere.
    expect(
      checkRecord(
        chunk('他说“好。”然后'),
        record([
          ['他说“好。”', 'He said "good."'],
          ['然后', 'Then'],
        ]),
        [],
      ),
    ).toEqual([]);
  });

  it('reports Chinese characters left in the English, and a piece without English', () => {
    expect(rulesOf('园区新增企业。', 'SIP gained 企业.')).toEqual(['chinese-in-english']);
    expect(rulesOf('园区新增企业。', '  ')).toEqual(['empty-english']);
  });

  it('reports a record whose hash was written for another text as stale', () => {
    const problems = checkRecord(chunk('园区新增企业。'), record([['园区新增企业。', 'SIP gained companies.']], { hash: chunkTextHash('旧文本') }), []);
    expect(problems.map((problem) => problem.rule)).toEqual(['stale']);
  });

  it('wants 6 to 12 questions in each language', () => {
    const zh = '园区新增企业。';
    const few = record([[zh, 'SIP gained companies.']], { questions: { zh: sixQuestions.zh.slice(0, 5), en: sixQuestions.en } });
    const many = record([[zh, 'SIP gained companies.']], { questions: { zh: sixQuestions.zh, en: [...sixQuestions.en, ...sixQuestions.en, '7?'] } });
    expect(checkRecord(chunk(zh), few, []).map(formatProblem)).toEqual(['doc#1: [question-count] 5 zh questions (want 6–12)']);
    expect(checkRecord(chunk(zh), many, []).map(formatProblem)).toEqual(['doc#1: [question-count] 13 en questions (want 6–12)']);
  });
});

describe('figureProblems: every Chinese figure converted, no English figure without a source', () => {
  const pass = (zh: string, en: string) => expect(figureProblems(zh, en), `${zh} → ${en}`).toEqual([]);
  const rules = (zh: string, en: string) => figureProblems(zh, en).map((problem) => problem.rule);

  it('converts 亿 and 万 exactly', () => {
    pass('实现产值1022亿元。', 'Output value reached 102.2 billion yuan.');
    pass('投资5亿元。', 'It invested 500 million yuan.');
    pass('建筑面积33万平方米。', 'The floor area is 330,000 m².');
    pass('引进人才1.5万人。', 'It attracted 15,000 talents.');
    expect(rules('实现产值1022亿元。', 'Output value reached 1,022 billion yuan.')).toEqual(['figure-missing', 'figure-added']);
    expect(rules('建筑面积33万平方米。', 'The floor area is 33,000 m².')).toEqual(['figure-missing', 'figure-added']);
  });

  it('keeps 余/多/超/以上 as "more than"', () => {
    pass('实现产值1000亿余元。', 'Output value was more than 100 billion yuan.');
    pass('企业3000多家。', 'There are over 3,000 companies.');
    pass('占比40%以上。', 'The share is more than 40%.');
    expect(rules('实现产值1000亿余元。', 'Output value was 100 billion yuan.')).toEqual(['approximation']);
    expect(rules('总产值超3000亿元。', 'Total output value was 300 billion yuan.')).toEqual(['approximation']);
  });

  it('keeps 近 as "nearly" and 约 as "about"', () => {
    pass('建设平台近40个。', 'It has built nearly 40 platforms.');
    pass('面积约150万平方米。', 'The area is about 1.5 million m².');
    expect(rules('建设平台近40个。', 'It has built 40 platforms.')).toEqual(['approximation']);
    // 近3年: "the past 3 years".
    pass('近3年引进企业120家。', 'Over the past 3 years it attracted 120 companies.');
    pass('近6个月新增企业15家。', 'In the past 6 months 15 companies were added.');
    expect(rules('面积约150万平方米。', 'The area is 1.5 million m².')).toEqual(['approximation']);
  });

  it('keeps percentages as written', () => {
    pass('增长21.9%。', 'It grew by 21.9%.');
    expect(rules('增长21.9%。', 'It grew by 29.1%.')).toEqual(['figure-missing', 'figure-added']);
  });

  it('converts dates: the month by name, day and year as digits', () => {
    pass('2020年7月3日，大会召开。', 'The conference opened on 3 July 2020.');
    expect(rules('2020年7月3日，大会召开。', 'The conference opened on 3 June 2020.')).toEqual(['month']);
    expect(rules('2020年7月3日，大会召开。', 'The conference opened on 3 July 2021.')).toEqual(['figure-missing', 'figure-added']);
    // 6个月 is a duration, not June.
    pass('历时6个月。', 'It took 6 months.');
  });

  it('reports an English figure the Chinese lacks (an added total or growth rate)', () => {
    expect(rules('园区新增企业3150家。', 'SIP gained 3,150 companies, up 12%.')).toEqual(['figure-added']);
  });

  it('accepts Chinese numerals written as digits or words, and digits that belong to names', () => {
    pass('第十四届大会召开，聚焦三大产业。', 'The 14th conference focused on three industries.');
    pass('“十四五”规划启动。', 'The 14th Five-Year Plan was launched.');
    pass('新冠疫苗和PD-1抑制剂获批。', 'A COVID-19 vaccine and a PD-1 inhibitor were approved.');
    pass('G60科创走廊。', 'The G60 Corridor.');
  });
});

describe('glossary names', () => {
  const glossary: GlossaryEntry[] = [
    { zh: '港交所', en: ['HKEX', 'Hong Kong Stock Exchange'], kind: 'org' },
    { zh: '苏州', en: ['Suzhou'], kind: 'place' },
    { zh: '苏州工业园区', en: ['Suzhou Industrial Park', 'SIP'], kind: 'place' },
    { zh: '创新药', en: ['innovative drugs'], kind: 'term' },
    { zh: '公共技术服务平台', en: ['public technology service platform'], kind: 'term', aliases: ['公共服务平台'] },
  ];

  it('reports a glossary name whose English is not one of its variants', () => {
    expect(rulesOf('信达生物在港交所上市。', 'Innovent listed in Hong Kong.', glossary)).toEqual(['glossary']);
    expect(rulesOf('信达生物在港交所上市。', 'Innovent listed on the Hong Kong Stock Exchange.', glossary)).toEqual([]);
    expect(rulesOf('信达生物在港交所上市。', 'Innovent listed on HKEX.', glossary)).toEqual([]);
  });

  it('accepts a variant in another inflection or hyphenation, not a different name', () => {
    expect(rulesOf('推动创新药研发。', 'It promotes innovative drug development.', glossary)).toEqual([]);
    expect(rulesOf('推动创新药研发。', 'It promotes new medicine development.', glossary)).toEqual(['glossary']);
  });

  it('lets a longer name cover a shorter one inside it, and does not hold an alias to the main name', () => {
    expect(rulesOf('苏州工业园区新增企业。', 'SIP gained companies.', glossary)).toEqual([]);
    expect(rulesOf('建设公共服务平台。', 'It built public service platforms.', glossary)).toEqual([]);
  });
});

describe('checkEnrichment over chunks and records', () => {
  it('reports a chunk without a record, a record without a chunk and a duplicate record', () => {
    const first = chunk('园区新增企业。', 'doc#1');
    const second = chunk('产值增长。', 'doc#2');
    const good = record([['园区新增企业。', 'SIP gained companies.']]);
    const orphan = { ...good, id: 'doc#9' };
    const problems = checkEnrichment([first, second], [good, good, orphan], []);
    expect(problems.map((problem) => `${problem.chunkId} ${problem.rule}`)).toEqual(['doc#1 duplicate', 'doc#2 missing', 'doc#9 unknown-chunk']);
  });
});

describe('the shipped bilingual knowledge base', () => {
  it('has a record for every chunk of the corpus, and every record passes every rule', async () => {
    const corpusDir = join(import.meta.dirname, '../../corpus');
    const { chunks } = buildChunks(corpusDir);
    const { records, problems: fileProblems } = await readEnrichmentDir(enrichmentDir(corpusDir));
    expect(fileProblems).toEqual([]);
    expect(records.length).toBe(chunks.length);
    const problems = checkEnrichment(chunks, records, loadGlossary(join(corpusDir, 'glossary.json')));
    expect(problems.map(formatProblem)).toEqual([]);
  });
});
