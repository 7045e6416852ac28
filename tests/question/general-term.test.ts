import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defines, generalTermAsked } from '../../src/question/general-term.ts';
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
