import { parseCliArgs } from '../cli/parse-cli-args.ts';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.ts';
import { describeDatabase } from '../index-store/database-pool.ts';
import { ingestToDatabase } from '../index-store/ingest-to-database.ts';
// The ingest command reports what the enrichment matcher finds (a command, not the ingest library, imports it).
import { describeEnrichmentStatus, matchEnrichment } from '../enrichment/match-enrichment.ts';
import { buildChunks, buildIndex, embeddingOptions, listChunks, type BuildIndexOptions } from './build-index.ts';

const usage = `Usage: npm run ingest -- [--force] [--list] [--json] [--no-dense]
  (no flag)   build index/ from corpus/ (a no-op when nothing changed); with DATABASE_URL, publish a new
              index version to the database and make it the active one (replicas switch to it)
  --force     rebuild even when the corpus and settings are unchanged
  --list      print every chunk (id, section path, text) with counts per document, and every stale or
              missing English edition; writes nothing
  --json      with --list: one chunk JSON object per line
  --no-dense  build the lexical index only, without trying to load the embedding model`;

async function main(): Promise<void> {
  const parsed = parseCliArgs(usage, { flags: ['force', 'list', 'json', 'no-dense'] });
  if (parsed === undefined) return;
  const { values } = parsed;
  const config = loadConfig();
  if (values.list) {
    const { chunks, perDocument, enrichmentFiles } = await listChunks(config.corpusDir);
    const enrichment = matchEnrichment(chunks, enrichmentFiles);
    if (values.json) {
      for (const chunk of chunks) console.log(JSON.stringify(chunk));
      return;
    }
    for (const chunk of chunks) {
      console.log(`\n── ${chunk.id}  ${chunk.section.join(' › ')}  (${chunk.year}, ${chunk.text.length} chars)`);
      console.log(chunk.text);
    }
    console.log('');
    console.table(perDocument);
    console.log(`${chunks.length} chunks`);
    for (const line of describeEnrichmentStatus(enrichment.status, { listAll: true })) console.log(line);
    return;
  }

  const bar = new cliProgress.SingleBar(
    { format: 'embedding {bar} {value}/{total} chunks | {eta}s left', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let barStarted = false;
  const options: Omit<BuildIndexOptions, 'indexDir'> = {
    corpusDir: config.corpusDir,
    force: values.force ?? false,
    embedding: embeddingOptions(config, { dense: !(values['no-dense'] ?? false) }),
    onProgress: (done, total) => {
      if (!barStarted) {
        bar.start(total, 0);
        barStarted = true;
      }
      bar.update(done);
    },
    log: (line) => console.log(line),
  };
  if (config.DATABASE_URL !== undefined) {
    const result = await ingestToDatabase({ ...options, databaseUrl: config.DATABASE_URL, connectAttempts: config.DATABASE_CONNECT_ATTEMPTS });
    if (barStarted) bar.stop();
    if (result.summary === null) {
      console.log(`the active index version in ${describeDatabase(config.DATABASE_URL)} matches the corpus; use --force to publish a new one`);
      return;
    }
    const { manifest } = result.summary;
    console.log(
      `index version ${result.versionId} published to ${describeDatabase(config.DATABASE_URL)} and active: ` +
        `${manifest.documents.length} documents, ${manifest.chunkCount} chunks, ` +
        `built in ${result.summary.seconds.total.toFixed(1)} s, written in ${result.publishSeconds.toFixed(1)} s`,
    );
    return;
  }
  const summary = await buildIndex({ ...options, indexDir: config.indexDir });
  if (barStarted) bar.stop();
  const { chunks, enrichmentFiles } = buildChunks(config.corpusDir);
  const enrichmentLines = describeEnrichmentStatus(matchEnrichment(chunks, enrichmentFiles).status);
  if (summary.skipped) {
    console.log(`index is up to date (${summary.manifest.chunkCount} chunks, built ${summary.manifest.builtAt}); use --force to rebuild`);
    for (const line of enrichmentLines) console.log(line);
    return;
  }
  console.table(summary.perDocument.map((row) => ({ document: row.slug, chunks: row.chunks, characters: row.chars })));
  console.table({
    documents: summary.manifest.documents.length,
    chunks: summary.manifest.chunkCount,
    tokens: summary.tokens,
    'lexical terms': summary.manifest.lexical.terms,
    dense: summary.manifest.dense ? `${summary.manifest.dense.model} (${summary.manifest.dense.dims} dims)` : `off: ${summary.manifest.denseReason}`,
    'clean+split s': summary.seconds.clean.toFixed(2),
    'lexical s': summary.seconds.lexical.toFixed(2),
    'dense s': summary.seconds.dense.toFixed(2),
    'total s': summary.seconds.total.toFixed(2),
  });
  for (const line of enrichmentLines) console.log(line);
  console.log(`index written to ${config.indexDir}`);
}

main().catch((error: unknown) => {
  console.error(`ingest failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error('The previous index (or the active database version), if any, is unchanged.');
  process.exit(1);
});
