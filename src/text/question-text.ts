import { detectLanguage, type Language } from './detect-language.ts';
import { toSimplified } from './to-simplified.ts';

/**
 * A question as every stage reads it, worked out once: trimmed, its language, and the text the engine searches
 * and reasons over (simplified Chinese for either script; English unchanged). Retrieval and analysis share it
 * instead of each trimming, detecting the language and converting the script again.
 */
export interface QuestionText {
  /** As asked, trimmed. */
  text: string;
  language: Language;
  /** Simplified Chinese for a Chinese question in either script; the text itself for English. */
  normalized: string;
}

/** The Chinese written inside a (mostly English) text, in simplified characters, runs joined by spaces; '' when none. */
export function chineseRunsOf(text: string): string {
  const runs = text.match(/[\u3400-\u9fff\uf900-\ufaff]+/g);
  return runs === null ? '' : toSimplified(runs.join(' '));
}

export function questionText(asked: string): QuestionText {
  const text = asked.trim();
  const language = detectLanguage(text);
  return { text, language, normalized: language === 'zh' ? toSimplified(text) : text };
}
