import type { ChatTurn } from '../question/answer-parts.ts';
import type { Turn } from './chat-turn.ts';
import type { StoredTurn } from './conversation-store.ts';
import type { FeedbackInput } from './api-client.ts';
import { QUESTION_CHARS } from './chat-frame.ts';
import { fitFeedback } from './fit-feedback.ts';

/** The API accepts at most 20 history turns of at most 4000 characters. */
const HISTORY_TURNS = 20;
const TURN_CHARS = 4000;

/** Finished exchanges, oldest first, as the API's `history` (failed and stopped turns are left out). */
export function historyOf(turns: readonly Turn[]): ChatTurn[] {
  return turns
    .flatMap((turn): ChatTurn[] =>
      turn.status === 'done' && turn.response !== undefined
        ? [
            { role: 'user', content: turn.question.slice(0, TURN_CHARS) },
            { role: 'assistant', content: turn.response.answer.slice(0, TURN_CHARS) },
          ]
        : [],
    )
    .slice(-HISTORY_TURNS);
}

/** What the conversation store keeps: finished turns, with the feedback that was sent. */
export function storedTurnsOf(turns: readonly Turn[]): StoredTurn[] {
  return turns.flatMap((turn): StoredTurn[] =>
    turn.status === 'done' && turn.response !== undefined
      ? [
          {
            id: turn.id,
            question: turn.question,
            response: turn.response,
            ...(turn.feedbackState === 'sent' && turn.feedback !== undefined ? { feedback: turn.feedback } : {}),
          },
        ]
      : [],
  );
}

export function turnFromStored(stored: StoredTurn): Turn {
  return {
    id: stored.id,
    question: stored.question,
    status: 'done',
    text: stored.response.answer,
    citations: stored.response.citations,
    response: stored.response,
    feedbackState: stored.feedback !== undefined ? 'sent' : 'idle',
    ...(stored.feedback !== undefined ? { feedback: stored.feedback } : {}),
    comment: '',
    copyState: 'idle',
  };
}

/** The feedback request for a rated turn, within the API's limits. */
export function feedbackFor(turn: Turn & { feedback: 'up' | 'down'; response: NonNullable<Turn['response']> }): FeedbackInput {
  const comment = turn.comment.trim();
  return fitFeedback({
    question: turn.question.slice(0, QUESTION_CHARS),
    answer: turn.response.answer.slice(0, 8000),
    rating: turn.feedback,
    answerId: turn.answerId ?? turn.id,
    citations: turn.response.citations.slice(0, 20).map((citation) => citation.id),
    ...(comment !== '' ? { comment: comment.slice(0, 1000) } : {}),
  });
}
