import { Type, type Static } from '@sinclair/typebox';
import { requestLimits } from '../request-limits.ts';
import { stringEnum } from './string-enum.ts';

export const feedbackRequestSchema = Type.Object(
  {
    answerId: Type.Optional(Type.String({ maxLength: 200, description: 'Your id for the answer, if you keep one' })),
    question: Type.String({ minLength: 1, maxLength: requestLimits.questionChars, pattern: '\\S' }),
    answer: Type.String({ maxLength: 8000 }),
    rating: stringEnum(['up', 'down'] as const),
    comment: Type.Optional(Type.String({ maxLength: 1000 })),
    citations: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20, description: 'Ids of the passages the answer cited' })),
  },
  { additionalProperties: false },
);

export type FeedbackRequestBody = Static<typeof feedbackRequestSchema>;

export const feedbackResponseSchema = Type.Object({
  id: Type.String(),
  receivedAt: Type.String(),
});
