import type { AnswerMode, AnswerResponse, Citation, EnglishEdition } from '../question/answer-parts.ts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOr = (value: unknown, fallback = '') => (typeof value === 'string' ? value : fallback);
const numberOr = (value: unknown, fallback = 0) => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);

/** A passage's English edition (bilingual knowledge base); its text is empty in a restored conversation (fetched again). */
export function toEnglishEdition(value: unknown): EnglishEdition | undefined {
  if (!isRecord(value) || typeof value.text !== 'string') return undefined;
  return { title: stringOr(value.title), text: value.text, ...(typeof value.quote === 'string' && value.quote !== '' ? { quote: value.quote } : {}) };
}

/**
 * Server data is checked before it is rendered (and it is always rendered as text). A guard this
 * small keeps the widget bundle free of a schema library; missing display fields fall back to empty.
 */
export function toCitation(value: unknown): Citation | undefined {
  if (!isRecord(value) || typeof value.n !== 'number' || typeof value.id !== 'string') return undefined;
  const documentTitle = isRecord(value.documentTitle) ? value.documentTitle : {};
  const english = toEnglishEdition(value.english);
  return {
    n: value.n,
    id: value.id,
    docId: stringOr(value.docId),
    title: stringOr(value.title),
    section: Array.isArray(value.section) ? value.section.filter((item): item is string => typeof item === 'string') : [],
    year: numberOr(value.year),
    text: stringOr(value.text),
    quote: stringOr(value.quote),
    score: numberOr(value.score),
    documentTitle: { zh: stringOr(documentTitle.zh), en: stringOr(documentTitle.en) },
    ...(english !== undefined ? { english } : {}),
  };
}

export function toCitations(value: unknown): Citation[] {
  return Array.isArray(value) ? value.map(toCitation).filter((citation): citation is Citation => citation !== undefined) : [];
}

export function toAnswerMode(value: unknown): AnswerMode | undefined {
  if (!isRecord(value)) return undefined;
  const { retrieval, generator } = value;
  if ((retrieval !== 'hybrid' && retrieval !== 'lexical') || (generator !== 'llm' && generator !== 'extractive')) return undefined;
  return { retrieval, generator };
}

/** The `done` event or JSON body; undefined when it is not an answer at all. */
export function toAnswerResponse(value: unknown): AnswerResponse | undefined {
  if (!isRecord(value) || typeof value.answer !== 'string') return undefined;
  const timings = isRecord(value.timingsMs) ? value.timingsMs : {};
  const suggestions = Array.isArray(value.suggestions)
    ? value.suggestions.filter((item): item is string => typeof item === 'string' && item.trim() !== '' && item.length <= 1000).slice(0, 5)
    : [];
  return {
    answer: value.answer,
    answered: value.answered !== false,
    language: value.language === 'en' || value.language === 'zh-Hant' ? value.language : 'zh',
    citations: toCitations(value.citations),
    mode: toAnswerMode(value.mode) ?? { retrieval: 'lexical', generator: 'extractive' },
    timingsMs: { retrieval: numberOr(timings.retrieval), generation: numberOr(timings.generation), total: numberOr(timings.total) },
    ...(typeof value.notice === 'string' && value.notice !== '' ? { notice: value.notice } : {}),
    ...(typeof value.resolvedQuestion === 'string' && value.resolvedQuestion !== '' ? { resolvedQuestion: value.resolvedQuestion } : {}),
    ...(suggestions.length > 0 ? { suggestions } : {}),
  };
}

/** An `{ code, message }` error body or event, when that is what it is. */
export function toErrorBody(value: unknown): { code: string | undefined; message: string } | undefined {
  if (!isRecord(value) || typeof value.message !== 'string') return undefined;
  return { code: typeof value.code === 'string' ? value.code : undefined, message: value.message };
}

export type PassageDetails = Pick<Citation, 'id' | 'text' | 'title' | 'section' | 'year' | 'documentTitle' | 'english'>;

/** `GET /api/passages/:id` ({ chunk, document }) in the shape a citation carries. */
export function toPassageDetails(value: unknown): PassageDetails | undefined {
  if (!isRecord(value) || !isRecord(value.chunk) || !isRecord(value.document)) return undefined;
  const citation = toCitation({ ...value.chunk, n: 0, documentTitle: value.document.title, english: value.english });
  if (citation === undefined || citation.text === '') return undefined;
  const { id, text, title, section, year, documentTitle, english } = citation;
  return { id, text, title, section, year, documentTitle, ...(english !== undefined ? { english } : {}) };
}
