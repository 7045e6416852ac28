import type { Language } from '../text/detect-language.ts';
import type { GlossaryEntry } from '../text/glossary.ts';

const zhAsks = [/^(?:请问)?(?:什么是|何为|何谓|啥是)(.+?)[？?]?$/, /^(?:请问)?(.+?)(?:是什么意思|是指什么|指的是什么|是什么|是啥)[？?]?$/];
const enAsks = [/^\s*what (?:is|are) (?:an? |the )?(.+?)\s*\??$/i, /^\s*what does (?:an? |the )?(.+?) (?:stand for|mean)\s*\??$/i, /^\s*define (.+?)\s*\??$/i];

/**
 * «什么是科创板？», "What is an IPO?", "What does MEMS stand for?": a question asking to define a
 * general concept (a glossary `term`, not one of the park's companies, platforms or events). Returns
 * the Chinese forms of the term, or null when the question defines nothing of the kind. The documents
 * use such terms without explaining them, so only a sentence that defines one answers (see `defines`).
 */
export function generalTermAsked(question: string, language: Language, glossary: GlossaryEntry[]): string[] | null {
  const subject = (language === 'zh' ? zhAsks : enAsks).map((pattern) => pattern.exec(question.trim())?.[1]).find((match) => match !== undefined)?.trim();
  if (subject === undefined || subject === '') return null;
  const lower = subject.toLowerCase();
  const entry = glossary.find((item) => item.kind === 'term' && (language === 'zh' ? [item.zh, ...(item.aliases ?? [])].includes(subject) : item.en.some((name) => name.toLowerCase() === lower)));
  if (entry !== undefined) return [entry.zh, ...(entry.aliases ?? [])];
  // A general term the glossary does not hold at all ("IPO", "an IPO"): spelled out in Latin letters, never the park's own.
  return language === 'en' && /^[A-Z0-9]{2,6}s?$/.test(subject) && !glossary.some((item) => item.en.some((name) => name.toLowerCase() === lower)) ? [subject] : null;
}

/** Whether a sentence explains the term (「科创板是…」「所谓MEMS，即…」) rather than only using it. */
export function defines(sentence: string, forms: string[]): boolean {
  return forms.some((form) => {
    const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`${escaped}[”"」]?(?:，|,)?(?:是指|是|即|指|系)`).test(sentence) || sentence.includes(`所谓${form}`);
  });
}
