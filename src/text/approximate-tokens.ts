/**
 * Approximate token counts for the OpenAI route's `usage`. The service runs no model tokenizer (the
 * extractive mode has no model at all, and an LLM behind LLM_BASE_URL may tokenize any way), so counts
 * follow a plain rule instead: every CJK character (Han, kana, Hangul, CJK and full-width punctuation)
 * is one token, and every run of other text is one token per four characters (rounded up), OpenAI's rule
 * of thumb for English. Over the evaluation's questions and answers this comes to ~1.16× what OpenAI's
 * o200k_base tokenizer counts and ~0.83× cl100k_base (tests/text/approximate-tokens.test.ts).
 */
const cjkRun = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/u;
const pieces = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+/gu;

export function approximateTokens(text: string): number {
  let tokens = 0;
  for (const piece of text.match(pieces) ?? []) tokens += cjkRun.test(piece) ? 1 : Math.ceil(piece.length / 4);
  return tokens;
}

/** OpenAI's chat format adds about 3 tokens per message (role, separators) and 3 to start the reply. */
const perMessage = 3;
const replyPriming = 3;

export interface TokenUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/**
 * `usage` for one chat completion: the prompt is every message the client sent (system messages too:
 * the client sent them, though the service does not pass them on), the completion is the returned content.
 */
export function approximateChatUsage(messages: readonly { content: string }[], completion: string): TokenUsage {
  const prompt = messages.reduce((sum, message) => sum + perMessage + approximateTokens(message.content), replyPriming);
  const completionTokens = approximateTokens(completion);
  return { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens };
}
