import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startDatabaseEngine, type DatabaseServing } from '../../src/engine/database-engine.ts';
import { buildIndex } from '../../src/ingest/build-index.ts';
import { createPool } from '../../src/index-store/database-pool.ts';
import { ingestToDatabase } from '../../src/index-store/ingest-to-database.ts';
import { pendingMigrations, runMigrations } from '../../src/index-store/migrate.ts';
import { activeVersionId, materializeVersion } from '../../src/index-store/pg-index-store.ts';
import { loadAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import { FakeEmbedder } from '../fixtures/fake-embedder.ts';
import { freePort } from '../fixtures/redis-server.ts';
import { startPgliteServer, type PgliteServer } from '../fixtures/pglite-server.ts';
import { startServerProcess, type ServerProcess } from '../fixtures/server-process.ts';
import { startRealService, type RealService } from '../server/real-engine.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const noDense = { enabled: false, model: 'none', cacheDir: '/tmp', allowRemote: false };

/** Questions across the corpus, Chinese and English, answerable and not. */
const questions = [
  '2020年园区三大新兴产业企业总计多少家？',
  'How many new emerging industry enterprises did the park have in 2020?',
  '园区的GDP是多少？',
  '纳米城在哪里？',
  '火星上有几个园区？',
];

/** An answer without its timings (the only part that differs between two runs). */
function withoutTimings(answer: object): Record<string, unknown> {
  const { timingsMs: _timings, ...rest } = answer as Record<string, unknown>;
  return JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
}

let database: PgliteServer;
let files: RealService;
let scratch: string;
const servers: ServerProcess[] = [];
const servings: DatabaseServing[] = [];

beforeAll(async () => {
  [database, files] = await Promise.all([startPgliteServer(), startRealService()]);
  scratch = await mkdtemp(join(tmpdir(), 'sip-pg-test-'));
}, 120_000);
afterAll(async () => {
  for (const server of servers) server.kill();
  await Promise.all(servings.map((serving) => serving.close().catch(() => {})));
  await database?.stop();
  await files?.close();
  await rm(scratch, { recursive: true, force: true });
});

/** The environment of a process that has only the database: no corpus, no index folder. */
const databaseOnly = () => ({
  DATABASE_URL: database.url,
  CORPUS_DIR: join(scratch, 'no-corpus'),
  INDEX_DIR: join(scratch, 'no-index'),
  EMBEDDING_MODEL: 'none',
  FEEDBACK_FILE: join(scratch, 'unused-feedback.jsonl'),
});

async function serving(extra: Record<string, string> = {}): Promise<DatabaseServing> {
  const result = await startDatabaseEngine({
    config: { ...loadConfig({ ...databaseOnly(), LOG_LEVEL: 'silent', ...extra }), DATABASE_URL: database.url },
    log: () => {},
  });
  servings.push(result);
  return result;
}

describe('PostgreSQL store (DATABASE_URL)', () => {
  it('npm run db:migrate creates the schema once; running it again changes nothing', async () => {
    const env = { ...process.env, ...databaseOnly() };
    const first = await run(tsx, ['src/index-store/migrate-cli.ts'], { cwd: root, env });
    expect(first.stdout).toMatch(/applied 001-index-versions\.sql/);
    const pool = createPool(database.url);
    expect(await runMigrations(pool)).toEqual([]);
    expect(await pendingMigrations(pool)).toEqual([]);
    await pool.end();
  });

  it('npm run ingest fills it; replicas with only DATABASE_URL give the file backend’s answers, and feedback to either is listed by npm run feedback', async () => {
    const env = { ...process.env, ...databaseOnly(), CORPUS_DIR: join(root, 'corpus') };
    const ingest = await run(tsx, ['src/ingest/cli.ts'], { cwd: root, env });
    expect(ingest.stdout).toMatch(/index version 1 published .* and active: 5 documents/);

    for (let index = 0; index < 2; index += 1) servers.push(startServerProcess(databaseOnly()));
    const ports = await Promise.all(servers.map((server) => server.port));
    const ask = async (port: number, question: string) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/answer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question }),
      });
      expect(response.status).toBe(200);
      return withoutTimings((await response.json()) as Record<string, unknown>);
    };
    for (const question of questions) {
      const [a, b] = [await ask(ports[0]!, question), await ask(ports[1]!, question)];
      const fromFiles = withoutTimings((await files.engine.answer({ question })) as unknown as Record<string, unknown>);
      expect(a).toEqual(b);
      expect(a).toEqual(JSON.parse(JSON.stringify(fromFiles)));
    }
    const health = (await (await fetch(`http://127.0.0.1:${ports[0]}/api/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      status: 'ok',
      store: { backend: 'postgres', indexVersion: 1, database: 'reachable' },
      chunkCount: files.engine.health().chunkCount,
    });

    for (const [index, port] of ports.entries()) {
      const response = await fetch(`http://127.0.0.1:${port}/api/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: `replica ${index}`, answer: 'a', rating: index === 0 ? 'up' : 'down' }),
      });
      expect(response.status).toBe(201);
    }
    const listed = await run(tsx, ['src/feedback-cli.ts', '--json'], { cwd: root, env: { ...process.env, ...databaseOnly() } });
    const records = listed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { question: string; rating: string });
    expect(records.map(({ question, rating }) => ({ question, rating }))).toEqual([
      { question: 'replica 0', rating: 'up' },
      { question: 'replica 1', rating: 'down' },
    ]);
    for (const server of servers) server.signal('SIGTERM');
    await Promise.all(servers.map((server) => server.exit));
    // Two server processes start (jieba, the index from the database) beside the test on a 2-core machine.
  }, 120_000);

  it('holds the postings the file backend stores: a version loads as the same index files, byte for byte', async () => {
    const built = join(scratch, 'built');
    await buildIndex({ corpusDir: join(root, 'corpus'), indexDir: built, embedding: noDense });
    const pool = createPool(database.url);
    const loaded = join(scratch, 'loaded');
    await materializeVersion(pool, (await activeVersionId(pool))!, loaded);
    await pool.end();
    const names = readdirSync(built).filter((name) => name !== 'manifest.json' && name !== 'README.md');
    expect(names.sort()).toEqual(
      readdirSync(loaded)
        .filter((name) => name !== 'manifest.json')
        .sort(),
    );
    for (const name of names) expect(readFileSync(join(loaded, name)).equals(readFileSync(join(built, name))), name).toBe(true);
  });

  it('never activates a half-written version, and replicas switch to a new version once it is active', async () => {
    const replica = await serving();
    const before = replica.versionId();
    const answer = await replica.engine.answer({ question: questions[0]! });
    const failing = ingestToDatabase({
      databaseUrl: database.url,
      corpusDir: join(root, 'corpus'),
      embedding: noDense,
      force: true,
      beforeActivate: async () => {
        throw new Error('crash before the pointer moves');
      },
    });
    await expect(failing).rejects.toThrow(/crash before the pointer moves/);
    const pool = createPool(database.url);
    expect(await activeVersionId(pool)).toBe(before);
    expect((await pool.query('SELECT count(*)::int AS n FROM chunks WHERE version_id > $1', [before])).rows[0]).toEqual({ n: 0 });
    expect(await replica.refresh()).toBe(false);

    const published = await ingestToDatabase({ databaseUrl: database.url, corpusDir: join(root, 'corpus'), embedding: noDense, force: true });
    expect(published.versionId).toBeGreaterThan(before);
    expect(await activeVersionId(pool)).toBe(published.versionId);
    await pool.end();
    // NOTIFY does not cross pglite-socket's connections (one session): the pointer check it triggers runs here directly.
    expect(await replica.refresh()).toBe(true);
    expect(replica.versionId()).toBe(published.versionId);
    expect(replica.engine.health().store).toMatchObject({ indexVersion: published.versionId });
    expect(withoutTimings(await replica.engine.answer({ question: questions[0]! }))).toEqual(withoutTimings(answer));
  });

  it('finds a new version by polling when no notification arrives (INDEX_POLL_SECONDS)', async () => {
    const replica = await serving({ INDEX_POLL_SECONDS: '1' });
    const published = await ingestToDatabase({ databaseUrl: database.url, corpusDir: join(root, 'corpus'), embedding: noDense, force: true });
    await expect.poll(() => replica.versionId(), { timeout: 15_000, interval: 200 }).toBe(published.versionId);
  });

  it('stores dense vectors in a pgvector column with an HNSW index, and serves hybrid answers equal to the file backend’s', async () => {
    const embedder = new FakeEmbedder({ dims: 64 });
    const embedding = { enabled: true, model: embedder.model, cacheDir: '/tmp', allowRemote: false };
    const published = await ingestToDatabase({ databaseUrl: database.url, corpusDir: join(root, 'corpus'), embedding, embedder, force: true });
    const version = published.versionId!;
    const pool = createPool(database.url);
    const count = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM embeddings WHERE version_id = $1 AND dims = 64', [version])).rows[0]?.n;
    expect(count).toBe(published.summary?.manifest.chunkCount);
    const indexes = (await pool.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'embeddings_hnsw_64'")).rows;
    expect(indexes[0]?.indexdef).toMatch(/USING hnsw .*vector_cosine_ops/);
    const nearest = await pool.query<{ position: number }>(
      `SELECT position FROM embeddings WHERE version_id = $1 AND dims = 64
       ORDER BY embedding::vector(64) <=> (SELECT embedding FROM embeddings WHERE version_id = $1 AND position = 7)::vector(64) LIMIT 1`,
      [version],
    );
    expect(nearest.rows[0]?.position).toBe(7);
    await pool.end();

    const indexDir = join(scratch, 'dense-files');
    await buildIndex({ corpusDir: join(root, 'corpus'), indexDir, embedding, embedder });
    const fileEngine = await loadAnswerEngine({
      config: loadConfig({ CORPUS_DIR: join(root, 'corpus'), INDEX_DIR: indexDir, EMBEDDING_MODEL: embedder.model }),
      embedder,
    });
    const result = await startDatabaseEngine({
      config: { ...loadConfig({ ...databaseOnly(), EMBEDDING_MODEL: embedder.model }), DATABASE_URL: database.url },
      log: () => {},
      embedder,
    });
    servings.push(result);
    expect(result.engine.health().mode.retrieval).toBe('hybrid');
    for (const question of questions)
      expect(withoutTimings(await result.engine.answer({ question }))).toEqual(withoutTimings(await fileEngine.answer({ question })));
  }, 60_000);

  it('refuses to start on an unreachable database after retrying, saying which and what to check', async () => {
    const port = await freePort();
    const lines: string[] = [];
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const start = startDatabaseEngine({
      config: { ...loadConfig({ ...databaseOnly(), DATABASE_URL: url, DATABASE_CONNECT_ATTEMPTS: '2' }), DATABASE_URL: url },
      log: (line) => lines.push(line),
    });
    await expect(start).rejects.toThrow(`cannot start: the database at 127.0.0.1:${port}/postgres is unreachable after 2 attempts`);
    await expect(start).rejects.toThrow(/Check DATABASE_URL and that PostgreSQL is running/);
    expect(lines).toEqual([expect.stringMatching(/unreachable .*attempt 1 of 2, retrying in 0\.5 s/)]);
  });

  it('keeps answering from the loaded version when the database is lost, with /api/health degraded, and recovers', async () => {
    const replica = await serving();
    const before = withoutTimings(await replica.engine.answer({ question: questions[1]! }));
    await database.stopSocket();
    await expect.poll(() => replica.engine.health().status, { timeout: 10_000 }).toBe('degraded');
    expect(replica.engine.health().store).toMatchObject({ database: 'unreachable' });
    expect(withoutTimings(await replica.engine.answer({ question: questions[1]! }))).toEqual(before);
    await database.startSocket();
    await expect.poll(() => replica.engine.health().status, { timeout: 15_000 }).toBe('ok');
  });
});

describe('DATABASE_URL setting', () => {
  it('accepts postgres:// URLs and names the setting when it is something else', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://sip:pw@db:5432/sip_qa' }).DATABASE_URL).toBe('postgresql://sip:pw@db:5432/sip_qa');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/sip' })).toThrow(/DATABASE_URL: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });
});
