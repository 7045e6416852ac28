import { redactContacts } from '../generation/redact-contacts.ts';
import { groupQuestions, type QuestionGroup } from './group-questions.ts';
import type { QuestionLogEntry } from './question-log-entry.ts';
import type { QuestionTerms } from './question-terms.ts';

/** A feedback record as insights need it (the JSON-lines feedback file and a Postgres table both give this). */
export interface FeedbackForInsights {
  receivedAt: string;
  answerId?: string | undefined;
  question: string;
  answer: string;
  rating: 'up' | 'down';
  comment?: string | undefined;
  citations?: string[] | undefined;
}

/** A passage of the index, for "cited most" and "never cited". */
export interface PassageForInsights {
  id: string;
  title: string;
  document: string;
}

export interface Insights {
  generatedAt: string;
  /** The days covered (in `timeZone`); null ends when the log is empty. */
  range: { from: string | null; to: string | null; days: number | null };
  timeZone: string;
  totals: { questions: number; answered: number; declined: number; zh: number; en: number; thumbsUp: number; thumbsDown: number; feedbackLinked: number };
  perDay: Array<{ day: string; questions: number; zh: number; en: number; answered: number; declined: number }>;
  /** All questions grouped by meaning, most asked first. */
  topQuestions: QuestionGroup[];
  /** The questions the documents could not answer, grouped the same way: the content to write next. */
  declinedQuestions: QuestionGroup[];
  passagesCitedMost: Array<PassageForInsights & { citations: number }>;
  passagesNeverCited: PassageForInsights[];
  thumbsDown: Array<{ receivedAt: string; question: string; comment: string | null; answered: boolean | null; citations: string[]; linked: boolean }>;
  origins: Array<{ origin: string; questions: number }>;
}

export interface InsightsInput {
  entries: readonly QuestionLogEntry[];
  feedback: readonly FeedbackForInsights[];
  passages: readonly PassageForInsights[];
  terms: QuestionTerms;
  now?: Date;
  /** Only the last this many days (counted back from `now`); all stored entries when omitted. */
  days?: number;
  /** Days are counted in the park's time zone by default. */
  timeZone?: string;
  /** Groups and passages listed at most. */
  limit?: number;
}

const dayMs = 24 * 60 * 60 * 1000;

/** What visitors asked, what the documents could not answer, what they cited, and what visitors marked down. */
export function computeInsights({
  entries,
  feedback,
  passages,
  terms,
  now = new Date(),
  days,
  timeZone = 'Asia/Shanghai',
  limit = 20,
}: InsightsInput): Insights {
  const since = days === undefined ? -Infinity : now.getTime() - days * dayMs;
  const inRange = entries.filter((entry) => Date.parse(entry.at) >= since);
  const feedbackInRange = feedback.filter((record) => Date.parse(record.receivedAt) >= since);
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });

  const perDay = new Map<string, Insights['perDay'][number]>();
  const citedCount = new Map<string, number>();
  const origins = new Map<string, number>();
  const byRequest = new Map<string, QuestionLogEntry>();
  for (const entry of inRange) {
    const day = dayOf.format(new Date(entry.at));
    const row = perDay.get(day) ?? { day, questions: 0, zh: 0, en: 0, answered: 0, declined: 0 };
    row.questions += 1;
    row[entry.language] += 1;
    row[entry.answered ? 'answered' : 'declined'] += 1;
    perDay.set(day, row);
    for (const id of new Set(entry.citations)) citedCount.set(id, (citedCount.get(id) ?? 0) + 1);
    if (entry.origin !== undefined) origins.set(entry.origin, (origins.get(entry.origin) ?? 0) + 1);
    byRequest.set(entry.requestId, entry);
  }
  const days_ = [...perDay.values()].sort((a, b) => a.day.localeCompare(b.day));

  const passageById = new Map(passages.map((passage) => [passage.id, passage]));
  const passagesCitedMost = [...citedCount.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([id, citations]) => ({ ...(passageById.get(id) ?? { id, title: '(no longer in the index)', document: '' }), citations }));
  const passagesNeverCited = passages.filter((passage) => !citedCount.has(passage.id));

  const down = feedbackInRange.filter((record) => record.rating === 'down');
  const thumbsDown = down
    .map((record) => {
      const entry = record.answerId === undefined ? undefined : byRequest.get(record.answerId);
      // Feedback is stored as the visitor sent it; what the team sees has contact data removed like the log.
      return {
        receivedAt: record.receivedAt,
        question: entry?.question ?? redactContacts(record.question),
        comment: record.comment === undefined ? null : redactContacts(record.comment),
        answered: entry?.answered ?? null,
        citations: entry?.citations ?? record.citations ?? [],
        linked: entry !== undefined,
      };
    })
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));

  const asked = inRange.map((entry) => ({ question: entry.resolvedQuestion ?? entry.question, language: entry.language }));
  const declined = inRange
    .filter((entry) => !entry.answered)
    .map((entry) => ({ question: entry.resolvedQuestion ?? entry.question, language: entry.language }));
  const answered = inRange.filter((entry) => entry.answered).length;

  return {
    generatedAt: now.toISOString(),
    range: { from: days_[0]?.day ?? null, to: days_.at(-1)?.day ?? null, days: days ?? null },
    timeZone,
    totals: {
      questions: inRange.length,
      answered,
      declined: inRange.length - answered,
      zh: inRange.filter((entry) => entry.language === 'zh').length,
      en: inRange.filter((entry) => entry.language === 'en').length,
      thumbsUp: feedbackInRange.length - down.length,
      thumbsDown: down.length,
      feedbackLinked: feedbackInRange.filter((record) => record.answerId !== undefined && byRequest.has(record.answerId)).length,
    },
    perDay: days_,
    topQuestions: groupQuestions(asked, terms).slice(0, limit),
    declinedQuestions: groupQuestions(declined, terms).slice(0, limit),
    passagesCitedMost,
    passagesNeverCited,
    thumbsDown,
    origins: [...origins.entries()].sort((a, b) => b[1] - a[1]).map(([origin, questions]) => ({ origin, questions })),
  };
}
