import { describe, expect, it } from 'vitest';
import { toAnswerResponse } from '../../src/widget/to-answer-response.ts';
import { htmlLang } from '../../src/widget/ui-strings.ts';

describe('toAnswerResponse: the answer language', () => {
  it('keeps zh-Hant (a traditional-Chinese answer), zh and en; anything else reads as zh', () => {
    const language = (value: unknown) => toAnswerResponse({ answer: '…', language: value })?.language;
    expect(language('zh-Hant')).toBe('zh-Hant');
    expect(language('zh')).toBe('zh');
    expect(language('en')).toBe('en');
    expect(language('klingon')).toBe('zh');
  });

  it('marks a traditional-Chinese answer lang="zh-Hant" so browsers pick traditional glyphs', () => {
    expect(htmlLang).toEqual({ zh: 'zh-CN', 'zh-Hant': 'zh-Hant', en: 'en' });
  });
});
