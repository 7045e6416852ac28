import type { AnswerResponse, Citation } from '../question/answer-parts.ts';
import type { ApiError } from './api-error.ts';
import { isChinese, type UiLanguage, type UiStrings } from './ui-strings.ts';

export type FeedbackState = 'idle' | 'open' | 'sending' | 'sent' | 'failed';

/** One question and its answer as the chat view holds it (the renderers draw it, the controller changes it). */
export interface Turn {
  id: string;
  /** The request id the answer was asked under (x-request-id): feedback names it, linking it to the logged question. */
  answerId?: string;
  question: string;
  /** `stopped`: the reader pressed Stop; whatever had streamed stays, marked as incomplete. */
  status: 'streaming' | 'done' | 'error' | 'stopped';
  /** The streamed text; replaced by the `done` response's answer, which is authoritative. */
  text: string;
  citations: Citation[];
  response?: AnswerResponse;
  error?: ApiError;
  feedback?: 'up' | 'down';
  feedbackState: FeedbackState;
  comment: string;
  copyState: 'idle' | 'copied' | 'failed';
  view?: { root: HTMLElement; answer: HTMLElement; actions: HTMLElement };
}

export interface PassageState {
  turn: Turn;
  citation: Citation;
  opener: HTMLElement | null;
  status: 'ready' | 'loading' | 'missing';
  /** English readers see the English edition first; this switches to the Chinese original. */
  showOriginal: boolean;
}

/** What every renderer needs to know about the view it draws into. */
export interface RenderContext {
  strings: UiStrings;
  language: UiLanguage;
  /** Unique per view, so two views on one page never share element ids. */
  idPrefix: string;
}

/** Random enough for DOM ids and answer ids; works on plain-http partner pages, unlike randomUUID. */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function documentTitleIn(citation: Pick<Citation, 'documentTitle'>, language: UiLanguage): string {
  const { zh, en } = citation.documentTitle;
  return (isChinese(language) ? zh || en : en || zh) || '';
}

/** The language a question is written in, as far as the UI needs it (lang attributes, starter filtering). */
export function textLanguage(text: string): UiLanguage {
  return /[\u3400-\u9fff]/.test(text) ? 'zh' : 'en';
}
