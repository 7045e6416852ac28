import type { Chunk } from '../index-store/chunk.ts';
import { chunkTextHash, parseEnrichmentText, type EnrichmentFileProblem, type EnrichmentRecord } from './enrichment-record.ts';

/** How the enrichment entries fit the chunks they were written for. */
export interface EnrichmentStatus {
  /** Chunks in the index. */
  chunks: number;
  /** Chunks with a current entry (id and text hash match). */
  matched: number;
  /** Chunks whose entry was written for another text (the chunk changed since): not used. */
  stale: string[];
  /** Chunks without any entry. */
  missing: string[];
  /** Entries naming a chunk the corpus does not have (a document removed or re-split). */
  orphaned: string[];
  /** Lines that could not be read, named by file and line. */
  problems: EnrichmentFileProblem[];
}

export interface MatchedEnrichment {
  /** Current entries by chunk id. */
  byId: Map<string, EnrichmentRecord>;
  status: EnrichmentStatus;
}

/**
 * Ties enrichment entries to chunks by id and by the hash of the chunk's cleaned text: an entry whose
 * hash differs was written for text that has since changed, and is reported as stale rather than shown
 * (its English would no longer say what the Chinese says). Its Chinese pieces must also still rebuild the
 * text exactly, since answers map quoted sentences through them.
 */
export function matchEnrichment(chunks: readonly Chunk[], files: ReadonlyArray<{ file: string; text: string }>): MatchedEnrichment {
  return matchParsedEnrichment(
    chunks,
    files.map(({ file, text }) => parseEnrichmentText(text, file)),
  );
}

/** matchEnrichment for files already parsed (the index loader reads the alias names first, for jieba). */
export function matchParsedEnrichment(
  chunks: readonly Chunk[],
  parsedFiles: ReadonlyArray<{ records: EnrichmentRecord[]; problems: EnrichmentFileProblem[] }>,
): MatchedEnrichment {
  const entries = new Map<string, EnrichmentRecord>();
  const problems: EnrichmentFileProblem[] = [];
  for (const parsed of parsedFiles) {
    problems.push(...parsed.problems);
    for (const record of parsed.records) entries.set(record.id, record);
  }
  const byId = new Map<string, EnrichmentRecord>();
  const stale: string[] = [];
  const missing: string[] = [];
  const known = new Set<string>();
  for (const chunk of chunks) {
    known.add(chunk.id);
    const record = entries.get(chunk.id);
    if (record === undefined) missing.push(chunk.id);
    else if (record.hash !== chunkTextHash(chunk.text) || record.sentences.map((piece) => piece.zh).join('') !== chunk.text) stale.push(chunk.id);
    else byId.set(chunk.id, record);
  }
  const orphaned = [...entries.keys()].filter((id) => !known.has(id));
  return { byId, status: { chunks: chunks.length, matched: byId.size, stale, missing, orphaned, problems } };
}

/** One line for people: how many passages have an English edition and which entries need rewriting. */
export function describeEnrichmentStatus(status: EnrichmentStatus, { listAll = false }: { listAll?: boolean } = {}): string[] {
  const lines = [`English editions: ${status.matched} of ${status.chunks} passages (${status.stale.length} stale, ${status.missing.length} missing)`];
  const show = (ids: string[]) => (listAll || ids.length <= 10 ? ids.join(', ') : `${ids.slice(0, 10).join(', ')} … and ${ids.length - 10} more`);
  if (status.stale.length > 0) lines.push(`  stale (the passage's text changed; run \`npm run enrich\`): ${show(status.stale)}`);
  if (status.missing.length > 0) lines.push(`  missing (answered through the English→Chinese bridge): ${show(status.missing)}`);
  if (status.orphaned.length > 0) lines.push(`  entries for passages the corpus no longer has: ${show(status.orphaned)}`);
  for (const problem of status.problems.slice(0, listAll ? undefined : 10)) lines.push(`  ${problem.file}:${problem.line}: ${problem.message}`);
  return lines;
}
