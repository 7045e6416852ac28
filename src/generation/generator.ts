import type { Language } from '../text/detect-language.ts';
import type { ChatTurn } from '../question/answer-parts.ts';

/** The system and user prompt templates, per language (read by build-prompt's `loadPromptTemplates`). */
export interface PromptTemplates {
  system: Record<Language, string>;
  user: Record<Language, string>;
}

/** A passage as handed to a generator, numbered as it will be cited. */
export interface NumberedPassage {
  n: number;
  id: string;
  title: string;
  section: string[];
  year: number;
  text: string;
  documentTitle: { zh: string; en: string };
  /** The passage's English edition (corpus/enrichment): given to the model beside the Chinese for an English question. */
  english?: { title: string; text: string };
}

export interface GenerateInput {
  /** The question as asked (or the standalone rewrite of a follow-up). */
  question: string;
  language: Language;
  passages: NumberedPassage[];
  history: ChatTurn[];
  signal?: AbortSignal;
}

/**
 * A text generator: yields the answer text in pieces, with `[n]` markers referring to
 * `passages[].n`. Citation verification happens after it, for every generator alike.
 */
export interface Generator {
  readonly kind: 'llm' | 'extractive';
  readonly model: string | null;
  /** The instructions it sends a model, so an answer that repeats them can be caught (prompt-echo.ts). */
  readonly prompts?: PromptTemplates;
  generate(input: GenerateInput): AsyncIterable<string>;
}
