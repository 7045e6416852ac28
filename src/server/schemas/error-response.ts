import { Type } from '@sinclair/typebox';

export const errorResponseSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable cause, e.g. QUESTION_TOO_LONG' }),
    error: Type.String({ description: 'HTTP status text' }),
    message: Type.String({ description: 'What was wrong, for people' }),
  },
  { description: 'Every 4xx/5xx response' },
);

/** The error statuses every route can answer with, for the OpenAPI document. */
export const errorResponses = { '4xx': errorResponseSchema, '5xx': errorResponseSchema } as const;
