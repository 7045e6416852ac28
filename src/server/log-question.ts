import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AnswerPart, AnswerResponse } from '../question/answer-parts.ts';
import { redactContacts } from '../generation/redact-contacts.ts';
import type { QuestionLogEntry } from '../question-log/question-log-entry.ts';

/** The partner site's origin from the Origin header (http/https only, never a path); undefined otherwise. */
export function partnerOrigin(header: string | undefined): string | undefined {
  if (header === undefined || header === 'null') return undefined;
  try {
    const url = new URL(header);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The log entry for one answer. Only what the issue lists: contact data in the question (phone
 * numbers, e-mail addresses, ID numbers …, personal or not) is removed; no IP, no history, no user id.
 */
export function questionLogEntry(
  request: FastifyRequest,
  reply: FastifyReply,
  question: string,
  response: AnswerResponse,
  channel: QuestionLogEntry['channel'],
  at: Date,
): QuestionLogEntry {
  const origin = partnerOrigin(request.headers.origin);
  return {
    id: randomUUID(),
    at: at.toISOString(),
    requestId: request.id,
    question: redactContacts(question),
    // Traditional-Chinese questions count as Chinese in the insights (the script is not a topic).
    language: response.language === 'en' ? 'en' : 'zh',
    ...(response.resolvedQuestion !== undefined ? { resolvedQuestion: redactContacts(response.resolvedQuestion) } : {}),
    answered: response.answered,
    citations: response.citations.map((citation) => citation.id),
    mode: response.mode,
    channel,
    latencyMs: Math.round(reply.elapsedTime),
    ...(origin !== undefined ? { origin } : {}),
  };
}

/** Hands the answer to the write-behind question log; returns at once (see question-logger.ts). */
export function logQuestion(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  question: string,
  response: AnswerResponse,
  channel: QuestionLogEntry['channel'],
): void {
  if (!app.questionLogger.stats().enabled) return;
  try {
    app.questionLogger.record(questionLogEntry(request, reply, question, response, channel, app.questionLogClock()));
  } catch (error) {
    // Building an entry must never cost the visitor the answer.
    request.log.warn({ err: error }, 'question not logged');
  }
}

/** The stream unchanged; its final response is logged as it passes (a stream the client left is not). */
export async function* loggedParts(parts: AsyncIterable<AnswerPart>, onDone: (response: AnswerResponse) => void): AsyncGenerator<AnswerPart> {
  for await (const part of parts) {
    if (part.type === 'done') onDone(part.response);
    yield part;
  }
}
