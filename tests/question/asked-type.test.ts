import { describe, expect, it } from 'vitest';
import { askedTypeOf, isAskedType } from '../../src/question/asked-type.ts';

describe('askedTypeOf', () => {
  it('reads the noun of "what …"/"which …" followed by the question’s verb', () => {
    expect(askedTypeOf('What equipment did SVG Tech develop in its prize-winning project?')).toBe('equipment');
    expect(askedTypeOf("Which thrombectomy technique does Zhongtian Medical's microcatheter help upgrade?")).toBe('technique');
    expect(askedTypeOf('In the 2021 ranking, on which sub-indicators did SIP come first?')).toBe('sub-indicators');
    expect(askedTypeOf('Which top foreign universities have set up institutes in SIP?')).toBe('universities');
    expect(askedTypeOf('What kind of drugs does Innovent make?')).toBe('drugs');
  });

  it('gives none where no kind is asked, or the other needs read the noun (year, number, rank)', () => {
    expect(askedTypeOf('What is Nano City?')).toBeNull();
    expect(askedTypeOf('What does Zhongtian Medical do?')).toBeNull();
    expect(askedTypeOf('What did SIP achieve in 2020?')).toBeNull();
    expect(askedTypeOf('What year was Innovent founded?')).toBeNull();
    expect(askedTypeOf('What role does SIP play?')).toBeNull();
    expect(askedTypeOf('How many companies are in Nano City?')).toBeNull();
  });
});

describe('isAskedType', () => {
  it('matches a term by the stem of its last English word', () => {
    expect(isAskedType('sector', 'sectors')).toBe(true);
    expect(isAskedType('key sectors', 'sectors')).toBe(true);
    expect(isAskedType('equipment', 'technique')).toBe(false);
    expect(isAskedType('equipment', null)).toBe(false);
  });
});
