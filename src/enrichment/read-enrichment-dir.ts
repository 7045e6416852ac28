import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readEnrichmentFile, type EnrichmentFileProblem, type EnrichmentRecord } from './enrichment-record.ts';

/** Where a corpus keeps its enrichment: `<corpus>/enrichment/<document slug>.jsonl`. */
export function enrichmentDir(corpusDir: string): string {
  return join(corpusDir, 'enrichment');
}

export function enrichmentFile(corpusDir: string, slug: string): string {
  return join(enrichmentDir(corpusDir), `${slug}.jsonl`);
}

/** Every record of every `*.jsonl` file in the folder (none when it does not exist), with the lines that failed to parse. */
export async function readEnrichmentDir(folder: string): Promise<{ records: EnrichmentRecord[]; problems: EnrichmentFileProblem[] }> {
  const records: EnrichmentRecord[] = [];
  const problems: EnrichmentFileProblem[] = [];
  if (!existsSync(folder)) return { records, problems };
  for (const name of readdirSync(folder)
    .filter((file) => file.endsWith('.jsonl'))
    .sort()) {
    const read = await readEnrichmentFile(join(folder, name));
    records.push(...read.records);
    problems.push(...read.problems);
  }
  return { records, problems };
}
