import { describe, expect, it } from 'vitest';
import { splitPassageSentences } from '../../src/text/split-sentences.ts';

describe('splitPassageSentences', () => {
  it('splits Chinese at sentence ends and falls back to commas for run-ons', () => {
    expect(splitPassageSentences('园区实现产值1010亿元。增长25%！是吗？')).toEqual(['园区实现产值1010亿元。', '增长25%！', '是吗？']);
    const pieces = splitPassageSentences(`${'很长的分句，'.repeat(30)}结束。`, 50);
    expect(pieces.every((piece) => piece.length <= 50)).toBe(true);
    expect(pieces.join('')).toBe(`${'很长的分句，'.repeat(30)}结束。`);
  });
});
