import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EnrichmentRecord } from './enrichment-record.ts';

/**
 * Puts one record into its document's enrichment file, replacing the line with the same id (a stale
 * record) or adding it, lines in chunk order. The file is written to a temporary name and renamed, so an
 * interrupted run leaves either the old file or the new one: every record accepted before it is kept.
 * Lines this writer does not understand (not JSON, no id) are kept as they are, never dropped.
 */
export function writeEnrichmentRecord(file: string, record: EnrichmentRecord, chunkOrder: string[]): void {
  const byId = new Map<string, string>();
  const other: string[] = [];
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const id = idOf(line);
      if (id === undefined || byId.has(id)) other.push(line);
      else byId.set(id, line);
    }
  }
  byId.set(record.id, JSON.stringify(record));
  const position = new Map(chunkOrder.map((id, index) => [id, index]));
  // Records of chunks that no longer exist keep their relative order after the known ones.
  const keyed = [...byId].map(([id, line], index) => ({ line, key: position.get(id) ?? chunkOrder.length + index }));
  const lines = [...keyed.sort((a, b) => a.key - b.key).map((item) => item.line), ...other];
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, lines.join('\n') + '\n');
  renameSync(temporary, file);
}

function idOf(line: string): string | undefined {
  try {
    const value = JSON.parse(line) as { id?: unknown } | null;
    return typeof value?.id === 'string' ? value.id : undefined;
  } catch {
    return undefined;
  }
}
