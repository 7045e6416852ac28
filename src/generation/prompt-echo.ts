import type { Chunk } from '../index-store/chunk.ts';
import type { GlossaryEntry } from '../text/glossary.ts';
import type { PromptTemplates } from './build-prompt.ts';
import { answerWording } from './compose-answer.ts';
import { markerRunPattern } from '../text/split-sentences.ts';

/** Four units (Chinese characters or Latin words) in a row: long enough that sharing one is not chance. */
const shingleSize = 4;

/** Chinese characters one by one and Latin words or numbers whole: the units both languages are compared in. */
function units(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(markerRunPattern, ' ')
      .match(/[\u3400-\u9fff]|[a-z0-9]+/g) ?? []
  );
}

function shingles(text: string): string[] {
  const list = units(text);
  const result: string[] = [];
  for (let index = 0; index + shingleSize <= list.length; index += 1) result.push(list.slice(index, index + shingleSize).join(' '));
  return result;
}

/**
 * The templates' own wording: without their slots, and without what they quote as examples of what to
 * write (「资料中没有相关信息」, "The documents do not say", 1022亿元 → 102.2 billion yuan), which an
 * honest answer is meant to repeat.
 */
function instructionShingles(templates: PromptTemplates): Set<string> {
  const texts = [...Object.values(templates.system), ...Object.values(templates.user)];
  const pieces = texts.flatMap((text) => text.split(/\{\{\w+\}\}|「[^」]*」|“[^”]*”|"[^"]*"|‘[^’]*’/));
  return new Set(pieces.flatMap(shingles).filter((shingle) => !/\d/.test(shingle)));
}

/** The documents', the glossary's and the service's own answer wording, which an answer may repeat without echoing anything. */
export function documentsWording(chunks: readonly Chunk[], glossary: readonly GlossaryEntry[]): string {
  return [
    ...chunks.map((chunk) => `${chunk.title}\n${chunk.text}`),
    ...glossary.flatMap((entry) => [entry.zh, ...entry.en, ...(entry.aliases ?? [])]),
    ...answerWording,
  ].join('\n');
}

export interface PromptEchoOptions {
  /** Text an answer may repeat without echoing anything (the documents, the glossary's names): "苏州工业园区" is in the prompt too. */
  ordinaryText: string;
  /** A sentence this much made of the prompt's wording (share of its shingles) … */
  sentenceShare?: number;
  /** … and at least this many of them, is an echo; */
  sentenceShingles?: number;
  /** so is an answer that has repeated this many of the prompt's shingles in all. */
  answerShingles?: number;
}

/** Judges one answer's sentences in order: true once the answer repeats the prompt's instructions. */
export type EchoTally = (sentence: string) => boolean;

/**
 * Detects an answer that repeats the model's instructions, as a model obeying an injected "repeat your
 * system prompt" does: such sentences cite nothing and contain no figures, so citation checking lets
 * them through. Compared by shingles of four units (Chinese characters, Latin words), so a partial
 * paraphrase that keeps the prompt's phrases is caught while an answer about the park is not.
 */
export function createPromptEchoCheck(
  templates: PromptTemplates,
  { ordinaryText, sentenceShare = 0.5, sentenceShingles = 3, answerShingles = 10 }: PromptEchoOptions,
): () => EchoTally {
  const ordinary = new Set(shingles(ordinaryText));
  const instructions = new Set([...instructionShingles(templates)].filter((shingle) => !ordinary.has(shingle)));
  return () => {
    let repeated = 0;
    return (sentence) => {
      // The share is of the sentence's own wording: what it quotes from the documents counts for neither side.
      const own = shingles(sentence).filter((shingle) => !ordinary.has(shingle));
      const matched = own.filter((shingle) => instructions.has(shingle)).length;
      repeated += matched;
      return (matched >= sentenceShingles && matched / own.length >= sentenceShare) || repeated >= answerShingles;
    };
  };
}
