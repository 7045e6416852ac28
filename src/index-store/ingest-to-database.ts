import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex, type BuildIndexOptions, type BuildSummary } from '../ingest/build-index.ts';
import { loadCorpus } from '../ingest/load-corpus.ts';
import { CHUNKER_VERSION } from '../ingest/split-text.ts';
import { createPool, withRetries } from './database-pool.ts';
import { runMigrations } from './migrate.ts';
import { activeManifest, publishIndexVersion, type PublishOptions } from './pg-index-store.ts';

export interface IngestToDatabaseOptions extends Omit<BuildIndexOptions, 'indexDir'>, PublishOptions {
  databaseUrl: string;
  connectAttempts?: number;
}

export interface DatabaseIngestResult {
  /** The version published, or null when the active one already matches the corpus and settings. */
  versionId: number | null;
  summary: BuildSummary | null;
  publishSeconds: number;
}

/**
 * `npm run ingest` with DATABASE_URL: the schema is migrated, the index is built exactly as for files (in a
 * scratch folder), and published as a new version that becomes active in the same transaction.
 */
export async function ingestToDatabase(options: IngestToDatabaseOptions): Promise<DatabaseIngestResult> {
  const { databaseUrl, connectAttempts = 5, log = () => {}, force = false, keepVersions, beforeActivate, ...build } = options;
  const pool = createPool(databaseUrl);
  try {
    await withRetries('cannot ingest', databaseUrl, () => pool.query('SELECT 1'), log, { attempts: connectAttempts });
    await runMigrations(pool);
    const active = await activeManifest(pool);
    const wantDense = build.embedding.enabled !== false;
    if (
      !force &&
      active !== null &&
      active.corpusHash === loadCorpus(build.corpusDir).hash &&
      active.chunkerVersion === CHUNKER_VERSION &&
      (active.dense === null) === !wantDense &&
      (active.dense === null || active.dense.model === build.embedding.model)
    ) {
      return { versionId: null, summary: null, publishSeconds: 0 };
    }
    const dir = await mkdtemp(join(tmpdir(), 'sip-qa-ingest-'));
    try {
      const summary = await buildIndex({ ...build, indexDir: join(dir, 'index'), force: true, log });
      const published = await publishIndexVersion(pool, join(dir, 'index'), {
        ...(keepVersions !== undefined ? { keepVersions } : {}),
        ...(beforeActivate !== undefined ? { beforeActivate } : {}),
      });
      return { versionId: published.id, summary, publishSeconds: published.seconds };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    await pool.end();
  }
}
