import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Chunk } from '../index-store/chunk.ts';
import type { GlossaryEntry } from '../text/glossary.ts';

export const defaultPromptsDir = fileURLToPath(new URL('../../prompts/', import.meta.url));

export interface EnrichmentPrompt {
  system: string;
  user: string;
}

const slotPattern = /\{\{(\w+)\}\}/g;
const userSlots = ['glossary', 'passages', 'feedback'];

/** Reads `enrich.system.txt` and `enrich.user.txt`; a missing file or slot stops the run before any LLM call. */
export function loadEnrichmentPrompt(promptsDir: string = defaultPromptsDir): EnrichmentPrompt {
  const read = (name: string): string => {
    try {
      return readFileSync(path.join(promptsDir, name), 'utf8');
    } catch {
      throw new Error(`prompt template ${name} is missing from ${path.resolve(promptsDir)}`);
    }
  };
  const prompt = { system: read('enrich.system.txt'), user: read('enrich.user.txt') };
  const slots = new Set([...prompt.user.matchAll(slotPattern)].map((match) => match[1]));
  const missing = userSlots.filter((slot) => !slots.has(slot));
  if (missing.length > 0) throw new Error(`prompt template enrich.user.txt lacks the slot(s) ${missing.map((slot) => `{{${slot}}}`).join(', ')}`);
  return prompt;
}

// A Chinese sentence: up to and including 。！？；(or ASCII forms) and any closing quotes or brackets after them.
const chineseSentence = /[^。！？；!?;]*[。！？；!?;]+[”’」』）)】]*|[^。！？；!?;]+$/g;

/** The chunk text cut into sentences the way the checks expect them; the pieces concatenate to the text. */
export function splitChineseSentences(text: string): string[] {
  return text.match(chineseSentence) ?? [text];
}

/** What went wrong with a chunk's previous answer, told to the model on a retry. */
export interface RetryFeedback {
  chunkId: string;
  problems: string[];
}

/** One message pair asking for the records of `chunks`, with the glossary names they contain. */
export function buildEnrichmentMessages(
  prompt: EnrichmentPrompt,
  chunks: Chunk[],
  glossary: GlossaryEntry[],
  feedback: RetryFeedback[] = [],
): { system: string; user: string } {
  const allText = chunks.map((chunk) => `${chunk.title}${chunk.text}`).join('\n');
  const names = glossary.filter((entry) => allText.includes(entry.zh)).map((entry) => `- ${entry.zh} → ${entry.en.join(' / ')}`);
  const passages = chunks
    .map((chunk) => {
      const pieces = splitChineseSentences(chunk.text).map((piece, index) => `  ${index + 1}. ${inert(piece)}`);
      return [
        `<passage id="${chunk.id}">`,
        `title: ${inert(chunk.title)}`,
        `section: ${inert(chunk.section.join(' > '))}`,
        `year: ${chunk.year}`,
        'pieces:',
        ...pieces,
        '</passage>',
      ].join('\n');
    })
    .join('\n\n');
  const feedbackText =
    feedback.length === 0
      ? ''
      : `\nYour previous answer for these passages failed the checks; write them again and fix exactly these problems:\n${feedback
          .map((item) => `- ${item.chunkId}:\n${item.problems.map((problem) => `    - ${problem}`).join('\n')}`)
          .join('\n')}\n`;
  return {
    system: prompt.system,
    user: fill(prompt.user, { glossary: names.length > 0 ? names.join('\n') : '(none)', passages, feedback: feedbackText }),
  };
}

/** One pass over the template: slot-like text inside a value is never expanded. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(slotPattern, (whole, name: string) => values[name] ?? whole);
}

/** A passage containing `</passage>` must not close its block: the tag is made inert with full-width brackets. */
function inert(text: string): string {
  return text.replace(/<(\/?)(passages?)\b/gi, '＜$1$2');
}
