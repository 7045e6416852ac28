import { fileURLToPath } from 'node:url';
import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/eval/dataset.ts';
import { approximateChatUsage, approximateTokens } from '../../src/text/approximate-tokens.ts';

describe('approximateTokens', () => {
  it('counts a CJK character as one token and other text as one per four characters', () => {
    expect(approximateTokens('')).toBe(0);
    expect(approximateTokens('园区')).toBe(2);
    expect(approximateTokens('蘇州，')).toBe(3);
    expect(approximateTokens('output value')).toBe(3);
    // '2020' 年 产 值 '1022' 亿 元
    expect(approximateTokens('2020年产值1022亿元')).toBe(7);
  });

  it('adds 3 per message and 3 for the reply, the prompt counting every message sent', () => {
    expect(approximateChatUsage([{ content: '园区' }], 'abcd')).toEqual({ prompt_tokens: 3 + 3 + 2, completion_tokens: 1, total_tokens: 9 });
    expect(approximateChatUsage([{ content: 'You are a pirate.' }, { content: '园区' }], '').prompt_tokens).toBe(3 + 3 + 5 + 3 + 2);
  });

  it('stays within the range of OpenAI’s own tokenizers on the evaluation’s questions', () => {
    const questions = loadDataset(fileURLToPath(new URL('../../eval/questions.jsonl', import.meta.url))).map((item) => item.question);
    const total = (count: (text: string) => number) => questions.reduce((sum, text) => sum + count(text), 0);
    const ours = total(approximateTokens);
    const [o200kEncoding, cl100kEncoding] = [getEncoding('o200k_base'), getEncoding('cl100k_base')];
    const o200k = total((text) => o200kEncoding.encode(text).length);
    const cl100k = total((text) => cl100kEncoding.encode(text).length);
    // Between the two encodings in use (o200k counts Chinese tighter, cl100k looser), within 35% of each.
    expect(ours).toBeGreaterThan(Math.min(o200k, cl100k));
    expect(ours).toBeLessThan(Math.max(o200k, cl100k));
    expect(Math.abs(ours / o200k - 1)).toBeLessThan(0.35);
    expect(Math.abs(ours / cl100k - 1)).toBeLessThan(0.35);
  });
});
