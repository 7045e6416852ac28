import { describe, expect, it } from 'vitest';
import { meanRecallAtK, recallAtK } from '../../src/bench/recall.ts';

describe('recallAtK', () => {
  it('is the share of the exact top k found in the approximate top k, order aside', () => {
    expect(recallAtK(['a', 'b', 'c'], ['c', 'b', 'a'], 3)).toBe(1);
    expect(recallAtK(['a', 'x', 'y', 'b'], ['a', 'b', 'c', 'd'], 4)).toBe(0.5);
  });

  it('looks only at the first k of each list', () => {
    expect(recallAtK(['x', 'a'], ['a', 'b'], 1)).toBe(0);
    expect(recallAtK(['a', 'x', 'b'], ['a', 'b', 'c'], 2)).toBe(0.5);
  });

  it('divides by what exists when the exact list is shorter than k, and counts duplicates once', () => {
    expect(recallAtK(['a', 'a', 'b'], ['a', 'b'], 10)).toBe(1);
    expect(recallAtK(['a', 'a'], ['a', 'b'], 10)).toBe(0.5);
    expect(recallAtK([], [], 10)).toBe(1);
  });
});

describe('meanRecallAtK', () => {
  it('averages over queries', () => {
    expect(
      meanRecallAtK(
        [
          [1, 2],
          [3, 9],
        ],
        [
          [1, 2],
          [3, 4],
        ],
        2,
      ),
    ).toBe(0.75);
  });

  it('refuses mismatched or empty query lists', () => {
    expect(() => meanRecallAtK([[1]], [], 1)).toThrow(RangeError);
    expect(() => meanRecallAtK([], [], 1)).toThrow(RangeError);
  });
});
