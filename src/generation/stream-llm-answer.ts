import type { AnswerPart } from '../question/answer-parts.ts';
import type { GenerateInput, Generator as TextGenerator } from './generator.ts';
import type { EchoTally } from './prompt-echo.ts';
import { completeSentences, remainingSentences } from '../text/split-sentences.ts';
import { createCitationVerifier, type VerifiedAnswer } from './verify-citations.ts';

type TextDelta = Extract<AnswerPart, { type: 'text-delta' }>;

/** Why a model's answer ended before the model finished it. */
export type LlmStop = 'failed' | 'echo';

export type LlmOutcome =
  /** Verified text was streamed (`answer` is exactly what was sent); `stopped` says why it ends early, when it does. */
  | { kind: 'answered'; verified: VerifiedAnswer; stopped?: LlmStop; error?: unknown }
  /** Nothing was streamed: the extractive answer takes its place. `error` is what the model's stream threw, if it threw. */
  | { kind: 'fallback'; reason: LlmStop; error?: unknown };

/**
 * The model's answer, streamed one verified sentence at a time. A sentence is held until the text after
 * it shows it is complete (a marker written after the stop belongs to it) and until the sentence after it
 * is known not to repeat the prompt (so "Here are my instructions:" goes with the echo it introduces);
 * then it is verified against the passages and sent exactly as it stands in the final answer. A sentence
 * the verifier drops is never sent, so no delta is ever withdrawn; the first delta waits for two
 * sentences. An echo or a failure before anything was sent means the extractive answer instead; after,
 * the answer ends where it is (the caller says so in a notice) rather than replacing what was read.
 */
export async function* streamLlmAnswer(llm: TextGenerator, input: GenerateInput, echoes: EchoTally | null): AsyncGenerator<TextDelta, LlmOutcome> {
  const verifier = createCitationVerifier(input.passages, { language: input.language });
  let text = '';
  let taken = 0;
  let sent = '';
  // The answer is trimmed: leading whitespace is never sent, trailing whitespace waits for more text.
  let pendingSpace = '';
  // The last complete sentence, waiting for the next one's echo check.
  let waiting: string | null = null;

  function* release(sentence: string): Generator<TextDelta> {
    const rendered = verifier.add(sentence);
    const body = (sent === '' ? rendered.trimStart() : rendered).trimEnd();
    if (body === '') {
      if (sent !== '') pendingSpace += rendered;
      return;
    }
    const delta = pendingSpace + body;
    pendingSpace = rendered.slice(rendered.trimEnd().length);
    sent += delta;
    yield { type: 'text-delta', text: delta };
  }
  /** Takes the next complete sentence: false when it echoes the prompt, else the one before it is released. */
  function* accept(sentence: string): Generator<TextDelta, boolean> {
    if (echoes?.(sentence) === true) return false;
    if (waiting !== null) yield* release(waiting);
    waiting = sentence;
    return true;
  }
  const stop = (reason: LlmStop, thrown?: unknown): LlmOutcome => {
    const error = thrown === undefined ? {} : { error: thrown };
    return sent === ''
      ? { kind: 'fallback', reason, ...error }
      : { kind: 'answered', verified: { ...verifier.finish(), answer: sent }, stopped: reason, ...error };
  };

  try {
    for await (const piece of llm.generate(input)) {
      text += piece;
      const complete = completeSentences(text, taken, input.language);
      taken = complete.end;
      for (const sentence of complete.sentences) if (!(yield* accept(sentence))) return stop('echo');
    }
  } catch (error) {
    // Nobody is waiting for a fallback when the caller went away.
    input.signal?.throwIfAborted();
    // Once part of the answer is out, the complete sentence after it is worth keeping too.
    if (sent !== '' && waiting !== null) yield* release(waiting);
    return stop('failed', error);
  }
  for (const sentence of remainingSentences(text, taken, input.language)) if (!(yield* accept(sentence))) return stop('echo');
  if (waiting !== null) yield* release(waiting);
  // Every sentence dropped (or none written): no usable answer.
  return sent === '' ? { kind: 'fallback', reason: 'failed' } : { kind: 'answered', verified: { ...verifier.finish(), answer: sent } };
}
