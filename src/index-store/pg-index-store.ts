import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { indexFiles } from './index-files.ts';
import { manifestSchema, type Manifest } from './manifest.ts';
import { decodeLexicalFile, encodeLexicalFile } from '../retrieval/lexical-index-file.ts';

/** The channel `npm run ingest` notifies (payload: the new version's id) when it activates a version. */
export const INDEX_CHANNEL = 'sip_qa_index';
/** Rows per INSERT: big enough to be quick, small enough for a statement's parameters. */
const BATCH = 2_000;

export interface PublishOptions {
  /** Versions kept besides the active one (older ones are deleted with their rows). */
  keepVersions?: number;
  /** Test hook: runs inside the transaction after every row is written, before the pointer moves. */
  beforeActivate?: (client: pg.PoolClient) => Promise<void>;
}

export interface PublishedVersion {
  id: number;
  manifest: Manifest;
  seconds: number;
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += BATCH) out.push(items.slice(start, start + BATCH));
  return out;
}

/**
 * Copies a built index folder (what buildIndex wrote: manifest, chunks, the lexical postings, glossary,
 * bridge, the dense vectors and graph) into the database as a new version, and makes it the active one,
 * all in one transaction: a failure or a crash part-way leaves no version behind, and the active one as it
 * was. Replicas are told with NOTIFY (delivered when the transaction commits).
 */
export async function publishIndexVersion(
  pool: pg.Pool,
  indexDir: string,
  { keepVersions = 2, beforeActivate }: PublishOptions = {},
): Promise<PublishedVersion> {
  const started = performance.now();
  const manifestText = readFileSync(join(indexDir, indexFiles.manifest), 'utf8');
  const manifest = manifestSchema.parse(JSON.parse(manifestText));
  const chunkLines = readFileSync(join(indexDir, indexFiles.chunks), 'utf8')
    .split('\n')
    .filter((line) => line !== '');
  const lexical = decodeLexicalFile(readFileSync(join(indexDir, indexFiles.lexical)), indexFiles.lexical);
  const glossary = readFileSync(join(indexDir, indexFiles.glossary), 'utf8');
  const bridgePath = join(indexDir, indexFiles.bridge);
  const bridge = existsSync(bridgePath) ? readFileSync(bridgePath, 'utf8') : null;
  const enrichmentPath = join(indexDir, indexFiles.enrichment);
  const enrichment = existsSync(enrichmentPath) ? readFileSync(enrichmentPath, 'utf8') : null;
  const fields = fieldFiles.map((name) => (existsSync(join(indexDir, name)) ? readFileSync(join(indexDir, name)) : null));
  if (chunkLines.length !== manifest.chunkCount || lexical.ids.length !== manifest.chunkCount) {
    throw new Error(
      `the index in ${indexDir} is inconsistent: ` +
        `${chunkLines.length} chunks, ${lexical.ids.length} in the lexical index, ${manifest.chunkCount} in the manifest`,
    );
  }

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query<{ id: string }>(
      'INSERT INTO index_versions (corpus_hash, chunk_count, manifest, glossary, bridge, enrichment, ' +
        'fields_english, fields_english_questions, fields_chinese_questions) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id',
      [manifest.corpusHash, manifest.chunkCount, manifestText, glossary, bridge, enrichment, ...fields],
    );
    const id = Number(inserted.rows[0]?.id);
    for (const document of manifest.documents) {
      await client.query('INSERT INTO documents (version_id, slug, file, title_zh, title_en, year, chunk_count) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        id,
        document.slug,
        document.file,
        document.title.zh,
        document.title.en,
        document.year,
        document.chunks,
      ]);
    }
    const positions = chunkLines.map((_, position) => position);
    for (const slice of batches(positions)) {
      const records = slice.map((position) => JSON.parse(chunkLines[position] as string) as { id: string; docId: string; text: string });
      await client.query(
        `INSERT INTO chunks (version_id, position, id, document_slug, text, token_count, record)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::int[], $7::json[])`,
        [
          id,
          slice,
          records.map((record) => record.id),
          records.map((record) => record.docId),
          records.map((record) => record.text),
          slice.map((position) => lexical.lengths[position]),
          slice.map((position) => chunkLines[position]),
        ],
      );
    }
    const termNumbers = lexical.terms.map((_, term) => term);
    for (const slice of batches(termNumbers)) {
      const postings = slice.map((term) => {
        const start = lexical.offsets[term] as number;
        const end = lexical.offsets[term + 1] as number;
        return {
          positions: `{${lexical.chunkIndexes.subarray(start, end).join(',')}}`,
          frequencies: `{${lexical.frequencies.subarray(start, end).join(',')}}`,
        };
      });
      await client.query(
        `INSERT INTO lexical_terms (version_id, term_no, term, chunk_positions, frequencies)
         SELECT $1, term_no, term, positions::int[], frequencies::int[]
         FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS t(term_no, term, positions, frequencies)`,
        [id, slice, slice.map((term) => lexical.terms[term]), postings.map((posting) => posting.positions), postings.map((posting) => posting.frequencies)],
      );
    }
    if (manifest.dense !== null) await writeDense(client, id, join(indexDir, indexFiles.dense), manifest.dense.dims, manifest.chunkCount);
    await beforeActivate?.(client);
    await client.query(
      `INSERT INTO active_index (singleton, version_id) VALUES (true, $1)
       ON CONFLICT (singleton) DO UPDATE SET version_id = excluded.version_id, activated_at = now()`,
      [id],
    );
    // Older versions go (their rows cascade); the newest few stay for a quick manual rollback.
    await client.query(`DELETE FROM index_versions WHERE id <> $1 AND id NOT IN (SELECT id FROM index_versions WHERE id <> $1 ORDER BY id DESC LIMIT $2)`, [
      id,
      keepVersions,
    ]);
    await client.query('SELECT pg_notify($1, $2)', [INDEX_CHANNEL, String(id)]);
    await client.query('COMMIT');
    return { id, manifest, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The vectors (pgvector rows, HNSW-indexed for SQL similarity search) and the hnswlib graph files replicas load. */
async function writeDense(client: pg.PoolClient, id: number, denseDir: string, dims: number, count: number): Promise<void> {
  for (const name of readdirSync(denseDir)) {
    await client.query('INSERT INTO dense_graph_files (version_id, name, bytes) VALUES ($1, $2, $3)', [id, name, readFileSync(join(denseDir, name))]);
  }
  // Imported only when a version has vectors: the default lexical mode never loads hnswlib (issue 17).
  const { default: hnswlib } = await import('hnswlib-node');
  const graph = new hnswlib.HierarchicalNSW('cosine', dims);
  await graph.readIndex(join(denseDir, 'hnswlib.index'));
  const labels = Array.from({ length: count }, (_, label) => label);
  for (const slice of batches(labels)) {
    await client.query(
      `INSERT INTO embeddings (version_id, position, dims, embedding)
       SELECT $1, position, $2, embedding FROM unnest($3::int[], $4::vector[]) AS t(position, embedding)`,
      [id, dims, slice, slice.map((label) => `[${graph.getPoint(label).join(',')}]`)],
    );
  }
  // One HNSW index per width (pgvector needs a fixed width); created once, used by every version of that width.
  await client.query(
    `CREATE INDEX IF NOT EXISTS embeddings_hnsw_${dims} ON embeddings USING hnsw ((embedding::vector(${dims})) vector_cosine_ops) WHERE dims = ${dims}`,
  );
}

/** The active version's id, or null when nothing has been published yet. */
export async function activeVersionId(pool: pg.Pool | pg.PoolClient): Promise<number | null> {
  const result = await pool.query<{ version_id: string }>('SELECT version_id FROM active_index WHERE singleton');
  const row = result.rows[0];
  return row === undefined ? null : Number(row.version_id);
}

/** The active version's manifest (for `npm run ingest` to skip an unchanged corpus), or null. */
export async function activeManifest(pool: pg.Pool): Promise<Manifest | null> {
  const result = await pool.query<{ manifest: string }>('SELECT v.manifest::text AS manifest FROM active_index a JOIN index_versions v ON v.id = a.version_id');
  const row = result.rows[0];
  return row === undefined ? null : manifestSchema.parse(JSON.parse(row.manifest));
}

/**
 * Writes one version into `dir` exactly as the file backend lays an index out (same bytes: the manifest's
 * checksums hold, lexical.bin is re-encoded from the postings), so the engine loads it with the same code
 * and ranks identically. Read in one REPEATABLE READ transaction: one consistent snapshot of the version.
 */
/** The enrichment fields' files, in the order of their columns. */
const fieldFiles = [indexFiles.fieldsEnglish, indexFiles.fieldsEnglishQuestions, indexFiles.fieldsChineseQuestions];

export async function materializeVersion(pool: pg.Pool, id: number, dir: string): Promise<Manifest> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const version = (
      await client.query<{
        manifest: string;
        glossary: string;
        bridge: string | null;
        enrichment: string | null;
        fields_english: Buffer | null;
        fields_english_questions: Buffer | null;
        fields_chinese_questions: Buffer | null;
      }>(
        'SELECT manifest::text, glossary::text, bridge::text, enrichment, fields_english, fields_english_questions, fields_chinese_questions ' +
          'FROM index_versions WHERE id = $1',
        [id],
      )
    ).rows[0];
    if (version === undefined) throw new Error(`index version ${id} is not in the database (deleted by a newer ingest?)`);
    const manifest = manifestSchema.parse(JSON.parse(version.manifest));
    const chunks = (
      await client.query<{ id: string; token_count: number; record: string }>(
        'SELECT id, token_count, record::text FROM chunks WHERE version_id = $1 ORDER BY position',
        [id],
      )
    ).rows;
    const terms = (
      await client.query<{ term: string; chunk_positions: number[]; frequencies: number[] }>(
        'SELECT term, chunk_positions, frequencies FROM lexical_terms WHERE version_id = $1 ORDER BY term_no',
        [id],
      )
    ).rows;
    const denseFiles =
      manifest.dense === null
        ? []
        : (await client.query<{ name: string; bytes: Buffer }>('SELECT name, bytes FROM dense_graph_files WHERE version_id = $1', [id])).rows;
    await client.query('COMMIT');

    mkdirSync(dir, { recursive: true });
    const offsets = new Uint32Array(terms.length + 1);
    let total = 0;
    terms.forEach((row, term) => {
      offsets[term] = total;
      total += row.chunk_positions.length;
    });
    offsets[terms.length] = total;
    const chunkIndexes = new Uint32Array(total);
    const frequencies = new Uint32Array(total);
    terms.forEach((row, term) => {
      chunkIndexes.set(row.chunk_positions, offsets[term]);
      frequencies.set(row.frequencies, offsets[term]);
    });
    const lexical = encodeLexicalFile({
      settings: { k1: manifest.lexical.k1, b: manifest.lexical.b },
      ids: chunks.map((chunk) => chunk.id),
      terms: terms.map((row) => row.term),
      offsets,
      chunkIndexes,
      frequencies,
      lengths: Uint32Array.from(chunks.map((chunk) => chunk.token_count)),
    });
    writeFileSync(join(dir, indexFiles.chunks), chunks.map((chunk) => chunk.record).join('\n') + '\n');
    writeFileSync(join(dir, indexFiles.lexical), lexical);
    writeFileSync(join(dir, indexFiles.glossary), version.glossary);
    if (version.bridge !== null) writeFileSync(join(dir, indexFiles.bridge), version.bridge);
    if (version.enrichment !== null) writeFileSync(join(dir, indexFiles.enrichment), version.enrichment);
    const savedFields = [version.fields_english, version.fields_english_questions, version.fields_chinese_questions];
    fieldFiles.forEach((name, index) => {
      const bytes = savedFields[index];
      if (bytes !== null && bytes !== undefined) writeFileSync(join(dir, name), bytes);
    });
    if (denseFiles.length > 0) {
      mkdirSync(join(dir, indexFiles.dense), { recursive: true });
      for (const file of denseFiles) writeFileSync(join(dir, indexFiles.dense, file.name), file.bytes);
    }
    // Last, as buildIndex does: a folder without its manifest is never loaded.
    writeFileSync(join(dir, indexFiles.manifest), version.manifest);
    return manifest;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
