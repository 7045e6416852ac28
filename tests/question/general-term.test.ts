import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defines, generalTermAsked, kindMechanismAsked, unnamedSubjectAsked } from '../../src/question/general-term.ts';
import { loadGlossary } from '../../src/text/glossary.ts';

const glossary = loadGlossary(fileURLToPath(new URL('../../corpus/glossary.json', import.meta.url)));

describe('generalTermAsked', () => {
  it('finds a general concept the question asks to define, in either language', () => {
    expect(generalTermAsked('什么是科创板？', 'zh', glossary)).toContain('科创板');
    expect(generalTermAsked('新质生产力是什么？', 'zh', glossary)).toContain('新质生产力');
    expect(generalTermAsked('What is the STAR Market?', 'en', glossary)).toContain('科创板');
    expect(generalTermAsked('What does MEMS stand for?', 'en', glossary)).toContain('MEMS');
    // An acronym the glossary does not hold at all is general knowledge too.
    expect(generalTermAsked('What is an IPO?', 'en', glossary)).toEqual(['IPO']);
  });

  it("leaves the park's own companies, platforms and events alone", () => {
    expect(generalTermAsked('材料科学姑苏实验室是什么？', 'zh', glossary)).toBeNull();
    expect(generalTermAsked('What is AISpeech?', 'en', glossary)).toBeNull();
    expect(generalTermAsked('What is the Nano-X facility?', 'en', glossary)).toBeNull();
    expect(generalTermAsked('科创板上市企业有哪些？', 'zh', glossary)).toBeNull();
  });
});

describe('defines', () => {
  it('tells a sentence that explains a term from one that only uses it', () => {
    expect(defines('科创板是上交所设立的板块。', ['科创板'])).toBe(true);
    expect(defines('所谓MEMS，即微机电系统。', ['MEMS'])).toBe(true);
    expect(defines('苏州纳微科技股份有限公司在科创板上市。', ['科创板'])).toBe(false);
  });
});

describe('unnamedSubjectAsked', () => {
  const known = {
    chinese: '发明纳米光刻技术，开发光刻设备。开展iPS衍生细胞药研究。',
    english: 'nano lithography; rainmed coronary measurement system (caimr)',
    glossary,
  };
  it('returns a subject the documents never name, in either language', () => {
    expect(unnamedSubjectAsked('什么是光刻机？', 'zh', known)).toEqual(['光刻机']);
    expect(unnamedSubjectAsked('什么是iPS细胞？', 'zh', known)).toEqual(['iPS细胞']);
    expect(unnamedSubjectAsked('What is a photonic chip?', 'en', known)).toEqual(['photonic chip']);
  });
  it('returns null for what the documents name, word by word and owner apart, and for no definition question', () => {
    expect(unnamedSubjectAsked('什么是光刻技术？', 'zh', known)).toBeNull();
    expect(unnamedSubjectAsked("What is Rainmed's caiMR system?", 'en', known)).toBeNull();
    expect(unnamedSubjectAsked('园区有多少家企业？', 'zh', known)).toBeNull();
  });
});

describe('kindMechanismAsked', () => {
  it('reads "how does a/an X work" as general knowledge about a kind of thing', () => {
    expect(kindMechanismAsked('How does a PCSK9 inhibitor actually lower cholesterol?', 'en')).toEqual(['PCSK9 inhibitor']);
    expect(kindMechanismAsked('How does an IPO work?', 'en')).toEqual(['IPO']);
  });
  it('leaves questions about the park’s own things alone', () => {
    expect(kindMechanismAsked('How does SIP support start-ups?', 'en')).toBeNull();
    expect(kindMechanismAsked('How does the innovation consortium help its members?', 'en')).toBeNull();
  });
});
