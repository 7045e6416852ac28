import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import type { AnswerMode } from '../../src/question/answer-parts.ts';
import { languageOf, pickUiLanguage, uiStrings, type UiStrings } from '../../src/widget/ui-strings.ts';

/** Every string of a language, functions called with sample arguments, so two languages can be compared key by key. */
function rendered(strings: UiStrings): Record<string, string> {
  const mode: AnswerMode = { retrieval: 'hybrid', generator: 'llm' };
  return Object.fromEntries(
    Object.entries(strings).map(([key, value]) => {
      if (Array.isArray(value)) return [key, value.join('|')];
      if (typeof value !== 'function') return [key, String(value)];
      if (key === 'modeTitle')
        return [key, (value as UiStrings['modeTitle'])(mode) + (value as UiStrings['modeTitle'])({ retrieval: 'lexical', generator: 'extractive' })];
      if (key === 'rateLimited') return [key, (value as UiStrings['rateLimited'])(30) + (value as UiStrings['rateLimited'])(undefined)];
      return [key, (value as (argument: never) => string)('7' as never)];
    }),
  );
}

describe('traditional-Chinese interface (issue 17)', () => {
  it('is the Taiwan-standard OpenCC conversion of the simplified one, string for string', () => {
    const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const simplified = rendered(uiStrings.zh);
    const traditional = rendered(uiStrings['zh-Hant']);
    expect(Object.keys(traditional)).toEqual(Object.keys(simplified));
    const expected = Object.fromEntries(Object.entries(simplified).map(([key, value]) => [key, key === 'languageName' ? '繁體中文' : toTraditional(value)]));
    expect(traditional).toEqual(expected);
  });

  it('is chosen for Taiwan, Hong Kong and Macao browsers and for zh-Hant; simplified for the mainland and Singapore', () => {
    for (const tag of ['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-HK', 'zh_TW']) expect(languageOf(tag), tag).toBe('zh-Hant');
    for (const tag of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-HK']) expect(languageOf(tag), tag).toBe('zh');
    for (const tag of ['en-GB', 'de', 'zhx']) expect(languageOf(tag), tag).toBe('en');
    expect(pickUiLanguage('zh-Hant', ['en-US'])).toBe('zh-Hant');
    expect(pickUiLanguage('auto', ['zh-TW', 'en'])).toBe('zh-Hant');
    expect(pickUiLanguage(null, ['zh-CN'])).toBe('zh');
  });
});
