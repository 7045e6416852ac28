import { describe, expect, it } from 'vitest';
import { americanSpelling } from '../../src/text/american-spelling.ts';
import { englishAnalyzer } from '../../src/retrieval/english-analyzer.ts';
import { lemmatise } from '../../src/text/english-words.ts';

describe('americanSpelling', () => {
  it('spells British words the American way and leaves others alone', () => {
    expect(americanSpelling('centres')).toBe('centers');
    expect(americanSpelling('programme')).toBe('program');
    expect(americanSpelling('internationalising')).toBe('internationalizing');
    expect(americanSpelling('nanotech')).toBe('nanotech');
  });

  it('makes a British and an American question one to the English analyzer and the bridge', () => {
    expect(englishAnalyzer.tokenize('innovation centres and talent programmes')).toEqual(englishAnalyzer.tokenize('innovation centers and talent programs'));
    expect(lemmatise('Organisations')).toBe(lemmatise('organizations'));
  });
});
