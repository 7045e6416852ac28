import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import type { EngineHealth } from '../../src/question/answer-parts.ts';
import { buildIndex, readManifest } from '../../src/ingest/build-index.ts';
import type { Manifest } from '../../src/index-store/manifest.ts';
import { buildApp } from '../../src/server/app.ts';
import { ensureIndex, loadServingEngine } from '../../src/engine/ensure-index.ts';
import { startServerProcess, type ServerProcess } from '../fixtures/server-process.ts';
import { corpusDir as realCorpus } from '../server/real-engine.ts';

/**
 * A corpus file that cannot be read (empty, binary, not UTF-8, unreadable, an invalid sources.json or
 * glossary …) while a valid index from before exists: `npm start` serves that index, logs which file is
 * broken and why, and /api/health says so (`staleIndex`). With no index to fall back on, or an index that
 * is itself damaged, it stops with a message naming the file. Real files in temp folders, through the
 * functions server.ts calls, then as a real process.
 */
const question = '2020年园区纳米技术应用产业产值是多少？';
const lexicalOnly = { enabled: false, model: 'none', cacheDir: tmpdir(), allowRemote: false };
const document = '002_06382234265d09a9.txt';

let work: string;
let pristineIndex: string;
let pristineManifest: Manifest;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sip-corpus-faults-'));
  pristineIndex = join(work, 'pristine-index');
  pristineManifest = (await buildIndex({ corpusDir: realCorpus, indexDir: pristineIndex, embedding: lexicalOnly })).manifest;
}, 60_000);
afterAll(() => rm(work, { recursive: true, force: true }));

let copies = 0;
/** A fresh corpus and (unless `withIndex` is false) a copy of the index built from it, in one folder. */
function setUp({ withIndex = true } = {}): { corpusDir: string; indexDir: string; config: Config } {
  copies += 1;
  const dir = join(work, `case-${copies}`);
  const corpusDir = join(dir, 'corpus');
  const indexDir = join(dir, 'index');
  cpSync(realCorpus, corpusDir, { recursive: true });
  if (withIndex) cpSync(pristineIndex, indexDir, { recursive: true });
  return { corpusDir, indexDir, config: loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: 'none', LOG_LEVEL: 'silent' }) };
}

/** What server.ts does before listening. */
async function startLikeNpmStart(config: Config) {
  const log: string[] = [];
  const stale = await ensureIndex(config, (line) => log.push(line));
  const engine = await loadServingEngine(config, (line) => log.push(line), stale);
  return { engine, log: log.join('\n') };
}

const gbk = Buffer.from([0xcb, 0xd5, 0xd6, 0xdd, 0xb9, 0xa4, 0xd2, 0xb5]);
const breakages: Array<[name: string, file: string, harm: (corpusDir: string) => void, reason: RegExp]> = [
  ['a document emptied', document, (dir) => writeFileSync(join(dir, document), ''), /^corpus file 002_06382234265d09a9\.txt is empty$/],
  [
    'a document replaced by binary data',
    document,
    (dir) => writeFileSync(join(dir, document), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1])),
    /^corpus file 002_06382234265d09a9\.txt looks binary/,
  ],
  ['a document in GBK, not UTF-8', document, (dir) => writeFileSync(join(dir, document), gbk), /^corpus file 002_06382234265d09a9\.txt is not valid UTF-8/],
  [
    'a document that cannot be read (a folder in its place)',
    document,
    (dir) => {
      rmSync(join(dir, document));
      mkdirSync(join(dir, document));
    },
    /^corpus file 002_06382234265d09a9\.txt is unreadable \(EISDIR/,
  ],
  [
    'a listed document deleted',
    document,
    (dir) => rmSync(join(dir, document)),
    /^corpus file 002_06382234265d09a9\.txt \(listed in sources\.json\) does not exist$/,
  ],
  [
    'sources.json cut short',
    'sources.json',
    (dir) => {
      const text = readFileSync(join(dir, 'sources.json'), 'utf8');
      writeFileSync(join(dir, 'sources.json'), text.slice(0, text.length / 2));
    },
    /^sources\.json is not valid JSON/,
  ],
  ['sources.json listing no documents', 'sources.json', (dir) => writeFileSync(join(dir, 'sources.json'), '{"documents": []}'), /^sources\.json: documents: /],
  [
    'glossary.json cut short',
    'glossary.json',
    (dir) => {
      const text = readFileSync(join(dir, 'glossary.json'), 'utf8');
      writeFileSync(join(dir, 'glossary.json'), text.slice(0, text.length / 2));
    },
    /^corpus file glossary\.json is invalid: not valid JSON/,
  ],
  [
    'glossary.json with a bad entry',
    'glossary.json',
    (dir) => writeFileSync(join(dir, 'glossary.json'), '[{"zh": "园区"}]'),
    /^corpus file glossary\.json is invalid: entry 0\.en: /,
  ],
  ['glossary.json not UTF-8', 'glossary.json', (dir) => writeFileSync(join(dir, 'glossary.json'), gbk), /^corpus file glossary\.json is not valid UTF-8/],
];

describe('a broken corpus file while a valid index from before exists', () => {
  it.each(breakages)('%s: the previous index is served; the log and /api/health name the file and why', async (_name, file, harm, reason) => {
    const { corpusDir, indexDir, config } = setUp();
    harm(corpusDir);
    const { engine, log } = await startLikeNpmStart(config);
    const stale = engine.health().staleIndex;
    expect(stale?.file).toBe(file);
    expect(stale?.reason).toMatch(reason);
    expect(log).toContain(`warning: cannot check or rebuild the index: ${stale?.reason ?? '?'}. `);
    expect(log).toContain(`Serving the previous index (built ${pristineManifest.builtAt}) until ${join(corpusDir, file)} is fixed`);
    expect(log).not.toMatch(/building the index/);
    // The whole previous index, untouched on disk, answering.
    expect(readManifest(indexDir)?.builtAt).toBe(pristineManifest.builtAt);
    expect(engine.health().chunkCount).toBe(pristineManifest.chunkCount);
    expect((await engine.answer({ question })).answer).toContain('1010亿元');

    const app = await buildApp({ engine, config });
    try {
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
      const body = health.json<EngineHealth>();
      expect(body).toMatchObject({ status: 'ok', indexBuiltAt: pristineManifest.builtAt, staleIndex: { file } });
      expect(body.staleIndex?.reason).toMatch(reason);
      const answer = await app.inject({ method: 'POST', url: '/api/answer', payload: { question } });
      expect(answer.json<{ answered: boolean }>().answered).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('with a sound corpus, /api/health has no staleIndex', async () => {
    const { config } = setUp();
    const { engine, log } = await startLikeNpmStart(config);
    expect(log).toBe('');
    expect(engine.health()).not.toHaveProperty('staleIndex');
  });

  it('once the file is fixed, the next start checks the corpus again (and finds the index current)', async () => {
    const { corpusDir, config } = setUp();
    const original = readFileSync(join(corpusDir, document));
    writeFileSync(join(corpusDir, document), gbk);
    expect((await startLikeNpmStart(config)).engine.health().staleIndex?.file).toBe(document);
    writeFileSync(join(corpusDir, document), original);
    const again = await startLikeNpmStart(config);
    expect(again.log).toBe('');
    expect(again.engine.health()).not.toHaveProperty('staleIndex');
  });
});

describe('a broken corpus file with nothing to fall back on', () => {
  it('no index yet: the start fails, naming the file and why', async () => {
    const { corpusDir, config } = setUp({ withIndex: false });
    writeFileSync(join(corpusDir, document), '');
    await expect(startLikeNpmStart(config)).rejects.toMatchObject({
      code: 'RAG_CORPUS_INVALID',
      message: expect.stringMatching(
        new RegExp(
          `^cannot build the index: corpus file 002_06382234265d09a9\\.txt is empty\\. There is no previous index to serve meanwhile \\(no usable index in .*\\)\\. Fix .*${document.replace('.', '\\.')} and start again\\.$`,
        ),
      ),
    });
  });

  it("an index in the previous release's format (2, without checksums): not served, the start fails naming both", async () => {
    const { corpusDir, indexDir, config } = setUp();
    const manifest = JSON.parse(readFileSync(join(indexDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    delete manifest.crc32;
    writeFileSync(join(indexDir, 'manifest.json'), JSON.stringify({ ...manifest, schemaVersion: 2 }));
    writeFileSync(join(corpusDir, 'sources.json'), '{');
    await expect(startLikeNpmStart(config)).rejects.toThrow(
      /^cannot build the index: sources\.json is not valid JSON.*There is no previous index to serve meanwhile \(the index in .* has format version 2; this version reads 3\)/,
    );
  });

  it('an index whose chunks.jsonl was edited: refused (it cannot be rebuilt), naming the index file and the corpus file', async () => {
    const { corpusDir, indexDir, config } = setUp();
    const chunks = join(indexDir, 'chunks.jsonl');
    writeFileSync(chunks, readFileSync(chunks, 'utf8').replace('1010亿元', '9999亿元'));
    writeFileSync(join(corpusDir, document), gbk);
    await expect(startLikeNpmStart(config)).rejects.toMatchObject({
      code: 'RAG_INDEX_CORRUPT',
      message: expect.stringMatching(
        /^the index is unusable \(index file chunks\.jsonl does not match its checksum in manifest\.json \(edited or damaged since the index was built\)\), and it cannot be rebuilt: corpus file 002_06382234265d09a9\.txt is not valid UTF-8.*Fix .*002_06382234265d09a9\.txt and start again\.$/,
      ),
    });
  });
});

describe('npm start (a real process) with a broken corpus file', () => {
  let server: ServerProcess | undefined;
  afterEach(() => server?.kill());

  it('and a valid index: listens, logs the file and why, reports it in /api/health, answers from the previous index', async () => {
    const { corpusDir, indexDir } = setUp();
    writeFileSync(join(corpusDir, document), gbk);
    server = startServerProcess({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, FEEDBACK_FILE: join(work, 'feedback.jsonl') }, { launcher: 'node' });
    const base = `http://127.0.0.1:${await server.port}`;
    expect(server.output()).toContain(`warning: cannot check or rebuild the index: corpus file ${document} is not valid UTF-8`);
    const health = (await (await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(5000) })).json()) as EngineHealth;
    expect(health).toMatchObject({
      chunkCount: pristineManifest.chunkCount,
      staleIndex: { file: document, reason: expect.stringMatching(/is not valid UTF-8/) },
    });
    const answer = await fetch(`${base}/api/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
      signal: AbortSignal.timeout(5000),
    });
    expect(((await answer.json()) as { answer: string }).answer).toContain('1010亿元');
    server.signal('SIGTERM');
    expect(await server.exit).toBe(0);
  }, 60_000);

  it('and no index: exits 1 with a message naming the file', async () => {
    const { corpusDir, indexDir } = setUp({ withIndex: false });
    writeFileSync(join(corpusDir, 'sources.json'), '{"documents": [');
    server = startServerProcess({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, FEEDBACK_FILE: join(work, 'feedback.jsonl') }, { launcher: 'node' });
    expect(await server.exit).toBe(1);
    expect(server.output()).toMatch(
      /could not start: cannot build the index: sources\.json is not valid JSON.*There is no previous index to serve meanwhile.*Fix .*sources\.json and start again\./,
    );
  }, 60_000);
});
