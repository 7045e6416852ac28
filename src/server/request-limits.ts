import { maxQuestionChars, type ChatTurn } from '../question/answer-parts.ts';
import { HttpError } from './http-error.ts';

/** One set of input limits for every route (the JSON schemas and error messages read these too). */
export const requestLimits = {
  bodyBytes: 16 * 1024,
  /** One feedback record is one line written to disk: smaller than other bodies (the widget trims the answer to fit). */
  feedbackBytes: 8 * 1024,
  questionChars: maxQuestionChars,
  historyTurns: 20,
  turnChars: 4000,
  topKMin: 1,
  topKMax: 20,
} as const;

/** Characters as a reader counts them (code points), matching ajv's maxLength. */
const characters = (text: string) => [...text].length;

/**
 * The same checks the /api/answer schema makes, for inputs that are derived rather than sent as such
 * (the OpenAI route builds its question and history from `messages`).
 */
export function checkConversation(question: string, history: ChatTurn[]): void {
  if (question.trim() === '') throw new HttpError('QUESTION_EMPTY', 'question is empty: the last user message has no text');
  if (characters(question) > requestLimits.questionChars) {
    throw new HttpError('QUESTION_TOO_LONG', `question is too long: at most ${requestLimits.questionChars} characters`);
  }
  if (history.length > requestLimits.historyTurns) {
    throw new HttpError('HISTORY_TOO_LONG', `history is too long: at most ${requestLimits.historyTurns} turns`);
  }
  const longTurn = history.findIndex((turn) => characters(turn.content) > requestLimits.turnChars);
  if (longTurn !== -1) {
    throw new HttpError('HISTORY_TOO_LONG', `history[${longTurn}].content is too long: at most ${requestLimits.turnChars} characters per turn`);
  }
}
