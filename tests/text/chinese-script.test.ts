import { describe, expect, it } from 'vitest';
import { simplifiedOnlyIn, toTraditional, traditionalVariantOf } from '../../src/text/chinese-script.ts';

describe('traditionalVariantOf', () => {
  it('finds a question in traditional characters, and which standard when its characters tell', () => {
    expect(traditionalVariantOf('蘇州工業園區的三大未來產業是什麼？')).toBe('t');
    // 裏 and 綫 are Hong Kong's forms; 裡 and 線 Taiwan's.
    expect(traditionalVariantOf('園區裏的綫上服務有哪些？')).toBe('hk');
    expect(traditionalVariantOf('園區裡的線上服務有哪些？')).toBe('tw');
  });

  it('leaves simplified, English and script-neutral questions alone (null)', () => {
    expect(traditionalVariantOf('2020年园区生物医药产业产值是多少？')).toBeNull();
    expect(traditionalVariantOf('What are the three future industries of SIP?')).toBeNull();
    expect(traditionalVariantOf('人口有多少？')).toBeNull();
    // One stray traditional character in a simplified question does not make it traditional.
    expect(traditionalVariantOf('苏州工业园区的技術有哪些？')).toBeNull();
  });
});

describe('toTraditional', () => {
  it('converts simplified text to the asked standard, phrases included', () => {
    expect(toTraditional('园区生物医药产业产值', 't')).toBe('園區生物醫藥產業產值');
    expect(toTraditional('里面的线', 'hk')).toBe('裏面的線');
    expect(toTraditional('里面的线', 'tw')).toBe('裡面的線');
    // Phrase-level: 批准 keeps 准 (not 準), 头发 becomes 頭髮 (not 頭發).
    expect(toTraditional('获得批准，头发', 't')).toBe('獲得批准，頭髮');
  });
});

describe('simplifiedOnlyIn', () => {
  it('names the characters only simplified Chinese writes, not those traditional text shares', () => {
    expect(simplifiedOnlyIn('园业苏这个为线')).toEqual([...'园业苏这个为线']);
    // 床, 准, 占, 里, 游 are written in Hong Kong and Taiwan too (床, 批准, 占地, 公里, 游泳).
    expect(simplifiedOnlyIn('床准占里游着么')).toEqual([]);
  });
});
