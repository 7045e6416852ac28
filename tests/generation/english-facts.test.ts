import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSentenceInEnglish, findQuantities, renderNumberForEnglish } from '../../src/generation/english-facts.ts';
import { metricTerms } from '../../src/question/metric-terms.ts';
import { loadGlossary } from '../../src/text/glossary.ts';
import type { GlossaryEntry } from '../../src/text/glossary.ts';
import { toSimplified } from '../../src/text/to-simplified.ts';

const corpusDir = join(import.meta.dirname, '../../corpus');

// The names CORPUS.md promises, for when corpus/glossary.json is missing or mid-edit.
const fallbackGlossary: GlossaryEntry[] = [
  { zh: '园区', en: ['SIP'], kind: 'place' },
  { zh: '生物医药', en: ['biomedicine'], kind: 'term' },
  { zh: '纳米技术应用', en: ['nanotechnology applications'], kind: 'term' },
  { zh: '人工智能', en: ['artificial intelligence'], kind: 'term' },
  { zh: '新兴产业', en: ['emerging industries'], kind: 'term', aliases: ['三大新兴产业'] },
  { zh: '苏州生物医药产业园', en: ['BioBAY'], kind: 'platform' },
  { zh: '信达生物', en: ['Innovent'], kind: 'company' },
  { zh: '高新技术企业', en: ['high-tech enterprise'], kind: 'award', aliases: ['国家高新技术企业'] },
];

function readGlossary(): GlossaryEntry[] {
  const path = join(corpusDir, 'glossary.json');
  try {
    return existsSync(path) ? loadGlossary(path) : fallbackGlossary;
  } catch {
    return fallbackGlossary;
  }
}

const glossary = readGlossary();

/** Simplified corpus text with lines joined and the pinyin readings of the traditional feature removed. */
const corpus = readdirSync(corpusDir)
  .filter((file) => file.endsWith('.txt'))
  .sort()
  .map((file) =>
    toSimplified(readFileSync(join(corpusDir, file), 'utf8'))
      .replace(/\s*\n\s*/g, '')
      .replace(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/g, ''),
  )
  .join('\n');
const corpusSentences = corpus
  .split(/(?<=[。；;！？\n])/)
  .map((sentence) => sentence.trim())
  .filter((sentence) => /\d/.test(sentence));

describe('renderNumberForEnglish', () => {
  it.each([
    ['1022亿元', '102.2 billion yuan'],
    ['2494亿元', '249.4 billion yuan'],
    ['650亿余元', 'more than 65 billion yuan'],
    ['近100亿元', 'nearly 10 billion yuan'],
    ['超360亿元', 'over 36 billion yuan'],
    ['2.1亿元', '210 million yuan'],
    ['1.8万平方米', '18,000 m²'],
    ['800万余平方米', 'more than 8 million m²'],
    ['33万平方米', '330,000 m²'],
    ['784家', '784 companies'],
    ['3150家', '3,150 companies'],
    ['1700余家', 'more than 1,700 companies'],
    ['1家', '1 company'],
    ['增长21.9%', '21.9%'],
    ['21.9%', '21.9%'],
    ['40%以上', '40% or more'],
    ['174件', '174'],
    ['100个', '100'],
    ['1000余项', 'more than 1,000 items'],
    ['近20人', 'nearly 20 people'],
    ['近1.5万名', 'nearly 15,000 people'],
    ['6款', '6 products'],
    ['17支', '17 teams'],
    ['100多位', 'more than 100 people'],
    ['3—5年', '3–5 years'],
    ['15分钟', '15 minutes'],
    ['千亿元', '100 billion yuan'],
    ['突破3000亿元', 'over 300 billion yuan'],
    ['约1.2万件', 'about 12,000'],
    ['2020年', '2020'],
    ['2020年5月', 'May 2020'],
    ['2020年7月3日', '3 July 2020'],
    ['8月14—16日', '14–16 August'],
    ['2020年8月14—16日', '14–16 August 2020'],
    ['截至2020年底', 'as of the end of 2020'],
    ['2023年上半年', 'first half of 2023'],
    ['2021年以来', 'since 2021'],
    ['(2023-2025)', '2023–2025'],
    ['两家', 'two companies'],
    ['三大', 'three'],
    ['五大', 'five'],
  ])('%s → %s', (zh, english) => {
    expect(renderNumberForEnglish(zh)).toBe(english);
  });

  it.each([
    ['１０２２亿元', '102.2 billion yuan'],
    ['２１．９％', '21.9%'],
    ['1,022亿元', '102.2 billion yuan'],
    ['3,150家', '3,150 companies'],
    ['１，７００余家', 'more than 1,700 companies'],
    ['近 2 年', 'nearly 2 years'],
  ])('normalises %s → %s', (zh, english) => {
    expect(renderNumberForEnglish(zh)).toBe(english);
  });

  it('reads traditional script', () => {
    expect(renderNumberForEnglish('產值1523億元')).toBe('152.3 billion yuan');
    expect(renderNumberForEnglish('超過1700餘家')).toBe('over 1,700 companies');
  });

  it.each(['PD-1', 'DFM-2', '5G 通信', 'A1地块', 'G60科创走廊', '第十四届', '第114次', '十四五', '1 类创新药', '一企一策', '百度', '28—30日'])(
    'finds no quantity in %s',
    (zh) => {
      expect(renderNumberForEnglish(zh)).toBe('');
    },
  );
});

describe('findQuantities', () => {
  it('finds every expression in a real sentence with offsets into it', () => {
    const sentence = '2020年, 园区生物医药、纳米技术应用、人工智能三大新兴产业企业总计3150家, 实现产值2494亿元, 增长21.9%。';
    const found = findQuantities(sentence);
    expect(found.map((quantity) => [quantity.text, quantity.english])).toEqual([
      ['2020年', '2020'],
      ['三大', 'three'],
      ['3150家', '3,150 companies'],
      ['2494亿元', '249.4 billion yuan'],
      ['21.9%', '21.9%'],
    ]);
    for (const quantity of found) expect(sentence.slice(quantity.start, quantity.end)).toBe(quantity.text);
  });

  it('keeps offsets into full-width and traditional text', () => {
    const sentence = '園區實現產值１０２２億元，增長２１．９％。';
    for (const quantity of findQuantities(sentence)) expect(sentence.slice(quantity.start, quantity.end)).toBe(quantity.text);
    expect(findQuantities(sentence).map((quantity) => quantity.english)).toEqual(['102.2 billion yuan', '21.9%']);
  });

  it('finds a quantity in most corpus sentences that have digits, and never inside codes', () => {
    const withQuantities = corpusSentences.filter((sentence) => findQuantities(sentence).length > 0);
    expect(withQuantities.length / corpusSentences.length).toBeGreaterThan(0.8);
    for (const sentence of corpusSentences) {
      for (const quantity of findQuantities(sentence)) {
        expect(sentence.slice(quantity.start, quantity.end)).toBe(quantity.text);
        expect(sentence[quantity.start - 1] ?? '').not.toMatch(/[A-Za-z-]/);
      }
    }
  });
});

describe('describeSentenceInEnglish', () => {
  it('restates output and approvals from the biomedicine overview', () => {
    const { lead, quantities } = describeSentenceInEnglish('全年实现产值1022亿元, 新增一类新药临床批件100个', { glossary });
    expect(lead).toContain('output value: 102.2 billion yuan');
    expect(lead).toMatch(/new Class 1 new drug clinical approvals: 100\b/);
    expect(quantities.map((quantity) => quantity.label)).toEqual(['output value', 'new Class 1 new drug clinical approvals']);
  });

  it('steps over the verb between a metric and its figure (产值首次突破千亿元) and names compound kinds of company', () => {
    const { lead } = describeSentenceInEnglish('截至2023年，园区已集聚人工智能相关企业超1700家，产值首次突破千亿元。', { glossary });
    expect(lead).toContain('AI-related companies: over 1,700');
    expect(lead).toContain('output value: over 100 billion yuan');
    const split = describeSentenceInEnglish('2020年，园区集聚生物医药企业1700余家，包括自主品牌企业1500余家和外资及港澳台资企业200余家。', { glossary }).lead;
    expect(split).toContain('own-brand companies: more than 1,500');
    expect(split).toContain('foreign and Hong Kong/Macao/Taiwan-funded companies: more than 200');
  });

  it('opens with the date and lists the names the sentence mentions', () => {
    const { lead, names } = describeSentenceInEnglish('2020年, 园区生物医药、纳米技术应用、人工智能三大新兴产业企业总计3150家, 实现产值2494亿元, 增长21.9%。', {
      glossary,
    });
    expect(lead.startsWith('In 2020: ')).toBe(true);
    expect(lead).toContain('companies: 3,150');
    expect(lead).toContain('output value: 249.4 billion yuan');
    expect(lead).toContain('growth: 21.9%');
    // An enumeration's last item must not pass for the whole: no "artificial intelligence … companies".
    expect(lead).not.toMatch(/artificial intelligence[^;(]*companies/);
    expect(names.map((name) => name.zh)).toEqual(expect.arrayContaining(['生物医药', '纳米技术应用', '人工智能']));
  });

  it('names what a measure word counts from the words after it', () => {
    const { quantities } = describeSentenceInEnglish('医疗器械方面，年内10家医疗器械企业的14个产品进入国家医疗器械创新产品审批绿色通道', { glossary });
    expect(quantities.map((quantity) => quantity.label)).toEqual(['medical devices companies', 'products']);
  });

  it('does not label a count with an amount metric', () => {
    const { lead } = describeSentenceInEnglish('投资5家创新企业，孵化 6个项目', { glossary });
    expect(lead).not.toContain('investment');
    expect(lead).toContain('innovative companies: 5');
    expect(lead).toContain('projects: 6');
  });

  it('leaves out what the tables cannot render', () => {
    const { lead } = describeSentenceInEnglish('开放智慧城市应用场景17个, 打造人工智能应用标杆38个;', { glossary });
    expect(lead).toMatch(/application scenarios: 17; 38\b/);
  });

  it('handles the traditional-script feature', () => {
    const { lead } = describeSentenceInEnglish('2023年園區納米技術應用產業產值達1523億元。', { glossary });
    expect(lead).toContain('In 2023: ');
    expect(lead).toContain('output value: 152.3 billion yuan');
  });

  it('frames "as of" dates', () => {
    const { lead } = describeSentenceInEnglish('截至2020年底，苏州生物医药产业园拥有生物医药高科技创新企业430余家', { glossary });
    expect(lead.startsWith('As of the end of 2020: ')).toBe(true);
    expect(lead).toContain('more than 430');
  });

  it('returns an empty lead for a sentence with nothing to render', () => {
    expect(describeSentenceInEnglish('该疗法用于复发患者的治疗。', { glossary: [] }).lead).toBe('');
  });

  describe('on every corpus sentence with digits', () => {
    const allowedNumbers = new Set([...glossary.flatMap((entry) => entry.en), ...Object.values(metricTerms)].flatMap((text) => text.match(/\d[\d,.]*/g) ?? []));

    it('writes English only, with numbers taken from the sentence', () => {
      for (const sentence of corpusSentences) {
        const { lead, quantities } = describeSentenceInEnglish(sentence, { glossary });
        expect(lead).not.toMatch(/[\u3400-\u9fff]/);
        const rendered = quantities.map((quantity) => quantity.english).join(' ');
        for (const number of lead.match(/\d[\d,.]*\d|\d/g) ?? []) {
          const fromSentence = rendered.includes(number) || allowedNumbers.has(number);
          expect(fromSentence, `${number} in "${lead}" from "${sentence}"`).toBe(true);
        }
      }
    });
  });
});

describe('metric terms', () => {
  it.each(Object.entries(metricTerms))('%s (%s) occurs in the corpus', (zh) => {
    expect(corpus).toContain(zh);
  });
});
