import { describe, expect, it } from 'vitest';
import { comparedPair, namesBoth } from '../../src/evidence/compared-pair.ts';

describe('comparedPair and namesBoth', () => {
  it('finds the two things a difference is asked between, in either language', () => {
    expect(comparedPair("In China, what's the difference between a Class II and a Class III medical device?", 'en')).toEqual(['Class II', 'Class III']);
    expect(comparedPair('科创板和创业板有什么区别？', 'zh')).toEqual(['科创板', '创业板']);
    expect(comparedPair('What is Nano City?', 'en')).toBeNull();
  });

  it('needs both named, Latin names as whole words', () => {
    expect(namesBoth(['Class II', 'Class III'], ['45 new Class III medical device registration certificates'])).toBe(false);
    expect(namesBoth(['Class II', 'Class III'], ['Class II and Class III certificates'])).toBe(true);
    expect(namesBoth(['科创板', '创业板'], ['在科创板上市'])).toBe(false);
  });
});
