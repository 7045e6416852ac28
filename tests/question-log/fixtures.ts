import type { QuestionLogEntry } from '../../src/question-log/question-log-entry.ts';

let counter = 0;

/** A stored entry with sensible defaults; tests override what they look at. */
export function entry(overrides: Partial<QuestionLogEntry> = {}): QuestionLogEntry {
  counter += 1;
  return {
    id: `entry-${counter}`,
    at: '2026-12-01T08:00:00.000Z',
    requestId: `request-${counter}`,
    question: '2020年园区生物医药产业产值是多少？',
    language: 'zh',
    answered: true,
    citations: [],
    mode: { retrieval: 'lexical', generator: 'extractive' },
    channel: 'answer',
    latencyMs: 3,
    ...overrides,
  };
}
