import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { crc32 } from 'node:zlib';
import { loadConfig } from '../config.ts';
import { createPool } from '../index-store/database-pool.ts';
import { runMigrations } from '../index-store/migrate.ts';
import { materializeVersion, publishIndexVersion } from '../index-store/pg-index-store.ts';
import { buildChunks } from '../ingest/build-index.ts';
import { indexFiles } from '../index-store/index-files.ts';
import { loadCorpus } from '../ingest/load-corpus.ts';
import { MANIFEST_SCHEMA_VERSION, type Manifest } from '../index-store/manifest.ts';
import { CHUNKER_VERSION } from '../ingest/split-text.ts';
import { LexicalIndex } from '../retrieval/lexical-index.ts';
import { loadIndex } from '../engine/load-index.ts';
import { VectorIndex } from '../retrieval/vector-index.ts';
import { glossaryChineseTerms } from '../text/glossary.ts';
import { createTokenizer } from '../text/tokenize.ts';
import { ExactCosineSearch } from './exact-search.ts';
import { summarize, type LatencySummary } from './percentiles.ts';
import { PrecomputedEmbedder } from './precomputed-embedder.ts';
import { meanRecallAtK } from './recall.ts';
import { makeSyntheticCorpus } from './synthetic-corpus.ts';
import { makeClusteredVectors, vectorRow } from './synthetic-vectors.ts';

/**
 * Ingest and query on the file backend beside the PostgreSQL store (DATABASE_URL), on the synthetic corpus of
 * `npm run bench` (real sentences recombined, clustered 384-d vectors):
 *   DATABASE_URL=… npx tsx src/bench/pg-store-bench.ts --sizes 10000,30000,100000 [--no-dense-at 100000]
 * Writes bench/pg-store-report.md and .json, with 1M and 10M chunks extrapolated from the growth measured.
 */
interface SizeResult {
  size: number;
  dense: boolean;
  files: { buildLexicalMs: number; buildDenseMs: number; writeMs: number; loadMs: number; bytes: number };
  postgres: { publishMs: number; loadMs: number; tableBytes: Record<string, number> };
  vectorQuery: { hnswlib: { recallAt10: number; latency: LatencySummary }; pgvector: { recallAt10: number; latency: LatencySummary; efSearch: number } } | null;
  heapAfterLoadMb: number;
}

const DIMS = 384;
const QUERIES = 50;

async function benchSize(size: number, dense: boolean, databaseUrl: string, workDir: string, log: (line: string) => void): Promise<SizeResult> {
  const corpusDir = loadConfig().corpusDir;
  const corpus = loadCorpus(corpusDir);
  const sources = buildChunks(corpusDir).chunks;
  const tokenizer = createTokenizer({ userWords: glossaryChineseTerms(corpus.glossary) });
  const synthetic = makeSyntheticCorpus(sources, { size });
  const { chunks } = synthetic;
  const vectors = makeClusteredVectors(synthetic, { dims: DIMS });
  const embedder = new PrecomputedEmbedder({ documents: vectors, dims: DIMS });
  const folder = join(workDir, `files-${size}`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });

  log(`${size}: file backend build`);
  let started = performance.now();
  const lexical = LexicalIndex.build(chunks, tokenizer);
  const buildLexicalMs = performance.now() - started;
  started = performance.now();
  const vectorIndex = dense ? await VectorIndex.build(chunks, embedder, { m: 16, efConstruction: 200 }) : null;
  const buildDenseMs = performance.now() - started;
  started = performance.now();
  const write = (file: string, text: string) => {
    const bytes = Buffer.from(text);
    writeFileSync(join(folder, file), bytes);
    return crc32(bytes);
  };
  lexical.save(join(folder, indexFiles.lexical));
  const checksums: Manifest['crc32'] = {
    chunks: write(indexFiles.chunks, chunks.map((chunk) => JSON.stringify(chunk)).join('\n') + '\n'),
    glossary: write(indexFiles.glossary, JSON.stringify(corpus.glossary)),
  };
  if (vectorIndex !== null) await vectorIndex.save(join(folder, indexFiles.dense));
  const manifest: Manifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    corpusHash: `synthetic-${size}`,
    chunkerVersion: CHUNKER_VERSION,
    chunkCount: chunks.length,
    builtAt: new Date().toISOString(),
    documents: [],
    lexical: { tokenizer: '@node-rs/jieba search mode + glossary user words', ...lexical.settings, terms: lexical.vocabulary().size },
    dense: dense ? { model: embedder.model, dims: DIMS, space: 'cosine', m: 16, efConstruction: 200 } : null,
    ...(dense ? {} : { denseReason: 'off in this run' }),
    crc32: checksums,
  };
  writeFileSync(join(folder, indexFiles.manifest), JSON.stringify(manifest, null, 2) + '\n');
  const writeMs = performance.now() - started;
  const { execFileSync } = await import('node:child_process');
  const bytes = Number(execFileSync('du', ['-sb', folder], { encoding: 'utf8' }).split('\t')[0]);

  const config = loadConfig({ INDEX_DIR: folder, EMBEDDING_MODEL: dense ? embedder.model : 'none' });
  started = performance.now();
  const fromFiles = await loadIndex({ config, embedder: dense ? embedder : null });
  const loadMs = performance.now() - started;

  log(`${size}: publish to PostgreSQL`);
  const pool = createPool(databaseUrl);
  await runMigrations(pool);
  started = performance.now();
  const published = await publishIndexVersion(pool, folder, { keepVersions: 0 });
  const publishMs = performance.now() - started;
  const tableBytes: Record<string, number> = {};
  for (const table of ['chunks', 'lexical_terms', 'embeddings', 'dense_graph_files']) {
    tableBytes[table] = Number((await pool.query<{ bytes: string }>('SELECT pg_total_relation_size($1::regclass) AS bytes', [table])).rows[0]?.bytes ?? 0);
  }
  log(`${size}: load the version from PostgreSQL`);
  const loadedDir = join(workDir, `loaded-${size}`);
  rmSync(loadedDir, { recursive: true, force: true });
  started = performance.now();
  await materializeVersion(pool, published.id, loadedDir);
  await loadIndex({ config: { ...config, indexDir: loadedDir }, embedder: dense ? embedder : null });
  const pgLoadMs = performance.now() - started;
  rmSync(loadedDir, { recursive: true, force: true });
  const heapAfterLoadMb = process.memoryUsage().heapUsed / 2 ** 20;

  let vectorQuery: SizeResult['vectorQuery'] = null;
  if (dense && fromFiles.vectors !== null) {
    log(`${size}: vector queries (exact, hnswlib, pgvector)`);
    const queries = vectors.queries(QUERIES, 11);
    const rows = Array.from({ length: QUERIES }, (_, row) => Array.from(vectorRow(queries, row)));
    const exact = new ExactCosineSearch(vectors);
    const ids = chunks.map((chunk) => chunk.id);
    const truth = rows.map((query) => exact.search(query, 10).map(({ row }) => ids[row] as string));
    const hnswLatencies: number[] = [];
    const hnswFound: string[][] = [];
    for (const query of rows) {
      const begin = performance.now();
      const hits = await fromFiles.vectors.index.search(query, { topK: 10 });
      hnswLatencies.push(performance.now() - begin);
      hnswFound.push(hits.map((hit) => hit.id));
    }
    const efSearch = 40;
    const client = await pool.connect();
    await client.query(`SET hnsw.ef_search = ${efSearch}`);
    const pgLatencies: number[] = [];
    const pgFound: string[][] = [];
    for (const query of rows) {
      const begin = performance.now();
      const result = await client.query<{ id: string }>(
        `SELECT c.id FROM (SELECT position FROM embeddings WHERE version_id = $1 AND dims = ${DIMS}
                            ORDER BY embedding::vector(${DIMS}) <=> $2::vector(${DIMS}) LIMIT 10) e
         JOIN chunks c ON c.version_id = $1 AND c.position = e.position`,
        [published.id, `[${query.join(',')}]`],
      );
      pgLatencies.push(performance.now() - begin);
      pgFound.push(result.rows.map((row) => row.id));
    }
    client.release();
    vectorQuery = {
      hnswlib: { recallAt10: meanRecallAtK(hnswFound, truth, 10), latency: summarize(hnswLatencies) },
      pgvector: { recallAt10: meanRecallAtK(pgFound, truth, 10), latency: summarize(pgLatencies), efSearch },
    };
  }
  await pool.end();
  rmSync(folder, { recursive: true, force: true });
  return {
    size,
    dense,
    files: { buildLexicalMs, buildDenseMs, writeMs, loadMs, bytes },
    postgres: { publishMs, loadMs: pgLoadMs, tableBytes },
    vectorQuery,
    heapAfterLoadMb,
  };
}

/** Extrapolates y(size) with the growth exponent measured between the two largest sizes (y ∝ size^k). */
function extrapolate(results: SizeResult[], pick: (result: SizeResult) => number, target: number): string {
  const [a, b] = results.slice(-2);
  if (a === undefined || b === undefined) return 'n/a';
  const k = Math.log(pick(b) / pick(a)) / Math.log(b.size / a.size);
  return `${(pick(b) * (target / b.size) ** k).toFixed(0)} (k=${k.toFixed(2)})`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000,30000,100000' }, 'no-dense-at': { type: 'string', default: '' } } });
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl === undefined) throw new Error('set DATABASE_URL (an empty database: each size publishes a version and deletes the others)');
  const sizes = (values.sizes ?? '').split(',').map(Number);
  const noDense = new Set((values['no-dense-at'] ?? '').split(',').filter(Boolean).map(Number));
  const workDir = join(tmpdir(), 'sip-pg-bench');
  mkdirSync(workDir, { recursive: true });
  const results: SizeResult[] = [];
  for (const size of sizes) {
    results.push(await benchSize(size, !noDense.has(size), databaseUrl, workDir, (line) => console.error(line)));
    console.error(JSON.stringify(results.at(-1)));
  }
  const s = (ms: number) => (ms / 1000).toFixed(1);
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const noDenseFlag = noDense.size > 0 ? ` --no-dense-at ${values['no-dense-at']}` : '';
  const command = `DATABASE_URL=… npx tsx src/bench/pg-store-bench.ts --sizes ${values.sizes}${noDenseFlag}`;
  const database = databaseUrl.includes('127.0.0.1')
    ? 'PGlite (PostgreSQL in WASM, one session) over pglite-socket — pessimistic: a native PostgreSQL builds HNSW several times faster'
    : 'as given by DATABASE_URL';
  const headers = [
    ...['chunks', 'dense', 'files: build lexical s', 'build HNSW s', 'write s', 'load s', 'files MB', 'PG: publish s', 'PG: load s'],
    ...['PG chunks+postings MB', 'PG embeddings MB', 'hnswlib recall@10, p50/p95 ms', 'pgvector recall@10, p50/p95 ms', 'heap MB'],
  ];
  const recall = (found: { recallAt10: number; latency: { p50: number; p95: number } }) =>
    `${found.recallAt10.toFixed(3)}, ${found.latency.p50.toFixed(2)}/${found.latency.p95.toFixed(2)}`;
  const row = (r: SizeResult) => {
    const q = r.vectorQuery;
    const { tableBytes } = r.postgres;
    return [
      ...[String(r.size), r.dense ? 'yes' : 'no', s(r.files.buildLexicalMs), s(r.files.buildDenseMs), s(r.files.writeMs), s(r.files.loadMs)],
      ...[mb(r.files.bytes), s(r.postgres.publishMs), s(r.postgres.loadMs)],
      mb((tableBytes.chunks ?? 0) + (tableBytes.lexical_terms ?? 0)),
      mb((tableBytes.embeddings ?? 0) + (tableBytes.dense_graph_files ?? 0)),
      q ? recall(q.hnswlib) : '–',
      q ? `${recall(q.pgvector)} (ef_search ${q.pgvector.efSearch})` : '–',
      r.heapAfterLoadMb.toFixed(0),
    ];
  };
  const lines = [
    '# Files vs PostgreSQL store at scale',
    '',
    `Command: \`${command}\`, ${new Date().toISOString()}, Node ${process.version}.`,
    `Database: ${database}.`,
    '',
    `| ${headers.join(' | ')} |`,
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|',
    ...results.map((r) => `| ${row(r).join(' | ')} |`),
    '',
    'Extrapolated from the two largest sizes (value ∝ size^k):',
    '',
    '| | 1M chunks | 10M chunks |',
    '|---|---:|---:|',
    ...(
      [
        ['PG publish, s', (r: SizeResult) => r.postgres.publishMs / 1000],
        ['PG load (replica start), s', (r: SizeResult) => r.postgres.loadMs / 1000],
        ['files load, s', (r: SizeResult) => r.files.loadMs / 1000],
        ['PG chunks+postings, MB', (r: SizeResult) => ((r.postgres.tableBytes.chunks ?? 0) + (r.postgres.tableBytes.lexical_terms ?? 0)) / 2 ** 20],
        ['heap after load, MB', (r: SizeResult) => r.heapAfterLoadMb],
      ] as const
    ).map(([label, pick]) => `| ${label} | ${extrapolate(results, pick, 1e6)} | ${extrapolate(results, pick, 1e7)} |`),
    '',
  ];
  writeFileSync('bench/pg-store-report.md', lines.join('\n'));
  writeFileSync('bench/pg-store-report.json', JSON.stringify(results, null, 2) + '\n');
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  console.error(`pg-store bench failed: ${error instanceof Error ? error.stack : String(error)}`);
  process.exit(1);
});
