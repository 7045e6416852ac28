import { describe, expect, it } from 'vitest';
import { chunkTextHash, type EnrichmentRecord } from '../../src/enrichment/enrichment-record.ts';
import { composeAnswer, findConflict, type CitedEvidence } from '../../src/generation/compose-answer.ts';
import type { Evidence } from '../../src/evidence/select-evidence.ts';
import type { Chunk } from '../../src/index-store/chunk.ts';
import { testChunk } from '../fixtures/test-chunk.ts';

const chunk = (id: string, text: string, year = 2020): Chunk => testChunk(id, text, { title: '【概况】', year, kind: 'entry' });
function cited(of: Chunk, sentence: string, n: number): CitedEvidence {
  const evidence: Evidence = {
    hit: { chunk: of, score: 1, lexicalRank: 0, denseRank: null, matched: [] },
    sentence,
    excerpt: sentence,
    coverage: 1,
    score: 1,
    position: 0,
    context: sentence,
    previous: '',
  };
  return { evidence, n, documentTitle: { zh: '年鉴', en: 'SIP Yearbook' } };
}
/** A passage's English edition: one piece per [Chinese, English] pair, the Chinese pieces making up its text. */
function edition(of: Chunk, pieces: Array<[zh: string, en: string]>, titleEn = 'Overview'): EnrichmentRecord {
  return {
    id: of.id,
    hash: chunkTextHash(of.text),
    titleEn,
    sentences: pieces.map(([zh, en]) => ({ zh, en })),
    questions: { zh: [], en: [] },
    aliases: [],
  };
}

describe('findConflict', () => {
  const yearbook = chunk('a#1', '2020年，生物医药产业全年实现产值1022亿元。');
  const feature = chunk('b#1', '2020年，生物医药产业产值达1000亿余元。');
  const aiYearbook = chunk('a#2', '2020年，人工智能产业全年实现产值462亿元。');
  const aiFeature = chunk('b#2', '2020年，人工智能产业实现产业产值650亿余元。');

  it('takes an approximate figure (1000亿余元) and an exact one within it (1022亿元) as agreeing', () => {
    expect(findConflict([cited(yearbook, yearbook.text, 1), cited(feature, feature.text, 2)])).toBe(false);
  });

  it('flags figures no reading makes the same (462亿元 vs 650亿余元)', () => {
    expect(findConflict([cited(aiYearbook, aiYearbook.text, 1), cited(aiFeature, aiFeature.text, 2)])).toBe(true);
  });

  it('does not take figures of different measures, subjects or a listed total as disagreeing', () => {
    // Different measures of the same year and unit: companies in total vs companies recognised.
    const total = chunk('f#1', '2020年，园区生物医药、纳米技术应用、人工智能三大新兴产业企业总计3150家，实现产值2494亿元。');
    const recognised = chunk('g#1', '2020年，分4批认定科技企业59家。');
    expect(findConflict([cited(total, total.text, 1), cited(recognised, recognised.text, 2)])).toBe(false);
    // A total over a listed group is not the figure of one of its members (2494亿元 vs AI's 462亿元).
    expect(findConflict([cited(total, total.text, 1), cited(aiYearbook, aiYearbook.text, 2)])).toBe(false);
    // The same measure of different subjects: biomedicine's output vs the three industries' output.
    const biomedicine = chunk('h#1', '目前，园区聚集各类生物医药企业超2000家，2021年生物医药产业产值达1177亿元。', 2021);
    const three = chunk('i#1', '2021年，三大新兴产业总产值突破3000亿元。', 2021);
    expect(findConflict([cited(biomedicine, biomedicine.text, 1), cited(three, three.text, 2)])).toBe(false);
    // Different measures in the same unit: construction funding vs investment.
    const funding = chunk('j#1', '实验室总部规划用地33万平方米，10年内总建设经费200亿元。');
    const invested = chunk('k#1', '创新载体方面，园区投资近100亿元，建成载体超800万平方米。');
    expect(findConflict([cited(funding, funding.text, 1), cited(invested, invested.text, 2)])).toBe(false);
  });

  it('reads 近 and 约 as ranges too', () => {
    const near = chunk('c#1', '2020年，纳米技术应用产业产值近1000亿元。');
    const exact = chunk('d#1', '2020年，纳米技术应用产业产值980亿元。');
    const far = chunk('e#1', '2020年，纳米技术应用产业产值700亿元。');
    expect(findConflict([cited(near, near.text, 1), cited(exact, exact.text, 2)])).toBe(false);
    expect(findConflict([cited(near, near.text, 1), cited(far, far.text, 2)])).toBe(true);
  });
});

describe('English answers from the English edition', () => {
  const text = '园区加强个性化服务。全年实现产值1022亿元；新增临床批件100个。';
  const passage = chunk('y#1', text);
  const record = edition(passage, [
    ['园区加强个性化服务。', 'SIP stepped up tailored services.'],
    // One English sentence for the two Chinese ones after it: an explicit merge.
    ['全年实现产值1022亿元；新增临床批件100个。', 'Output for the year was 102.2 billion yuan, and 100 new clinical approvals were granted.'],
  ]);
  const englishOf = (of: Chunk) => (of.id === passage.id ? record : undefined);

  it('writes the aligned English sentences with their markers, the asked figure first, no Chinese', () => {
    const answer = composeAnswer([cited(passage, '园区加强个性化服务。', 1), cited(passage, '全年实现产值1022亿元；', 1)], 'en', [], {
      englishOf,
      figureAsked: true,
    });
    expect(answer).toBe('Output for the year was 102.2 billion yuan, and 100 new clinical approvals were granted [1]. SIP stepped up tailored services [1].');
  });

  it('gives a merged piece once, however many of its Chinese sentences were chosen', () => {
    const answer = composeAnswer([cited(passage, '全年实现产值1022亿元；', 1), cited(passage, '新增临床批件100个。', 1)], 'en', [], { englishOf });
    expect(answer).toBe('Output for the year was 102.2 billion yuan, and 100 new clinical approvals were granted [1].');
  });

  it('restates evidence from a passage without an English edition as before, quoting only its Chinese', () => {
    const other = chunk('z#1', '2020年，纳米技术应用产业增长25%。');
    const answer = composeAnswer([cited(passage, '全年实现产值1022亿元；', 1), cited(other, other.text, 2)], 'en', [], { englishOf });
    expect(answer.startsWith('Output for the year was 102.2 billion yuan')).toBe(true);
    expect(answer).toContain('25%');
    expect(answer).toContain('Source text (Chinese): 「2020年，纳米技术应用产业增长25%。」[2]');
    expect(answer).not.toContain('「全年');
  });
});

describe('an English answer that would open with "It"', () => {
  const text = '园区新增创新联合体4家。新增市级创新联合体21家。纳米城占地1平方公里。这里有500多家企业。';
  const passage = chunk('n#1', text);
  const record = edition(
    passage,
    [
      ['园区新增创新联合体4家。', 'So far, SIP has 4 provincial innovation consortia.'],
      ['新增市级创新联合体21家。', 'It has also set up 21 municipal consortia.'],
      ['纳米城占地1平方公里。', 'Nanopolis Suzhou covers 1 km².'],
      ['这里有500多家企业。', 'It is home to more than 500 companies.'],
    ],
    'Consortia',
  );
  const englishOf = (of: Chunk) => (of.id === passage.id ? record : undefined);

  it('names the park when the sentence before is about the park', () => {
    expect(composeAnswer([cited(passage, '新增市级创新联合体21家。', 1)], 'en', [], { englishOf })).toBe('SIP has also set up 21 municipal consortia [1].');
  });

  it('puts the sentence it refers to before it otherwise', () => {
    expect(composeAnswer([cited(passage, '这里有500多家企业。', 1)], 'en', [], { englishOf })).toBe(
      'Nanopolis Suzhou covers 1 km². It is home to more than 500 companies [1].',
    );
  });

  it('"Of this…" also refers back: the sentence before comes first', () => {
    const splitText = '科技园建筑面积78万平方米。其中，一至四期31万平方米。';
    const split = chunk('s#1', splitText);
    const splitRecord = edition(split, [
      ['科技园建筑面积78万平方米。', 'The science park has a floor area of 780,000 m².'],
      ['其中，一至四期31万平方米。', 'Of this, Phases 1 to 4 have 310,000 m².'],
    ]);
    expect(composeAnswer([cited(split, '其中，一至四期31万平方米。', 1)], 'en', [], { englishOf: () => splitRecord })).toBe(
      'The science park has a floor area of 780,000 m². Of this, Phases 1 to 4 have 310,000 m² [1].',
    );
  });

  it('puts the sentences before it back to the one it refers to, when the one before refers back too', () => {
    const text = '2020年，研究院引进研发团队80人。建设公共技术平台。启动研发项目6个。';
    const institute = testChunk('r#1', text, { title: '【研究院】', kind: 'paragraph' });
    const record = edition(institute, [
      ['2020年，研究院引进研发团队80人。', 'In 2020, the institute built up an R&D team of 80 people.'],
      ['建设公共技术平台。', 'It built public technology platforms.'],
      ['启动研发项目6个。', 'It launched 6 R&D projects.'],
    ]);
    expect(composeAnswer([cited(institute, '启动研发项目6个。', 1)], 'en', [], { englishOf: () => record })).toBe(
      'In 2020, the institute built up an R&D team of 80 people. It built public technology platforms. It launched 6 R&D projects [1].',
    );
  });

  it('the sentence that answers best leads, though the evidence reads in document order', () => {
    const text = '2020年，三大新兴产业实现产值2494亿元。生物医药产业全年实现产值1022亿元。';
    const yearbook = chunk('y#1', text);
    const record = edition(yearbook, [
      ['2020年，三大新兴产业实现产值2494亿元。', "In 2020, SIP's three emerging industries had an output value of 249.4 billion yuan."],
      ['生物医药产业全年实现产值1022亿元。', "The biomedical industry's output value for the year was 102.2 billion yuan."],
    ]);
    const background = cited(yearbook, '2020年，三大新兴产业实现产值2494亿元。', 1);
    const best = cited(yearbook, '生物医药产业全年实现产值1022亿元。', 1);
    best.evidence.score = 2;
    expect(composeAnswer([background, best], 'en', [], { englishOf: () => record, figureAsked: true })).toBe(
      "The biomedical industry's output value for the year was 102.2 billion yuan [1]. In 2020, SIP's three emerging industries had an output value of 249.4 billion yuan [1].",
    );
    // Between near-equals the document's order stands.
    best.evidence.score = 1.1;
    expect(composeAnswer([background, best], 'en', [], { englishOf: () => record, figureAsked: true })).toMatch(/^In 2020, SIP's three emerging industries/);
  });

  it('in a yearbook entry that is "It" throughout, the park is the subject', () => {
    const entryText = '新增临床批件100个。新增注册证45张。';
    const entry = chunk('e#2', entryText);
    expect(entry.kind).toBe('entry');
    const entryRecord = edition(entry, [
      ['新增临床批件100个。', 'It received 100 new clinical trial approvals.'],
      ['新增注册证45张。', 'It gained 45 new certificates.'],
    ]);
    expect(composeAnswer([cited(entry, '新增注册证45张。', 1)], 'en', [], { englishOf: () => entryRecord })).toBe('SIP gained 45 new certificates [1].');
  });
});
