import { STATUS_CODES } from 'node:http';

/** Stable codes for what the HTTP layer itself rejects; clients and tests match on these, never on messages. */
export const httpErrorStatus = {
  BODY_INVALID: 400,
  BODY_MALFORMED_JSON: 400,
  QUESTION_EMPTY: 400,
  QUESTION_TOO_LONG: 400,
  HISTORY_INVALID: 400,
  HISTORY_TOO_LONG: 400,
  TOPK_OUT_OF_RANGE: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  BODY_TOO_LARGE: 413,
  FEEDBACK_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  TOO_MANY_STREAMS: 429,
  FEEDBACK_QUOTA_EXCEEDED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  SERVER_BUSY: 503,
  FEEDBACK_UNAVAILABLE: 503,
} as const;

export type HttpErrorCode = keyof typeof httpErrorStatus;

/** An error the HTTP layer raises on purpose; its message is written for the client. */
export class HttpError extends Error {
  readonly code: HttpErrorCode;
  readonly statusCode: number;
  readonly headers: Record<string, string>;

  constructor(code: HttpErrorCode, message: string, options: { headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.statusCode = httpErrorStatus[code];
    this.headers = options.headers ?? {};
  }

  static isInstance(error: unknown): error is HttpError {
    return error instanceof HttpError;
  }
}

/** The one error body every 4xx/5xx carries (Fastify's own shape plus a stable code). */
export interface ErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
}

export function errorBody(statusCode: number, code: string, message: string): ErrorBody {
  return { statusCode, code, error: STATUS_CODES[statusCode] ?? 'Error', message };
}
