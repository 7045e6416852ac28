import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { RagError } from '../errors.ts';
import type { Language } from '../text/detect-language.ts';
import type { GenerateInput, NumberedPassage, PromptTemplates } from './generator.ts';

export type { PromptTemplates };

export const defaultPromptsDir = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** How many earlier turns go to the model: enough to resolve "and in 2021?", few enough to keep the prompt small. */
export const maxHistoryTurns = 6;

export interface BuildPromptOptions {
  promptsDir?: string | undefined;
}

const slotPattern = /\{\{(\w+)\}\}/g;
const requiredUserSlots = ['passages', 'question'];
const cache = new Map<string, PromptTemplates>();

/** Reads `system.{zh,en}.txt` and `user.{zh,en}.txt` once per directory; a missing file or slot fails at start, not mid-answer. */
export function loadPromptTemplates(promptsDir: string = defaultPromptsDir): PromptTemplates {
  const directory = path.resolve(promptsDir);
  const cached = cache.get(directory);
  if (cached) return cached;
  const read = (name: string): string => {
    try {
      return readFileSync(path.join(directory, name), 'utf8');
    } catch {
      throw new RagError('RAG_CONFIG_INVALID', `prompt template ${name} is missing from ${directory}`);
    }
  };
  const templates: PromptTemplates = {
    system: { zh: read('system.zh.txt'), en: read('system.en.txt') },
    user: { zh: read('user.zh.txt'), en: read('user.en.txt') },
  };
  for (const language of ['zh', 'en'] as const) {
    const slots = new Set([...templates.user[language].matchAll(slotPattern)].map((match) => match[1]));
    const missing = requiredUserSlots.filter((slot) => !slots.has(slot));
    if (missing.length > 0) {
      throw new RagError('RAG_CONFIG_INVALID', `prompt template user.${language}.txt lacks the slot(s) ${missing.map((slot) => `{{${slot}}}`).join(', ')}`);
    }
  }
  cache.set(directory, templates);
  return templates;
}

/**
 * Replaces `{{name}}` slots in one pass over the template only, so slot-like text inside the values
 * (a passage quoting `{{question}}`) is never expanded, and `$&`-style patterns are never interpreted.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(slotPattern, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new RagError('RAG_CONFIG_INVALID', `prompt template uses the unknown slot ${whole}`);
    return value;
  });
}

/** `[n] <document title> · <section path> · <year>` then the text: the header tells the model where and when a figure comes from. */
export function renderPassages(passages: NumberedPassage[], language: Language): string {
  return passages
    .map((passage) => {
      const documentTitle = passage.documentTitle[language] || passage.documentTitle.zh;
      const sectionPath = [...passage.section, passage.title].filter((part) => part.trim() !== '').join(' > ');
      const header = [documentTitle, sectionPath, String(passage.year)].filter((part) => part !== '').join(' · ');
      // An English question gets the English edition too: the model writes English from English text and
      // quotes the Chinese, which is what the citation verifier checks against the passage.
      const english =
        language === 'en' && passage.english !== undefined
          ? `\nEnglish edition (${neutraliseDelimiters(passage.english.title)}): ${neutraliseDelimiters(passage.english.text.trim())}`
          : '';
      return `[${passage.n}] ${neutraliseDelimiters(header)}\n${neutraliseDelimiters(passage.text.trim())}${english}`;
    })
    .join('\n\n');
}

/** The messages for one answer: system rules, the last few turns, then passages and question. */
export function buildPrompt(
  input: Pick<GenerateInput, 'question' | 'language' | 'passages' | 'history'>,
  { promptsDir }: BuildPromptOptions = {},
): BaseMessage[] {
  const templates = loadPromptTemplates(promptsDir);
  const history = input.history
    .slice(-maxHistoryTurns)
    .map((turn) => (turn.role === 'user' ? new HumanMessage(turn.content) : new AIMessage(stripCitationMarkers(turn.content))));
  const user = fillTemplate(templates.user[input.language], {
    passages: renderPassages(input.passages, input.language),
    question: neutraliseDelimiters(input.question.trim()),
  });
  return [new SystemMessage(fillTemplate(templates.system[input.language], {})), ...history, new HumanMessage(user)];
}

/**
 * Passage text is data: a passage (or question) containing `</passages>` must not be able to close
 * the block and smuggle text out of it, so the delimiter tags are made inert with full-width brackets.
 */
function neutraliseDelimiters(text: string): string {
  return text.replace(/<(\/?)(passages|question)>/gi, '＜$1$2＞');
}

/**
 * Earlier answers cite earlier passages: their `[n]` would point at this turn's different passage n,
 * inviting the model to copy a wrong citation, so the markers are dropped from history.
 */
function stripCitationMarkers(text: string): string {
  return text.replace(/\s?[[【［][0-9０-９,，、\s]+[\]】］]/g, '');
}
