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

export function questionText(asked: string): QuestionText {
  const text = asked.trim();
  const language = detectLanguage(text);
  return { text, language, normalized: language === 'zh' ? toSimplified(text) : text };
}
