/**
 * Why a document cannot be added or removed, with the HTTP status the admin API answers: too large
 * (413), a type we do not read (415), bytes we cannot turn into text (422), metadata that does not
 * validate (400), no such document (404), or one already in the corpus (409).
 */
export const documentErrorStatus = {
  DOC_TOO_LARGE: 413,
  DOC_UNKNOWN_TYPE: 415,
  DOC_CORRUPT: 422,
  DOC_ENCRYPTED: 422,
  DOC_NO_TEXT_LAYER: 422,
  DOC_EMPTY: 422,
  DOC_INVALID_METADATA: 400,
  DOC_NOT_FOUND: 404,
  DOC_DUPLICATE: 409,
} as const;

export type DocumentErrorCode = keyof typeof documentErrorStatus;

/**
 * A document that cannot be extracted. `file` is the name it was given; the message names it too and
 * says why, and is safe to show to the person who uploaded it. Same shape as `RagError`
 * (`code`, `statusCode`, message) so the HTTP layer can answer it the same way once uploads exist.
 */
export class DocumentError extends Error {
  readonly code: DocumentErrorCode;
  readonly statusCode: number;
  readonly file: string;

  constructor(code: DocumentErrorCode, file: string, reason: string, options?: { cause?: unknown }) {
    super(`${file}: ${reason}`, options);
    this.name = 'DocumentError';
    this.code = code;
    this.statusCode = documentErrorStatus[code];
    this.file = file;
  }

  static isInstance(error: unknown): error is DocumentError {
    return error instanceof DocumentError;
  }
}
