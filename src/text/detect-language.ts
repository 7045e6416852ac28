/** The language the engine reads a question in (it works on simplified Chinese for either script). */
export type Language = 'zh' | 'en';

/**
 * The language an answer is written in: Chinese in simplified (`zh`) or traditional characters (`zh-Hant`,
 * for a question asked in traditional characters), or English.
 */
export type AnswerLanguage = Language | 'zh-Hant';

const cjkPattern = /[\u3400-\u9fff\uf900-\ufaff]/gu;
const latinWordPattern = /[A-Za-z]{2,}/g;
const chineseInterrogative = /什么|什麼|何时|何時|多少|哪|吗|嗎|几|幾|如何|怎么|怎麼|怎样|怎樣|是否|为什么|為什麼|为何|為何|有没有|有沒有/;
const englishOpening = /^\W*(?:what|who|whom|whose|which|when|where|why|how|is|are|was|were|do|does|did|can|could|will|would|tell|list|name)\b/i;

/**
 * `zh` for Chinese in either script, `en` otherwise. A question that is mostly English but names a
 * Chinese company ("What did 信达生物 launch?") is English: it takes three English words and
 * at least one per four Chinese characters to call mixed text English.
 */
export function detectLanguage(text: string): Language {
  const cjk = text.match(cjkPattern)?.length ?? 0;
  const latinWords = text.match(latinWordPattern)?.length ?? 0;
  if (cjk === 0) return 'en';
  if (latinWords * 4 < cjk) return 'zh';
  // A Chinese question word asks in Chinese, however many English names it holds ("Innovent的PD-1 Tyvyt何時獲批？").
  if (chineseInterrogative.test(text) && !englishOpening.test(text)) return 'zh';
  // Three English words, or two that open an English question ("What is 苏州纳米城?", "How big is 纳米城?").
  if (latinWords >= 3 || (latinWords >= 2 && englishOpening.test(text))) return 'en';
  return 'zh';
}
