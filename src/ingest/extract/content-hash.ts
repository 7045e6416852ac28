import { createHash } from 'node:crypto';

/** sha256 of a document's bytes (hex): the same file added twice has the same hash. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
