import { questionLogFile, type Config } from '../config.ts';
import { jsonLinesQuestionStore } from './json-lines-question-store.ts';
import type { QuestionLogStore } from './question-log-store.ts';

/**
 * The configured question-log store: today the JSON-lines file beside feedback (QUESTION_LOG_FILE). The
 * one place a PostgreSQL store (DATABASE_URL, issue 16) plugs in for the server and `npm run insights` alike.
 */
export function openQuestionLogStore(config: Pick<Config, 'QUESTION_LOG_FILE' | 'FEEDBACK_FILE'>): QuestionLogStore {
  return jsonLinesQuestionStore(questionLogFile(config));
}
