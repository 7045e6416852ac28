import { describe, expect, it } from 'vitest';
import {
  answerNumbers,
  citationPrecision,
  declinePrecision,
  declineRecall,
  evidenceContained,
  evidenceRank,
  evidenceRecall,
  factAccuracy,
  factPass,
  factRecall,
  hitAtK,
  isWrittenIn,
  languageMatch,
  scriptMatch,
  percentile,
  reciprocalRank,
  supportingCitations,
} from '../../src/eval/metrics.ts';
import { normalizeForEvidence, normalizeForFacts } from '../../src/eval/normalize.ts';
import { readsAsProse } from '../../src/eval/metrics.ts';

const passage =
  '2020年，园区生物医药、纳米技术应用、人工智能三大新兴产业企业总计3150家，实现产值2494亿元，增长21.9%。全年实现产值1022亿元，新增一类新药临床批件100个。';

describe('normalizeForFacts', () => {
  it('turns full-width digits and letters half-width, lower-cases, drops spaces and thousands separators', () => {
    expect(normalizeForFacts('１０２２亿')).toBe('1022亿');
    expect(normalizeForFacts('102.2 Billion')).toBe('102.2billion');
    expect(normalizeForFacts('3,150 companies')).toBe('3150companies');
    expect(normalizeForFacts('３，１５０家')).toBe('3150家');
    expect(normalizeForFacts('“PD–1”')).toBe('"pd-1"');
  });

  it('reads a British date and an SI area symbol the same as the US date and the words', () => {
    expect(factPass('It was held in SIP from 2 to 4 November 2020 [1].', ['November 2'])).toBe(true);
    expect(factPass('On 26 July 2019, the institute was set up [1].', ['July 26'])).toBe(true);
    expect(factPass('It covers about 1 million m² [1].', ['1 million square'])).toBe(true);
    expect(factPass('It covers about 1 million m² [1].', ['1 million square kilometres'])).toBe(false);
    expect(factPass('On 26 July 2019 [1].', ['July 2'])).toBe(false);
  });

  it('reads a hyphenated English compound the same as its open spelling, and keeps hyphens between digits', () => {
    expect(factPass('meets, in one stop, companies’ needs [1].', ['one-stop'])).toBe(true);
    expect(factPass('a hi-tech park [1].', ['hi tech park'])).toBe(true);
    expect(factPass('a world-class, open and innovative high-tech park [1].', ['world-class high-tech park'])).toBe(false);
    expect(normalizeForFacts('PD-1 in 2020-2022')).toBe('pd-1in2020-2022');
  });

  it('keeps two numbers apart when only a space separates them', () => {
    expect(normalizeForFacts('in 2020 3150 firms')).toBe('in2020 3150firms');
    expect(normalizeForFacts('in 2020. 100 firms')).toBe('in2020. 100firms');
  });
});

describe('factPass', () => {
  it('accepts any variant of a fact after normalisation', () => {
    expect(factPass('全年实现产值１０２２亿元 [1]', ['1022亿', '102.2 billion'])).toBe(true);
    expect(factPass('Output reached RMB 102.2 Billion in 2020 [1].', ['1022亿', '102.2 billion'])).toBe(true);
    expect(factPass('There were 3,150 enterprises.', ['3150家', '3150'])).toBe(true);
    expect(factPass('共有3150家企业', ['3,150'])).toBe(true);
    expect(factPass('Output was 102.2 billion yuan', ['１０２.２ billion'])).toBe(true);
  });

  it('does not accept a number inside a longer number', () => {
    expect(factPass('新增临床批件1000个', ['100个', '100'])).toBe(false);
    expect(factPass('产值1022.5亿元', ['1022'])).toBe(false);
    expect(factPass('增长121.9%', ['21.9%'])).toBe(false);
    expect(factPass('In 2020, 100 approvals were added.', ['100'])).toBe(true);
    expect(factPass('It was founded in 2020.', ['2020'])).toBe(true);
  });

  it('compares across Chinese scripts', () => {
    expect(factPass('園區生物醫藥產業', ['生物医药'])).toBe(true);
  });

  it('fails when no variant is present', () => {
    expect(factPass('产值2494亿元', ['1022亿', '102.2 billion'])).toBe(false);
  });
});

describe('factAccuracy and factRecall', () => {
  const facts = [['3150'], ['2494亿', '249.4 billion']];
  const cases = [
    { answer: '企业3150家，产值2494亿元', answered: true, facts },
    { answer: '企业3150家', answered: true, facts },
    { answer: '企业3150家，产值2494亿元', answered: false, facts },
  ];

  it('counts a question right only when answered with every fact', () => {
    expect(factAccuracy(cases)).toBeCloseTo(1 / 3);
  });

  it('gives partial credit per fact, none for declined answers', () => {
    expect(factRecall(cases)).toBeCloseTo(3 / 6);
  });

  it('is null for no cases', () => {
    expect(factAccuracy([])).toBeNull();
    expect(factRecall([])).toBeNull();
  });
});

describe('evidenceContained', () => {
  it('finds traditional-script evidence in the simplified passage', () => {
    expect(evidenceContained('园区大力布局人工智能、生物制药、纳米技术三大“未来产业”', '大力布局人工智能、生物製藥、納米技術三大“未來產業”')).toBe(true);
  });

  it('ignores pinyin readings left in raw evidence, line-break spaces and punctuation width', () => {
    expect(evidenceContained('十四届全国人大二次会议江苏代表团举行全体会议', '十四屆全國人大二次會(huì)議江蘇代表團(tuán)')).toBe(true);
    expect(evidenceContained(passage, '2020年, 园区生物医药、 纳米技术\n应用')).toBe(true);
    expect(evidenceContained('文案（2023-2025）等政策', '文案(2023—2025)等政策')).toBe(true);
  });

  it('rejects evidence the passage does not hold, and empty evidence', () => {
    expect(evidenceContained(passage, '实现产值1160亿元')).toBe(false);
    expect(evidenceContained(passage, '  ')).toBe(false);
  });

  it('normalises both sides to the same form', () => {
    expect(normalizeForEvidence('３，１５０家；增长（21.9％）')).toBe(normalizeForEvidence('3150家;增长(21.9%)'));
  });
});

describe('evidenceRank, hitAtK, reciprocalRank', () => {
  const ranked = [{ text: '园区出台科技创新政策' }, { text: '纳米技术应用产业实现产值1160亿元' }, { text: passage }];

  it('ranks the first passage holding any gold evidence', () => {
    expect(evidenceRank(ranked, ['全年实现产值1022亿元'])).toBe(3);
    expect(evidenceRank(ranked, ['不存在的句子', '产值1160亿元'])).toBe(2);
    expect(evidenceRank(ranked, ['不存在的句子'])).toBeNull();
  });

  it('turns a rank into hits and reciprocal rank', () => {
    expect(hitAtK(1, 1)).toBe(true);
    expect(hitAtK(3, 1)).toBe(false);
    expect(hitAtK(3, 5)).toBe(true);
    expect(hitAtK(null, 5)).toBe(false);
    expect(reciprocalRank(4)).toBe(0.25);
    expect(reciprocalRank(null)).toBe(0);
  });
});

describe('citation precision and evidence recall', () => {
  const supporting = { text: passage };
  const unrelated = { text: '园区出台科技创新政策，支持企业建设研发机构。' };
  const byNumberOnly = { text: '累计新增一类新药临床批件280个。' };

  it('takes the answer numbers without citation markers, years or single digits', () => {
    expect(answerNumbers('2020年共有3,150家企业 [1][2]，增长21.9%，前3名')).toEqual(['3150', '21.9']);
  });

  it('counts a cited passage as support when it holds an answer number, a fact variant or gold evidence', () => {
    const context = {
      answer: 'In 2020 output reached 102.2 billion yuan, with 280 approvals in total [1][2][3].',
      facts: [['1022亿', '102.2 billion']],
      evidence: ['全年实现产值1022亿元'],
    };
    expect(supportingCitations([supporting, unrelated, byNumberOnly], context)).toEqual([true, false, true]);
    expect(citationPrecision([supporting, unrelated, byNumberOnly], context)).toBeCloseTo(2 / 3);
    expect(citationPrecision([], context)).toBeNull();
  });

  it('does not let the year every passage mentions count as support', () => {
    expect(citationPrecision([{ text: '2020年，园区出台科技创新政策。' }], { answer: '2020年园区出台了政策 [1]', facts: [], evidence: [] })).toBe(0);
  });

  it('measures the share of gold evidence strings among the cited passages', () => {
    expect(evidenceRecall([supporting], ['全年实现产值1022亿元', '企业总计3150家'])).toBe(1);
    expect(evidenceRecall([unrelated, supporting], ['全年实现产值1022亿元', '纳米技术应用产业实现产值1160亿元'])).toBe(0.5);
    expect(evidenceRecall([], ['全年实现产值1022亿元'])).toBe(0);
    expect(evidenceRecall([supporting], [])).toBeNull();
  });
});

describe('decline precision and recall', () => {
  it('treats declining as the positive class', () => {
    const cases = [
      { answerable: false, answered: false },
      { answerable: false, answered: true },
      { answerable: true, answered: false },
      { answerable: true, answered: true },
      { answerable: false, answered: false },
    ];
    expect(declinePrecision(cases)).toBeCloseTo(2 / 3);
    expect(declineRecall(cases)).toBeCloseTo(2 / 3);
  });

  it('is null when nothing was declined or nothing should have been', () => {
    expect(declinePrecision([{ answerable: true, answered: true }])).toBeNull();
    expect(declineRecall([{ answerable: true, answered: false }])).toBeNull();
  });
});

describe('language match', () => {
  it('accepts English with Chinese names, quotes and brackets', () => {
    expect(isWrittenIn('Innovent 信达生物 launched its first drug in 2018 [1].', 'en')).toBe(true);
    expect(isWrittenIn('The yearbook says “全年实现产值1022亿元” [1].', 'en')).toBe(true);
    expect(isWrittenIn('Output reached 1022亿元 (102.2 billion yuan) [1].', 'en')).toBe(true);
  });

  it('rejects Chinese prose under an English label', () => {
    expect(isWrittenIn('2020年，园区三大新兴产业企业总计3150家，实现产值2494亿元 [1]。', 'en')).toBe(false);
    expect(isWrittenIn('Answer: 园区企业总计3150家，实现产值2494亿元，增长21.9%', 'en')).toBe(false);
    expect(isWrittenIn('', 'en')).toBe(false);
  });

  it('accepts Chinese with English terms but not English prose', () => {
    expect(isWrittenIn('园区集聚了AstraZeneca、GE Healthcare等企业 [1]。', 'zh')).toBe(true);
    expect(isWrittenIn('BioBAY是园区的生物医药产业园。', 'zh')).toBe(true);
    expect(isWrittenIn('The park had 3150 firms in 2020.', 'zh')).toBe(false);
  });

  it('needs both the declared language and the text to match the question (zh for both scripts)', () => {
    expect(languageMatch({ language: 'zh', answer: '园區企業總計3150家。' }, 'zh-Hant')).toBe(true);
    expect(languageMatch({ language: 'zh', answer: '园区企业总计3150家。' }, 'en')).toBe(false);
    expect(languageMatch({ language: 'en', answer: '园区企业总计3150家。' }, 'en')).toBe(false);
    expect(languageMatch({ language: 'en', answer: 'There were 3,150 companies [1].' }, 'en')).toBe(true);
    expect(languageMatch({ language: 'zh-Hant', answer: '園區企業總計3150家。' }, 'zh-Hant')).toBe(true);
    expect(languageMatch({ language: 'zh-Hant', answer: '園區企業總計3150家。' }, 'zh')).toBe(true);
    expect(languageMatch({ language: 'zh-Hant', answer: '園區企業總計3150家。' }, 'en')).toBe(false);
  });
});

describe('script match (questions in traditional characters)', () => {
  it('needs zh-Hant and an answer without simplified-only characters', () => {
    expect(scriptMatch({ language: 'zh-Hant', answer: '園區企業總計3150家，累計獲得臨床批件 [1]。' }, 'zh-Hant')).toBe(true);
    expect(scriptMatch({ language: 'zh', answer: '園區企業總計3150家。' }, 'zh-Hant')).toBe(false);
    // One simplified-only character (业) is enough to miss.
    expect(scriptMatch({ language: 'zh-Hant', answer: '園區企业總計3150家。' }, 'zh-Hant')).toBe(false);
  });

  it('does not count what a cited document written in traditional characters itself writes (003 writes 并出臺)', () => {
    const answer = '園區率先提出聚焦人工智能產業并出臺專門政策 [1]。';
    const cited = (docId: string) => ({ language: 'zh-Hant', answer, citations: [{ docId, text: '園區…并出臺專門政策，重點發展云計算和大數據等領域。' }] });
    const traditional = new Set(['news-2024-future-industries']);
    expect(scriptMatch(cited('news-2024-future-industries'), 'zh-Hant', traditional)).toBe(true);
    // From a simplified document, the same characters are the engine's: not converted.
    expect(scriptMatch(cited('yearbook-2020-emerging'), 'zh-Hant', traditional)).toBe(false);
    // Nor a simplified character the traditional document does not write.
    expect(scriptMatch({ ...cited('news-2024-future-industries'), answer: '園區并出臺专门政策 [1]。' }, 'zh-Hant', traditional)).toBe(false);
  });

  it('is not measured for other questions', () => {
    expect(scriptMatch({ language: 'zh', answer: '园区企业总计3150家。' }, 'zh')).toBeNull();
    expect(scriptMatch({ language: 'en', answer: 'There were 3,150 companies.' }, 'en')).toBeNull();
  });
});

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 50)).toBeNull();
  });
});

describe('readsAsProse', () => {
  it('takes a sentence lead with markers as prose', () => {
    expect(readsAsProse("In 2020, SIP's biomedicine industry had an output value of 102.2 billion yuan [1]. It received 100 approvals [1].")).toBe(true);
    expect(readsAsProse("Nanopolis Suzhou covers about 1 million m², the world's largest such community [2].")).toBe(true);
  });

  it('takes a label: value list, or an answer that is largely Chinese, as not prose', () => {
    expect(readsAsProse('SIP Yearbook: Emerging Industries (2020): output value: 102.2 billion yuan; approvals: 100 [1].')).toBe(false);
    expect(readsAsProse('On 19 June 2020: Suncadia, camrelizumab, AiRuiKa, NMPA; 4 items (camrelizumab, PD-1) [1].')).toBe(false);
    expect(
      readsAsProse(
        'Output was 102.2 billion yuan [1].\n\nSource text (Chinese): 「生物医药产业方面，对重点企业加强个性化服务，对头部企业实行一企一策精准支持，全年实现产值1022亿元，新增一类新药临床批件100个」[1]',
      ),
    ).toBe(false);
    expect(readsAsProse('')).toBe(false);
    expect(readsAsProse('Output value: 102.2 billion yuan; approvals: 100; listed companies: 9 [1].')).toBe(false);
  });

  it('takes a colon after a clause (what follows explains or quotes it) as prose', () => {
    expect(
      readsAsProse(
        'On 19 June 2020, the PD-1 antibody camrelizumab made by Suzhou Suncadia was approved by the NMPA for 2 new indications: ' +
          'as monotherapy for second-line treatment [1].',
      ),
    ).toBe(true);
    expect(readsAsProse('Zhang Yi, president of the Suzhou Interventional Medical Technology Innovation Consortium, said: "This consortium helps." [1].')).toBe(
      true,
    );
  });
});
