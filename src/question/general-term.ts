import type { Language } from '../text/detect-language.ts';
import type { GlossaryEntry } from '../text/glossary.ts';
import { escapeRegExp } from '../text/escape-reg-exp.ts';

const zhWhatIs = /^(?:请问)?(?:什么是|何为|何谓|啥是)(.+?)[？?]?$/;
const zhMeaning = /^(?:请问)?(.+?)(?:是什么意思|是指什么|指的是什么|是什么|是啥)[？?]?$/;
const zhAsks = [zhWhatIs, zhMeaning];
const enAsks = [/^\s*what (?:is|are) (?:an? |the )?(.+?)\s*\??$/i, /^\s*what does (?:an? |the )?(.+?) (?:stand for|mean)\s*\??$/i, /^\s*define (.+?)\s*\??$/i];
/**
 * The same patterns for the question without its closing `\s*\??`. Trying that closing from every
 * character of the subject made a question with a long run of spaces quadratic; with it cut off, each
 * character costs one step.
 */
const enAsksBeforeClosing = enAsks.map((pattern) => new RegExp(pattern.source.replace(String.raw`\s*\??$`, '$'), pattern.flags));
const lineBreak = /[\n\r\u2028\u2029]/;

/** Where the question's closing `\s*\??` starts (the longest such ending). */
function closingStart(question: string): number {
  let end = question.length;
  if (question[end - 1] === '?') end -= 1;
  while (end > 0 && /\s/.test(question[end - 1] as string)) end -= 1;
  return end;
}

/** What `enAsks[index]` captures in a trimmed question, without the quadratic retries (see enAsksBeforeClosing). */
function englishSubject(question: string, index: number): string | undefined {
  const body = question.slice(0, closingStart(question));
  // "what are the " can reach into the closing ("What is the ?"): then the full pattern, cheap on so little.
  if (body.length <= 16) return enAsks[index]?.exec(question)?.[1];
  // The subject is `.+?`: a line break before the closing means no match.
  if (lineBreak.test(body)) return undefined;
  return enAsksBeforeClosing[index]?.exec(body)?.[1];
}

/**
 * «什么是科创板？», "What is an IPO?", "What does MEMS stand for?": a question asking to define a
 * general concept (a glossary `term`, not one of the park's companies, platforms or events). Returns
 * the Chinese forms of the term, or null when the question defines nothing of the kind. The documents
 * use such terms without explaining them, so only a sentence that defines one answers (see `defines`).
 */
export function generalTermAsked(question: string, language: Language, glossary: GlossaryEntry[]): string[] | null {
  const asked = question.trim();
  const subject = (language === 'zh' ? zhAsks.map((pattern) => pattern.exec(asked)?.[1]) : enAsks.map((_, index) => englishSubject(asked, index)))
    .find((match) => match !== undefined)
    ?.trim();
  if (subject === undefined || subject === '') return null;
  const lower = subject.toLowerCase();
  const entry = glossary.find(
    (item) =>
      item.kind === 'term' && (language === 'zh' ? [item.zh, ...(item.aliases ?? [])].includes(subject) : item.en.some((name) => name.toLowerCase() === lower)),
  );
  if (entry !== undefined) return [entry.zh, ...(entry.aliases ?? [])];
  // A general term the glossary does not hold at all ("IPO", "an IPO"): spelled out in Latin letters, never the park's own.
  return language === 'en' && /^[A-Z0-9]{2,6}s?$/.test(subject) && !glossary.some((item) => item.en.some((name) => name.toLowerCase() === lower))
    ? [subject]
    : null;
}

const definitionPatterns = new WeakMap<string[], RegExp[]>();

/** Whether a sentence explains the term (「科创板是…」「所谓MEMS，即…」) rather than only using it. */
export function defines(sentence: string, forms: string[]): boolean {
  // Built once per term asked about, not for every sentence read.
  let patterns = definitionPatterns.get(forms);
  if (patterns === undefined) {
    patterns = forms.map((form) => new RegExp(`${escapeRegExp(form)}[”"」]?(?:，|,)?(?:是指|是|即|指|系)`));
    definitionPatterns.set(forms, patterns);
  }
  return forms.some((form, index) => patterns[index]?.test(sentence) === true || sentence.includes(`所谓${form}`));
}

let knownWords: { text: string; words: Set<string> } | undefined;
/** The words of the documents' English, collected once (the text is the same for every question). */
function wordsOf(text: string): Set<string> {
  if (knownWords?.text !== text) knownWords = { text, words: new Set(text.toLowerCase().match(/[a-z0-9][a-z0-9-]*/g) ?? []) };
  return knownWords.words;
}

/** What a definition question asks to define («什么是X», "What is X?"), or undefined when it asks no such thing. */
function definitionSubject(question: string, language: Language): string | undefined {
  const asked = question.trim();
  const subject = (language === 'zh' ? zhAsks.map((pattern) => pattern.exec(asked)?.[1]) : enAsks.map((_, index) => englishSubject(asked, index)))
    .find((match) => match !== undefined)
    ?.trim();
  if (subject === undefined) return undefined;
  return language === 'zh'
    ? subject.replace(/^(?:苏州工业园区|工业园区|园区)的?/, '').replace(/[「」“”"《》]/g, '')
    : subject.replace(/^(?:SIP|Suzhou Industrial Park|the park)['’]s\s+/i, '').replace(/["“”'‘’]/g, '');
}

/**
 * «什么是光刻机？», "What is a PD-1 inhibitor?": a thing the documents never name, so no passage can say what it
 * is; returns it (to be declined like a general term no sentence defines), or null when the documents name it or
 * the question defines nothing. `chinese` is the documents' text; `english` their English editions and names.
 */
export function unnamedSubjectAsked(
  question: string,
  language: Language,
  known: { chinese: string; english: string | undefined; glossary: GlossaryEntry[] },
): string[] | null {
  const subject = definitionSubject(question, language);
  if (subject === undefined) return null;
  if (language === 'zh') {
    // 「iPS细胞」: a Chinese name may carry Latin letters; a name in Latin letters alone is left to the glossary.
    if (subject.length < 2 || subject.length > 8 || !/^[\u4e00-\u9fffA-Za-z0-9-]+$/.test(subject) || !/[\u4e00-\u9fff]/.test(subject)) return null;
    const named = known.chinese.includes(subject) || known.glossary.some((entry) => entry.zh === subject || entry.aliases?.includes(subject));
    return named ? null : [subject];
  }
  const english = known.english;
  if (english === undefined) return null;
  // "Rainmed's caiMR system": the owner and the thing are named apart ("the caiMR system from Rainmed").
  const parts = subject.toLowerCase().split(/['’]s\s+/);
  if (parts.some((part) => part.split(/\s+/).length > 3 || part.length < 3)) return null;
  // Word by word: "caiMR system" is the documents' "measurement system (caiMR)".
  const words = wordsOf(english);
  const isNamed = (part: string) =>
    part.split(/\s+/).every((word) => words.has(word) || words.has(word.replace(/(?<!s)s$/, '')) || !/[a-z]/.test(word)) ||
    known.glossary.some((entry) => entry.en.some((name) => name.toLowerCase() === part));
  return parts.every(isNamed) ? null : [subject];
}

// "How does a PCSK9 inhibitor actually lower cholesterol?": how a kind of thing works (a/an), general knowledge.
const enHowAKindWorks = new RegExp(
  String.raw`^\s*(?:how|why) (?:does|do|can|would|will|is|are) (?:a|an) ([a-z0-9][\w-]*(?: [a-z0-9][\w-]*){0,3}?) (?:actually |really |exactly )?` +
    String.raw`(?:work|works|lower|reduce|raise|increase|treat|cure|cause|affect|help|function|differ|compare|kill|block|bind|target)\b`,
  'i',
);

/** The kind of thing a question asks how it works ("a PCSK9 inhibitor"), declined unless a sentence explains it; else null. */
export function kindMechanismAsked(question: string, language: Language): string[] | null {
  if (language !== 'en') return null;
  const kind = enHowAKindWorks.exec(question)?.[1];
  return kind === undefined ? null : [kind];
}
