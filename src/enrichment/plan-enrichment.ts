import type { Chunk } from '../index-store/chunk.ts';
import { chunkTextHash, type EnrichmentRecord } from './enrichment-record.ts';

/** A chunk `npm run enrich` has to write: it has no record, or its record was written for another text. */
export interface EnrichmentTask {
  chunk: Chunk;
  reason: 'missing' | 'stale';
}

/** The chunks whose enrichment is missing or stale, in corpus order; a chunk with a fresh record is done. */
export function planEnrichment(chunks: Chunk[], records: EnrichmentRecord[]): EnrichmentTask[] {
  const hashes = new Map(records.map((record) => [record.id, record.hash]));
  const tasks: EnrichmentTask[] = [];
  for (const chunk of chunks) {
    const hash = hashes.get(chunk.id);
    if (hash === undefined) tasks.push({ chunk, reason: 'missing' });
    else if (hash !== chunkTextHash(chunk.text)) tasks.push({ chunk, reason: 'stale' });
  }
  return tasks;
}
