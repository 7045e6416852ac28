import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { Config } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { RagError } from '../errors.ts';
import { loadAnswerEngine, type LoadedAnswerEngine } from '../engine/load-answer-engine.ts';
import type { Generator } from '../generation/generator.ts';
import { createPool, describeDatabase, withRetries } from '../index-store/database-pool.ts';
import { pendingMigrations } from '../index-store/migrate.ts';
import { activeVersionId, INDEX_CHANNEL, materializeVersion } from '../index-store/pg-index-store.ts';

export interface DatabaseEngineOptions {
  config: Config & { DATABASE_URL: string };
  log: (line: string) => void;
  /** Tests: an embedder or LLM already loaded, as loadAnswerEngine takes them. */
  embedder?: Embedder | null;
  llm?: Generator | null;
}

export interface DatabaseServing {
  /** Always answers from the version loaded last; `health()` names it and says whether the database is reachable. */
  engine: LoadedAnswerEngine;
  pool: pg.Pool;
  versionId(): number;
  /** Checks the active pointer now and loads a newer version (what NOTIFY and the poll do); true when it switched. */
  refresh(): Promise<boolean>;
  close(): Promise<void>;
}

/** Loads one version through the file backend's own loader (same code, same ranking) from a scratch copy, removed once loaded. */
async function loadVersion(pool: pg.Pool, id: number, options: DatabaseEngineOptions): Promise<LoadedAnswerEngine> {
  const dir = await mkdtemp(join(tmpdir(), `sip-qa-index-v${id}-`));
  try {
    await materializeVersion(pool, id, dir);
    return await loadAnswerEngine({
      config: { ...options.config, indexDir: dir },
      ...(options.embedder !== undefined ? { embedder: options.embedder } : {}),
      ...(options.llm !== undefined ? { llm: options.llm } : {}),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A replica on DATABASE_URL: waits for the database (retrying, then a clear error), loads the active index
 * version, and follows the pointer — LISTEN for `npm run ingest`'s NOTIFY, plus a poll every INDEX_POLL_SECONDS
 * for notifications missed while disconnected. Losing the database while serving changes nothing for answers
 * (the loaded version stays in memory); /api/health says `degraded` until it is back.
 */
export async function startDatabaseEngine(options: DatabaseEngineOptions): Promise<DatabaseServing> {
  const { config, log } = options;
  const url = config.DATABASE_URL;
  let problem: string | undefined;
  const lost = (error: Error) => {
    if (problem === undefined) log(`database at ${describeDatabase(url)} lost (${error.message}): serving the loaded index version until it is back`);
    problem = error.message || 'connection lost';
  };
  const pool = createPool(url, { onIdleError: lost });
  try {
    await withRetries('cannot start', url, () => pool.query('SELECT 1'), log, { attempts: config.DATABASE_CONNECT_ATTEMPTS });
    const pending = await pendingMigrations(pool);
    if (pending.length > 0) {
      throw new RagError(
        'RAG_INDEX_MISSING',
        `the database at ${describeDatabase(url)} lacks migrations ${pending.join(', ')}: ` +
          'run `npm run db:migrate` (DATABASE_URL set), then `npm run ingest`',
      );
    }
    const first = await activeVersionId(pool);
    if (first === null)
      throw new RagError(
        'RAG_INDEX_MISSING',
        `the database at ${describeDatabase(url)} holds no index version yet: run \`npm run ingest\` with DATABASE_URL set`,
      );
    let current = { id: first, engine: await loadVersion(pool, first, options) };
    log(`serving index version ${first} from the database at ${describeDatabase(url)}`);

    let loading: Promise<boolean> | null = null;
    const refresh = (): Promise<boolean> => {
      loading ??= (async () => {
        try {
          const id = await activeVersionId(pool);
          if (problem !== undefined && listener !== null) {
            log(`database at ${describeDatabase(url)} reachable again`);
            problem = undefined;
          }
          if (id === null || id === current.id) return false;
          const engine = await loadVersion(pool, id, options);
          log(`switched from index version ${current.id} to ${id}`);
          current = { id, engine };
          return true;
        } catch (error) {
          lost(error as Error);
          return false;
        } finally {
          loading = null;
        }
      })();
      return loading;
    };

    // The LISTEN connection: its loss is how a lost database is noticed at once; it is re-established in the background.
    let listener: pg.PoolClient | null = null;
    let closed = false;
    let reconnectTimer: NodeJS.Timeout | undefined;
    const listen = async (): Promise<void> => {
      try {
        const client = await pool.connect();
        client.on('notification', (message) => {
          if (message.channel === INDEX_CHANNEL) void refresh();
        });
        let dropped = false;
        const drop = (error: Error) => {
          if (dropped) return;
          dropped = true;
          if (listener === client) listener = null;
          if (closed) return;
          lost(error);
          client.release(error);
          reconnectTimer = setTimeout(() => void listen(), 1_000);
        };
        client.on('error', drop);
        client.on('end', () => drop(new Error('connection ended')));
        await client.query(`LISTEN ${INDEX_CHANNEL}`);
        listener = client;
        // A version published while we were away was announced to nobody: check the pointer now.
        await refresh();
      } catch (error) {
        lost(error as Error);
        if (!closed) reconnectTimer = setTimeout(() => void listen(), 2_000);
      }
    };
    await listen();
    const poll = setInterval(() => {
      if (listener === null) return;
      void refresh();
    }, config.INDEX_POLL_SECONDS * 1000);
    poll.unref();

    const engine: LoadedAnswerEngine = {
      stream: (request) => current.engine.stream(request),
      answer: (request) => current.engine.answer(request),
      passage: (id) => current.engine.passage(id),
      analyze: (request) => current.engine.analyze(request),
      retrieve: (question, retrieveOptions) => current.engine.retrieve(question, retrieveOptions),
      health: () => ({
        ...current.engine.health(),
        status: problem === undefined ? 'ok' : 'degraded',
        store: {
          backend: 'postgres',
          indexVersion: current.id,
          database: problem === undefined ? 'reachable' : 'unreachable',
          ...(problem !== undefined ? { problem } : {}),
        },
      }),
    };
    return {
      engine,
      pool,
      versionId: () => current.id,
      refresh,
      async close() {
        closed = true;
        clearInterval(poll);
        clearTimeout(reconnectTimer);
        listener?.release();
        listener = null;
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}
