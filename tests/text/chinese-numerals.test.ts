import { describe, expect, it } from 'vitest';
import { parseChineseNumeral } from '../../src/text/chinese-numerals.ts';

describe('parseChineseNumeral', () => {
  it('reads well-formed numerals with units and sections', () => {
    expect(parseChineseNumeral('两千')).toBe(2000);
    expect(parseChineseNumeral('一百零五')).toBe(105);
    expect(parseChineseNumeral('十二')).toBe(12);
    expect(parseChineseNumeral('二十')).toBe(20);
    expect(parseChineseNumeral('一百五十万')).toBe(1_500_000);
    expect(parseChineseNumeral('三千亿')).toBe(300_000_000_000);
    expect(parseChineseNumeral('一亿二千万')).toBe(120_000_000);
  });

  it('refuses two digits in a row (a list or an approximation), unless lenient', () => {
    expect(parseChineseNumeral('十四五')).toBeNull();
    expect(parseChineseNumeral('七八')).toBeNull();
    // Rendering reads what it is given: the last digit before each unit counts, as english-facts always did.
    expect(parseChineseNumeral('十四五', { lenient: true })).toBe(15);
    expect(parseChineseNumeral('二零二零', { lenient: true })).toBe(0);
  });

  it('reads well-formed numerals the same either way', () => {
    for (const run of ['一', '十', '三百', '两千零一', '九千九百九十九', '一百零十']) {
      expect(parseChineseNumeral(run, { lenient: true })).toBe(parseChineseNumeral(run));
    }
  });
});
