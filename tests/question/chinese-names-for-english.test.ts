import { describe, expect, it } from 'vitest';
import { chineseNamesForEnglish } from '../../src/question/chinese-names-for-english.ts';
import type { GlossaryEntry } from '../../src/text/glossary.ts';

const glossary: GlossaryEntry[] = [
  { zh: '苏州生物医药产业园', en: ['BioBAY', 'Suzhou BioBAY'], kind: 'platform' },
  { zh: '信达生物', en: ['Innovent', 'Innovent Biologics'], kind: 'company' },
  { zh: '地区生产总值', en: ['GDP'], kind: 'term' },
];

describe('chineseNamesForEnglish', () => {
  const read = chineseNamesForEnglish(glossary, '2023年地区生产总值达3686亿元，研发投入占GDP比重达5.16%。信达生物……');

  it('reads an English name in a Chinese question as its Chinese name, longest name first, any case', () => {
    expect(read('BioBAY有多少家企业？')).toBe('苏州生物医药产业园有多少家企业？');
    expect(read('suzhou  biobay 有多少家企业？')).toBe('苏州生物医药产业园 有多少家企业？');
    expect(read('Innovent Biologics的PD-1药物叫什么？')).toBe('信达生物的PD-1药物叫什么？');
  });

  it('keeps names the Chinese documents write themselves, and parts of longer words', () => {
    expect(read('园区的GDP是多少？')).toBe('园区的GDP是多少？');
    expect(read('InnoventX是什么？')).toBe('InnoventX是什么？');
  });
});
