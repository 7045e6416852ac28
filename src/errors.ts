/** Stable error codes shared by the engine, the CLIs and the HTTP layer. */
export const errorStatus = {
  RAG_BAD_REQUEST: 400,
  RAG_CORPUS_INVALID: 500,
  RAG_INDEX_MISSING: 503,
  RAG_INDEX_MISMATCH: 503,
  RAG_INDEX_CORRUPT: 503,
  RAG_LLM_UNAVAILABLE: 502,
  RAG_NOT_FOUND: 404,
  RAG_CONFIG_INVALID: 500,
  RAG_ABORTED: 499,
} as const;

export type ErrorCode = keyof typeof errorStatus;

/** An error with a stable code and the HTTP status it maps to; the message is safe to show. */
export class RagError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RagError';
    this.code = code;
    this.statusCode = errorStatus[code];
  }

  static isInstance(error: unknown): error is RagError {
    return error instanceof RagError;
  }
}
