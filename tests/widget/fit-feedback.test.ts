import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requestLimits } from '../../src/server/request-limits.ts';
import { FEEDBACK_BYTES, fitFeedback } from '../../src/widget/fit-feedback.ts';

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
const base = {
  question: '2020年园区生物医药产业产值是多少？',
  rating: 'down' as const,
  answerId: 'a1b2c3',
  citations: ['yearbook-2020-emerging#1'],
  comment: '缺少增长率',
};

describe('fitFeedback (the widget keeps feedback under the API’s size cap)', () => {
  it('uses the server’s cap', () => {
    expect(FEEDBACK_BYTES).toBe(requestLimits.feedbackBytes);
  });

  it('sends feedback that fits unchanged', () => {
    const input = { ...base, answer: '1022亿元 [1]。' };
    expect(fitFeedback(input)).toBe(input);
  });

  it('cuts a long Chinese answer to the longest prefix that fits, marked with …, keeping everything else', () => {
    const answer = '园区生物医药产业实现产值1022亿元 [1]。'.repeat(200);
    const fitted = fitFeedback({ ...base, answer });
    expect(bytes(fitted)).toBeLessThanOrEqual(FEEDBACK_BYTES);
    expect(fitted.answer.endsWith('…')).toBe(true);
    expect(answer.startsWith(fitted.answer.slice(0, -1))).toBe(true);
    // One more character would not fit.
    expect(bytes({ ...fitted, answer: `${answer.slice(0, fitted.answer.length)}…` })).toBeGreaterThan(FEEDBACK_BYTES);
    expect({ ...fitted, answer: undefined }).toEqual({ ...base, answer: undefined });
  });

  it('always fits, whatever the answer holds (escapes, emoji, quotes)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 8000 }), fc.integer({ min: 600, max: 9000 }), (answer, maxBytes) => {
        const fitted = fitFeedback({ ...base, answer }, maxBytes);
        expect(bytes(fitted)).toBeLessThanOrEqual(maxBytes);
        if (fitted.answer !== answer) expect(answer.startsWith(fitted.answer.slice(0, -1))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
