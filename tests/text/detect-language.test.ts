import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/text/detect-language.ts';
import { chineseRunsOf } from '../../src/text/question-text.ts';

describe('detectLanguage', () => {
  it('reads Chinese in either script as zh, and text without Chinese as en', () => {
    expect(detectLanguage('2020年园区生物医药产业产值是多少？')).toBe('zh');
    expect(detectLanguage('蘇州工業園區的三大未來產業是什麼？')).toBe('zh');
    expect(detectLanguage('What is Nano City?')).toBe('en');
  });

  it('reads an English question naming something in Chinese as English: three English words, or two that open a question', () => {
    expect(detectLanguage('What did 信达生物 launch?')).toBe('en');
    expect(detectLanguage('What is 苏州纳米城?')).toBe('en');
    expect(detectLanguage('How big is 纳米城?')).toBe('en');
    // Chinese with a few English names stays Chinese.
    expect(detectLanguage('BioBAY有多少家企业？')).toBe('zh');
    expect(detectLanguage('园区的 AI 企业和 GDP 是多少？')).toBe('zh');
    expect(detectLanguage('What is 苏州工业园区生物医药产业园的企业数量和产值？')).toBe('zh');
    // A Chinese question word asks in Chinese, however many English names stand in it.
    expect(detectLanguage('Innovent的PD-1 Tyvyt何時獲批？')).toBe('zh');
    expect(detectLanguage('Suzhou Nanopolis Phase II有多少家企業？')).toBe('zh');
    expect(detectLanguage('What did Innovent launch in 苏州 and where?')).toBe('en');
  });

  it('chineseRunsOf: the Chinese inside a text, simplified', () => {
    expect(chineseRunsOf('What did 信達生物 launch in 蘇州?')).toBe('信达生物 苏州');
    expect(chineseRunsOf('What is Nano City?')).toBe('');
  });
});
