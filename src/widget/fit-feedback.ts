import type { FeedbackInput } from './api-client.ts';

/** The API's cap on one feedback body (`requestLimits.feedbackBytes` on the server; a test keeps them equal). */
export const FEEDBACK_BYTES = 8 * 1024;

const encoder = new TextEncoder();
const bodyBytes = (input: FeedbackInput) => encoder.encode(JSON.stringify(input)).length;

/**
 * The feedback as it can be sent: when the whole body would exceed the API's cap (a long answer in
 * Chinese is 3 bytes a character), the answer is cut to fit and ends with "…". The rating, question,
 * comment and citation ids are what matter, and the answer id still names the answer.
 */
export function fitFeedback(input: FeedbackInput, maxBytes = FEEDBACK_BYTES): FeedbackInput {
  if (bodyBytes(input) <= maxBytes) return input;
  const characters = [...input.answer];
  const withAnswer = (count: number): FeedbackInput => ({ ...input, answer: `${characters.slice(0, count).join('')}…` });
  // The longest prefix that fits, found by halving (JSON escapes make the size not simply additive).
  let fits = 0;
  let tooLong = characters.length;
  while (tooLong - fits > 1) {
    const middle = Math.floor((fits + tooLong) / 2);
    if (bodyBytes(withAnswer(middle)) <= maxBytes) fits = middle;
    else tooLong = middle;
  }
  return withAnswer(fits);
}
