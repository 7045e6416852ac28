import { americanSpelling } from './american-spelling.ts';
import { englishFillerWords } from './stop-words.ts';

// English words of a question, a gloss or a name, lemmatised alike so they meet (the English bridge's keys).

// Plural-looking words that are not plurals.
const keepWhole = new Set(['news', 'series', 'species', 'means', 'physics', 'economics', 'analytics', 'diabetes', 'gas', 'bus', 'yes']);

/** A deliberately simple lemmatiser, applied alike to questions, glosses and names so they meet. */
export function lemmatise(word: string): string {
  let lemma = americanSpelling(word.toLowerCase());
  if (lemma.length <= 3 || keepWhole.has(lemma) || /\d/.test(lemma)) return lemma;
  if (lemma.endsWith('ies') && lemma.length > 4) return `${lemma.slice(0, -3)}y`;
  if (lemma.endsWith('ied') && lemma.length > 4) return `${lemma.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(lemma)) return lemma;
  if (/(xes|ches|shes|sses|zes)$/.test(lemma)) lemma = lemma.slice(0, -2);
  else if (lemma.endsWith('s')) lemma = lemma.slice(0, -1);
  else if (lemma.endsWith('ed') && !lemma.endsWith('eed') && lemma.length > 4) lemma = undouble(lemma.slice(0, -2));
  else if (lemma.endsWith('ing') && lemma.length > 5) lemma = undouble(lemma.slice(0, -3));
  // approve/approved/approving and manufacture/manufacturing all end up without the final e.
  return lemma.length > 3 && lemma.endsWith('e') ? lemma.slice(0, -1) : lemma;
}

function undouble(stem: string): string {
  return stem.length > 3 && /([^aeiouls])\1$/.test(stem) ? stem.slice(0, -1) : stem;
}

export interface Word {
  raw: string;
  lemma: string;
  /** Stop words and bare numbers never start or end a dictionary phrase. */
  weak: boolean;
  /** Offsets in `cleanEnglish(text)`, to quote the words a term came from. */
  start: number;
  end: number;
}

/** Possessives off (A*STAR's → A*STAR, companies' → companies), typographic quotes straight. */
export function cleanEnglish(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[‘’`´]/g, "'")
    .replace(/(\w)'s\b/g, '$1')
    .replace(/s'(?=\s|$|[,.;:?!])/g, 's');
}

export function englishWords(text: string): Word[] {
  return [...cleanEnglish(text).matchAll(/[A-Za-z0-9]+(?:[*&+][A-Za-z0-9]+)*/g)].map((match) => {
    const raw = match[0];
    const lemma = lemmatise(raw);
    return { raw, lemma, weak: englishFillerWords.has(raw.toLowerCase()) || /^\d+$/.test(raw), start: match.index, end: match.index + raw.length };
  });
}

export const spacedKey = (words: readonly Word[]): string => words.map((word) => word.lemma).join(' ');
// "Nano City" / "Nanocity", "AI Speech" / "AISpeech", "nano-tech" / "nanotech" meet on this key.
export const compactKey = (words: readonly Word[]): string => lemmatise(words.map((word) => word.raw).join(''));
