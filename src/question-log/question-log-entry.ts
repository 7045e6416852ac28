import { z } from 'zod';

/**
 * One answered or declined question, as stored. Deliberately nothing that identifies a person: no IP
 * address, no user or session id, no conversation history; the question's contact data is redacted
 * before it gets here (see log-question.ts), and `origin` is a partner site's origin, never a path.
 */
export const questionLogEntrySchema = z.object({
  /** The log's own id. */
  id: z.string(),
  /** When the answer finished (ISO 8601, UTC). */
  at: z.string(),
  /** The request id (x-request-id): feedback naming it as `answerId` belongs to this entry. */
  requestId: z.string(),
  question: z.string(),
  language: z.enum(['zh', 'en']),
  /** The standalone question a follow-up was rewritten into, when it was. */
  resolvedQuestion: z.string().optional(),
  answered: z.boolean(),
  /** Ids of the passages the answer cited, in citation order. */
  citations: z.array(z.string()),
  mode: z.object({ retrieval: z.enum(['hybrid', 'lexical']), generator: z.enum(['llm', 'extractive']) }),
  /** Which door the question came through. */
  channel: z.enum(['answer', 'answer-stream', 'chat', 'chat-stream']),
  /** From the request's arrival to the final answer, ms. */
  latencyMs: z.number().nonnegative(),
  /** The partner site's origin (scheme://host[:port]) from the Origin header, when a browser sent one. */
  origin: z.string().optional(),
});

export type QuestionLogEntry = z.infer<typeof questionLogEntrySchema>;
