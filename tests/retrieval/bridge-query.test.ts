import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBridgeDictionary, CEDICT_CREDIT, createQueryBridge } from '../../src/retrieval/bridge-query.ts';
import type { BridgeDictionary, BridgedQuery, QueryBridge } from '../../src/retrieval/bridge-query.ts';
import { domainTerms } from '../../src/retrieval/domain-terms.ts';
import { glossaryChineseTerms, loadGlossary } from '../../src/text/glossary.ts';
import type { GlossaryEntry } from '../../src/text/glossary.ts';
import { toSimplified } from '../../src/text/to-simplified.ts';
import { createTokenizer } from '../../src/text/tokenize.ts';

const corpusDir = join(import.meta.dirname, '../../corpus');

// The names CORPUS.md promises, for when corpus/glossary.json is missing or mid-edit.
const fallbackGlossary: GlossaryEntry[] = [
  { zh: '苏州工业园区', en: ['Suzhou Industrial Park', 'SIP'], kind: 'place' },
  { zh: '生物医药', en: ['biomedicine', 'biopharma'], kind: 'term' },
  { zh: '苏州生物医药产业园', en: ['BioBAY'], kind: 'platform' },
  { zh: '苏州纳米城', en: ['Nano City', 'Nanopolis'], kind: 'platform' },
  { zh: '信达生物', en: ['Innovent'], kind: 'company' },
  { zh: '思必驰', en: ['AISpeech', 'AI Speech'], kind: 'company' },
  { zh: '新加坡科技研究局', en: ['A*STAR'], kind: 'org' },
  { zh: '第三代半导体', en: ['third-generation semiconductors'], kind: 'term' },
  { zh: '材料科学姑苏实验室', en: ['Gusu Lab'], kind: 'platform' },
  { zh: '高新技术企业', en: ['high-tech enterprise'], kind: 'award' },
  { zh: '科创板', en: ['STAR Market'], kind: 'term' },
  { zh: '科技部', en: ['MOST', 'Ministry of Science and Technology'], kind: 'org' },
];

function readGlossary(): GlossaryEntry[] {
  const path = join(corpusDir, 'glossary.json');
  try {
    return existsSync(path) ? loadGlossary(path) : fallbackGlossary;
  } catch {
    return fallbackGlossary;
  }
}

/** The corpus as one simplified text, lines joined (yearbook 001 breaks every ~15 characters). */
function corpusTexts(): string[] {
  return readdirSync(corpusDir)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => toSimplified(readFileSync(join(corpusDir, file), 'utf8')).replace(/\s*\n\s*/g, ''));
}

const glossary = readGlossary();
const texts = corpusTexts();
const vocabulary = new Map<string, number>();
let documentCount = 0;
let dictionary: BridgeDictionary;
let buildMs = 0;
let bridge: QueryBridge;

beforeAll(() => {
  // What the lexical index provides: document frequencies over ~500-character chunks.
  const tokenizer = createTokenizer({ userWords: glossaryChineseTerms(glossary) });
  for (const text of texts) {
    for (let start = 0; start < text.length; start += 500) {
      documentCount += 1;
      for (const term of new Set(tokenizer.tokenize(text.slice(start, start + 500)))) vocabulary.set(term, (vocabulary.get(term) ?? 0) + 1);
    }
  }
  const started = performance.now();
  dictionary = buildBridgeDictionary(vocabulary);
  buildMs = performance.now() - started;
  bridge = createQueryBridge({ glossary, vocabulary, documentCount, dictionary });
});

const termsOf = (result: BridgedQuery): string[] => result.terms.map((term) => term.term);
const termOf = (result: BridgedQuery, term: string) => result.terms.find((candidate) => candidate.term === term);

describe('glossary names', () => {
  it('finds the industry and the year in an output-value question', () => {
    const result = bridge.bridge('What was the output value of the biomedicine industry in 2020?');
    expect(termsOf(result)).toEqual(expect.arrayContaining(['产值', '生物医药', '2020']));
    expect(termOf(result, '生物医药')?.source).toBe('glossary');
    expect(termOf(result, '产值')).toMatchObject({ source: 'domain', from: 'output value' });
    expect(termOf(result, '2020')?.source).toBe('literal');
    expect(result.names).toContainEqual({ en: glossary.find((entry) => entry.zh === '生物医药')?.en[0], zh: '生物医药' });
  });

  it.each([
    ['Which companies in BioBAY have listed on the STAR Market?', '苏州生物医药产业园'],
    ['How many high-tech enterprises are there?', '高新技术企业'],
    ['Tell me about Innovent', '信达生物'],
    ["What are Innovent's new drugs?", '信达生物'],
    ['What is Gusu Lab?', '材料科学姑苏实验室'],
    ["What is A*STAR's role in the park?", '新加坡科技研究局'],
    ['What does AISpeech do?', '思必驰'],
    ['What does AI Speech do?', '思必驰'],
    ['How big is Nano City?', '苏州纳米城'],
    ['How big is Nano-City?', '苏州纳米城'],
    ['What about third-generation semiconductors?', '第三代半导体'],
    ['What about third generation semiconductor research?', '第三代半导体'],
  ])('%s → %s', (question, zh) => {
    const result = bridge.bridge(question);
    expect(termOf(result, zh)).toMatchObject({ source: 'glossary' });
    expect(result.names.map((name) => name.zh)).toContain(zh);
  });

  it('treats "Suzhou Industrial Park" and "SIP" as the same place', () => {
    const long = termsOf(bridge.bridge('How many companies are in Suzhou Industrial Park?'));
    const short = termsOf(bridge.bridge('How many companies are in SIP?'));
    expect(long).toContain('苏州工业园区');
    expect(short).toContain('苏州工业园区');
  });

  it('matches a longer name before a shorter one inside it', () => {
    const result = bridge.bridge('Where is the BioBAY biomedicine cluster?');
    expect(result.terms.find((term) => term.from === 'BioBAY')?.term).toBe('苏州生物医药产业园');
  });

  it('matches an acronym that is also an English word only as typed', () => {
    expect(termsOf(bridge.bridge('Is MOST involved?'))).toContain('科技部');
    expect(termsOf(bridge.bridge('What is the most important company?'))).not.toContain('科技部');
  });

  it('weights glossary names above dictionary words', () => {
    const result = bridge.bridge('What was the output value of the biomedicine industry?');
    expect(termOf(result, '生物医药')?.weight).toBeGreaterThan(termOf(result, '产值')?.weight ?? Infinity);
  });
});

describe('dictionary words', () => {
  it('prefers a multi-word phrase over its words', () => {
    const result = bridge.bridge('How many listed companies are there?');
    expect(termsOf(result)).toEqual(expect.arrayContaining(['上市企业', '上市公司']));
    expect(termOf(result, '上市公司')?.from).toBe('listed companies');
    const output = bridge.bridge('output value');
    expect(output.terms.every((term) => term.from === 'output value')).toBe(true);
  });

  it('splits a phrase the index only holds in parts into index terms', () => {
    const result = bridge.bridge('How many listed companies are there?');
    expect(vocabulary.has('上市企业')).toBe(false);
    expect(termsOf(result)).toEqual(expect.arrayContaining(['上市', '企业']));
  });

  it.each([
    ['artificial intelligence', '人工智能'],
    ['How much revenue?', '收入'],
    ['Which firms?', '企业'],
    ['pharmaceutical companies', '生物医药'],
    ['nanotech startups', '纳米技术'],
    ['How fast did it grow?', '增长'],
    ['How many patents?', '专利'],
    ['R&D institutions', '研发机构'],
    ['How much R&D spending?', '研发投入'],
    ['talent programmes', '人才计划'],
    ['leading talents', '领军人才'],
    ['How much investment?', '投资'],
    ['Which funds?', '基金'],
    ['clinical trial approvals', '临床批件'],
    ['innovative drugs', '创新药'],
    ['How many square metres?', '平方米'],
    ['incubators', '孵化'],
    ['Which platforms?', '平台'],
    ['unicorns', '独角兽'],
    ['Which companies went public through an IPO?', '上市'],
    ['Which vaccines?', '疫苗'],
  ])('%s → %s', (question, zh) => {
    expect(termsOf(bridge.bridge(question))).toContain(zh);
  });

  it('uses CC-CEDICT for words the domain table does not have', () => {
    const result = bridge.bridge('Which hospitals does the park cooperate with against the epidemic?');
    expect(termOf(result, '疫情')).toMatchObject({ source: 'dictionary', from: 'epidemic' });
  });

  it('lemmatises plurals and past participles', () => {
    const plural = bridge.bridge('Which companies are listed?');
    const singular = bridge.bridge('Which company is listing?');
    expect(termsOf(plural).sort()).toEqual(termsOf(singular).sort());
  });

  it('drops stop words and question filler', () => {
    expect(bridge.bridge('What is the how many which when were there?').terms).toEqual([]);
    expect(bridge.bridge('How many people work there?').terms).toEqual([]);
  });

  it('weights rarer terms higher', () => {
    const result = bridge.bridge('patents and companies');
    expect(vocabulary.get('专利')).toBeLessThan(vocabulary.get('企业') ?? 0);
    expect(termOf(result, '专利')?.weight).toBeGreaterThan(termOf(result, '企业')?.weight ?? Infinity);
  });
});

describe('domain table', () => {
  it('reads a word as written before its lemma: "funding" is 资金, though it shares the lemma of "fund" (基金)', () => {
    expect(termsOf(bridge.bridge('How much funding did the company get?'))).toContain('资金');
    expect(termsOf(bridge.bridge('How much funding did the company get?'))).not.toContain('基金');
    expect(termsOf(bridge.bridge('Which funds invest in biotech?'))).toContain('基金');
  });
});

describe('literals', () => {
  it.each([
    ['What is PD-1?', 'pd-1'],
    ['What is the MEMS pilot line?', 'mems'],
    ['What is DFM-2?', 'dfm-2'],
    ['What does A*STAR do?', 'a*star'],
    ['What happened in 2020?', '2020'],
    ['Was growth 21.9%?', '21.9%'],
    ['Were there 1,800 high-tech enterprises?', '1800'],
    ['Ｗｈａｔ ｉｓ ＰＤ－１？', 'pd-1'],
  ])('%s passes %s through', (question, literal) => {
    expect(termsOf(bridge.bridge(question))).toContain(literal);
  });

  it('passes a capitalised name through when the Chinese text writes it in Latin letters (Incucyte), not an ordinary word', () => {
    expect(termOf(bridge.bridge('What tests were run with the Incucyte system?'), 'incucyte')?.source).toBe('literal');
    expect(termsOf(bridge.bridge('What tests were run with the Zzyzx system?'))).not.toContain('zzyzx');
  });

  it('labels pure literals as literal', () => {
    expect(termOf(bridge.bridge('What is DFM-2?'), 'dfm-2')?.source).toBe('literal');
    expect(termOf(bridge.bridge('Was growth 21.9%?'), '21.9%')?.source).toBe('literal');
  });
});

describe('result shape', () => {
  it('has each Chinese term once, positive weights, strongest first', () => {
    const result = bridge.bridge('Which biomedicine companies in BioBAY have listed companies, patents and 2020 output value of 1022亿元?');
    const terms = termsOf(result);
    expect(new Set(terms).size).toBe(terms.length);
    for (const term of result.terms) expect(term.weight).toBeGreaterThan(0);
    const weights = result.terms.map((term) => term.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });

  it('returns names only for glossary hits', () => {
    expect(bridge.bridge('How many patents and listed companies?').names).toEqual([]);
  });
});

describe('bridge dictionary', () => {
  it('is small, serialisable and keeps only corpus terms', () => {
    const entries = Object.entries(dictionary.entries);
    expect(entries.length).toBeGreaterThan(500);
    expect(entries.length).toBeLessThan(20_000);
    for (const [, candidates] of entries) {
      for (const [zh, fit] of candidates) {
        expect(vocabulary.has(zh)).toBe(true);
        expect(fit).toBeGreaterThan(0);
        expect(fit).toBeLessThanOrEqual(1);
      }
    }
    expect(JSON.parse(JSON.stringify(dictionary))).toEqual(dictionary);
  });

  it('builds without going through the package entry point', () => {
    // The entry point alone takes about 4 s (8 s on a busy machine); the data-file path 0.6–1.3 s.
    expect(buildMs).toBeLessThan(5000);
  });

  it('credits CC-CEDICT under CC BY-SA 4.0', () => {
    expect(CEDICT_CREDIT).toMatch(/CC-CEDICT/);
    expect(CEDICT_CREDIT).toMatch(/CC BY-SA 4\.0/);
    expect(dictionary.credit).toBe(CEDICT_CREDIT);
  });

  it('gives the same terms when built lazily', () => {
    const lazy = createQueryBridge({ glossary, vocabulary, documentCount });
    const question = 'What was the output value of the biomedicine industry and how did the epidemic affect it?';
    expect(lazy.bridge(question)).toEqual(bridge.bridge(question));
  });
});

describe('domain terms', () => {
  const corpus = texts.join('\n');

  it.each(domainTerms.flatMap((entry) => entry.zh.map((zh) => [entry.en[0] ?? '', zh] as const)))('%s → %s occurs in the corpus', (_en, zh) => {
    expect(corpus).toContain(zh);
  });

  it('stays a small hand-made table', () => {
    expect(domainTerms.length).toBeGreaterThanOrEqual(100);
    expect(domainTerms.length).toBeLessThanOrEqual(250);
    const phrases = domainTerms.flatMap((entry) => entry.en);
    expect(new Set(phrases).size).toBe(phrases.length);
  });
});

describe('the domain table in the sense investors use words', () => {
  it('bridges a funding round to 融资, "co-built" to 共建, what money is spent on to 用于, a disease area to 领域', () => {
    expect(termsOf(bridge.bridge('What will the company spend its B1 funding on?'))).toEqual(expect.arrayContaining(['融资', '用于']));
    expect(termsOf(bridge.bridge('How many R&D institutions has the park co-built with partners?'))).toEqual(expect.arrayContaining(['共建', '合作']));
    expect(termsOf(bridge.bridge('Which disease area will the institute focus on?'))).toContain('领域');
  });
});

describe("a company's short name", () => {
  it('reads the first two words of a long company name as the company when no other name starts so', () => {
    const result = bridge.bridge('How much did Touchstone International Medical raise in its IPO?');
    expect(result.names.map((name) => name.zh)).toContain('天臣国际医疗科技股份有限公司');
  });
  it('does not shorten names that start like many others ("Suzhou Industrial …")', () => {
    const result = bridge.bridge('What does Suzhou Industrial Development do?');
    expect(result.names.map((name) => name.zh)).not.toContain('苏州工业园区');
  });
});
