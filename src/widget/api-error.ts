/**
 * Why a request to the answer service failed, in the terms the UI explains to a reader:
 * - `offline`: no response at all (network down, server stopped);
 * - `blocked`: the server is up but refuses this page's origin (CORS), so only the site owner can fix it;
 * - `network`: the request failed on the way although the server is up and CORS cannot be the cause
 *   (the page is on the API's own origin): a dropped connection, a proxy that gave up;
 * - `rate-limited`: 429, with the wait when the server said it;
 * - `server`: any other error status or an `error` event;
 * - `interrupted`: the stream ended before its `done` event.
 */
export type ApiErrorKind = 'offline' | 'blocked' | 'network' | 'rate-limited' | 'server' | 'interrupted';

export interface ApiErrorDetails {
  status?: number;
  code?: string;
  retryAfterSeconds?: number;
  /** The `x-request-id` the client sent (and the server logged), for a bug report. */
  requestId?: string;
  cause?: unknown;
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status: number | undefined;
  readonly code: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly requestId: string | undefined;

  constructor(kind: ApiErrorKind, message: string, { status, code, retryAfterSeconds, requestId, cause }: ApiErrorDetails = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ApiError';
    this.kind = kind;
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
    this.requestId = requestId;
  }

  static isInstance(error: unknown): error is ApiError {
    return error instanceof ApiError;
  }
}

/** `retry-after` is seconds or an HTTP date; either becomes whole seconds from now. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
