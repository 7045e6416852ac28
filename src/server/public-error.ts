import type { FastifyError } from 'fastify';
import { RagError, type ErrorCode } from '../errors.ts';
import { describeValidationError } from './describe-validation-error.ts';
import { errorBody, HttpError, type ErrorBody } from './http-error.ts';
import { requestLimits } from './request-limits.ts';

export interface PublicError {
  body: ErrorBody;
  headers: Record<string, string>;
  /** True when the cause is ours, not the client's: log it in full, show only the masked body. */
  internal: boolean;
}

/** What a client may learn about an engine failure: the code, never the message (it may name files). */
const maskedRagMessages: Partial<Record<ErrorCode, string>> = {
  RAG_INDEX_MISSING: 'The search index is not available; the operator has to rebuild it.',
  RAG_INDEX_MISMATCH: 'The search index does not match the server configuration; the operator has to rebuild it.',
  RAG_INDEX_CORRUPT: 'The search index is damaged; the operator has to rebuild it.',
  RAG_LLM_UNAVAILABLE: 'The language model did not answer; please try again later.',
};

/** Fastify's own request errors, renamed to our stable codes with messages that say what to send instead. */
const fastifyErrors = new Map<string, () => HttpError>([
  ['FST_ERR_CTP_INVALID_JSON_BODY', () => new HttpError('BODY_MALFORMED_JSON', 'the body is not valid JSON')],
  ['FST_ERR_CTP_EMPTY_JSON_BODY', () => new HttpError('BODY_MALFORMED_JSON', 'the body is empty but content-type says JSON: send a JSON object')],
  ['FST_ERR_CTP_BODY_TOO_LARGE', () => new HttpError('BODY_TOO_LARGE', `the body is too large: at most ${requestLimits.bodyBytes / 1024} KB`)],
  ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', () => new HttpError('BODY_INVALID', 'content-length does not match the body')],
  ['FST_ERR_CTP_INVALID_MEDIA_TYPE', () => new HttpError('UNSUPPORTED_MEDIA_TYPE', 'unsupported content-type: send application/json')],
]);

const fallbackCodes = new Map<number, string>([
  [400, 'RAG_BAD_REQUEST'],
  [401, 'UNAUTHORIZED'],
  [404, 'NOT_FOUND'],
  [413, 'BODY_TOO_LARGE'],
  [415, 'UNSUPPORTED_MEDIA_TYPE'],
  [429, 'RATE_LIMITED'],
]);

function fromHttpError(error: HttpError): PublicError {
  return { body: errorBody(error.statusCode, error.code, error.message), headers: error.headers, internal: error.statusCode >= 500 };
}

/**
 * One mapping from any thrown value to the error body a client sees, shared by the JSON error handler
 * and the SSE `error` event so both say the same thing. Never leaks stacks, paths or 5xx messages.
 */
export function toPublicError(error: unknown): PublicError {
  if (HttpError.isInstance(error)) return fromHttpError(error);
  if (RagError.isInstance(error)) {
    const internal = error.statusCode >= 500;
    const message = internal ? (maskedRagMessages[error.code] ?? 'Internal Server Error') : error.message;
    return { body: errorBody(error.statusCode, error.code, message), headers: {}, internal };
  }
  if (error instanceof Error) {
    const fastifyError = error as FastifyError;
    const firstProblem = fastifyError.validation?.[0];
    if (firstProblem !== undefined) {
      const described = describeValidationError(firstProblem, fastifyError.validationContext);
      return fromHttpError(new HttpError(described.code, described.message));
    }
    const renamed = fastifyErrors.get(fastifyError.code);
    if (renamed !== undefined) return fromHttpError(renamed());
    const status = fastifyError.statusCode;
    // Fastify and its plugins only give 4xx statuses to errors whose messages are meant for the client.
    if (status !== undefined && status >= 400 && status < 500) {
      return { body: errorBody(status, fallbackCodes.get(status) ?? 'RAG_BAD_REQUEST', error.message), headers: {}, internal: false };
    }
  }
  return { body: errorBody(500, 'INTERNAL_ERROR', 'Internal Server Error'), headers: {}, internal: true };
}
