import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { loadAnswerEngine, type LoadedAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import { buildIndex, readManifest } from '../../src/ingest/build-index.ts';
import { MANIFEST_SCHEMA_VERSION, type Manifest } from '../../src/index-store/manifest.ts';
import { buildApp } from '../../src/server/app.ts';
import { describeMode } from '../../src/server/describe-mode.ts';
import { ensureIndex, indexProblem, loadServingEngine } from '../../src/engine/ensure-index.ts';
import { makeTinyModel, type TinyModel } from '../fixtures/make-tiny-model.ts';
import { startServerProcess, type ServerProcess } from '../fixtures/server-process.ts';
import { corpusDir } from '../server/real-engine.ts';

/**
 * What `npm start` does with an index that is damaged, from another configuration, or whose model is
 * gone: rebuild it and serve, or serve lexical-only and say why — never exit with a vague error or serve
 * answers from a partial index. In-process through the functions server.ts calls, then as a real process.
 */
const question = '2020年园区纳米技术应用产业产值是多少？';
const lexicalOnly = { enabled: false, model: 'none', cacheDir: tmpdir(), allowRemote: false };

let work: string;
let pristine: string;
let pristineManifest: Manifest;
let tiny: TinyModel;
let denseIndex: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sip-index-faults-'));
  pristine = join(work, 'pristine');
  pristineManifest = (await buildIndex({ corpusDir, indexDir: pristine, embedding: lexicalOnly })).manifest;
  tiny = await makeTinyModel(join(work, 'models'), { dims: 32 });
  denseIndex = join(work, 'pristine-dense');
  await buildIndex({
    corpusDir,
    indexDir: denseIndex,
    embedding: { model: tiny.modelId, cacheDir: tiny.localModelPath, localModelPath: tiny.localModelPath, allowRemote: false },
  });
}, 120_000);
afterAll(() => rm(work, { recursive: true, force: true }));

let copies = 0;
/** A fresh copy of a good index to damage. */
function copyOf(source: string): string {
  copies += 1;
  const target = join(work, `index-${copies}`);
  cpSync(source, target, { recursive: true });
  return target;
}

const truncate = (path: string, keep = 0.5) => {
  const bytes = readFileSync(path);
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * keep)));
};

const lexicalConfig = (indexDir: string): Config => loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: 'none', LOG_LEVEL: 'silent' });
const tinyConfig = (indexDir: string, modelDir = tiny.localModelPath): Config =>
  loadConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: indexDir,
    EMBEDDING_MODEL: tiny.modelId,
    MODEL_CACHE_DIR: modelDir,
    MODEL_LOCAL_DIR: modelDir,
    ALLOW_MODEL_DOWNLOAD: 'false',
    LOG_LEVEL: 'silent',
  });

/** What server.ts does before listening. */
async function startLikeNpmStart(config: Config): Promise<{ engine: LoadedAnswerEngine; log: string[] }> {
  const log: string[] = [];
  await ensureIndex(config, (line) => log.push(line));
  const engine = await loadServingEngine(config, (line) => log.push(line));
  return { engine, log };
}

async function expectServesCorrectly(engine: LoadedAnswerEngine): Promise<void> {
  expect(engine.health().chunkCount).toBe(pristineManifest.chunkCount);
  expect(engine.health().englishEditions).toEqual({ passages: pristineManifest.chunkCount, missing: 0, stale: 0 });
  const response = await engine.answer({ question });
  expect(response.answered).toBe(true);
  expect(response.answer).toContain('1010亿元');
}

describe('a damaged index whose manifest still matches the corpus', () => {
  const damage: Array<[name: string, harm: (indexDir: string) => void, logged: RegExp]> = [
    ['chunks.jsonl cut mid-line', (dir) => truncate(join(dir, 'chunks.jsonl')), /chunks\.jsonl is truncated or corrupt at line \d+/],
    [
      'chunks.jsonl cut at a line end',
      (dir) => {
        const lines = readFileSync(join(dir, 'chunks.jsonl'), 'utf8').split('\n');
        writeFileSync(join(dir, 'chunks.jsonl'), `${lines.slice(0, 10).join('\n')}\n`);
      },
      /chunks\.jsonl has 10 chunks but the manifest says \d+/,
    ],
    ['chunks.jsonl missing', (dir) => rmSync(join(dir, 'chunks.jsonl')), /chunks\.jsonl is missing/],
    ['lexical.bin truncated', (dir) => truncate(join(dir, 'lexical.bin')), /index file .*lexical\.bin is truncated: \d+ bytes where its header describes \d+/],
    [
      'lexical.bin with one byte changed',
      (dir) => {
        const bytes = readFileSync(join(dir, 'lexical.bin'));
        bytes.writeUInt8(bytes.readUInt8(bytes.length - 5) ^ 0x10, bytes.length - 5);
        writeFileSync(join(dir, 'lexical.bin'), bytes);
      },
      /index file .*lexical\.bin is corrupt: its checksum does not match its contents/,
    ],
    ['lexical.bin missing', (dir) => rmSync(join(dir, 'lexical.bin')), /index file .*lexical\.bin is missing/],
    [
      'chunks.jsonl reordered, so lexical.bin names other chunks',
      (dir) => {
        const chunks = readFileSync(join(dir, 'chunks.jsonl'), 'utf8').split('\n');
        // The same chunks in another order: lexical.bin would name the wrong passages.
        writeFileSync(join(dir, 'chunks.jsonl'), [chunks[1], chunks[0], ...chunks.slice(2)].join('\n'));
      },
      /lexical\.bin and chunks\.jsonl disagree at chunk 1/,
    ],
    [
      'chunks.jsonl edited in place (one figure changed, still valid JSON, same passages)',
      (dir) => {
        const file = join(dir, 'chunks.jsonl');
        const text = readFileSync(file, 'utf8');
        expect(text).toContain('1010亿元');
        writeFileSync(file, text.replace('1010亿元', '9999亿元'));
      },
      /index file chunks\.jsonl does not match its checksum in manifest\.json \(edited or damaged since the index was built\)/,
    ],
    ["the index's glossary.json edited", (dir) => writeFileSync(join(dir, 'glossary.json'), '[]'), /index file glossary\.json does not match its checksum/],
    ["the index's glossary.json missing", (dir) => rmSync(join(dir, 'glossary.json')), /index file glossary\.json is missing/],
    [
      "the index's enrichment.jsonl edited (an English sentence changed)",
      (dir) => {
        const file = join(dir, 'enrichment.jsonl');
        const text = readFileSync(file, 'utf8');
        expect(text).toContain('249.4 billion yuan');
        writeFileSync(file, text.replace('249.4 billion yuan', '999.9 billion yuan'));
      },
      /index file enrichment\.jsonl does not match its checksum in manifest\.json/,
    ],
    ["the index's enrichment.jsonl missing", (dir) => rmSync(join(dir, 'enrichment.jsonl')), /index file enrichment\.jsonl is missing/],
    ['bridge.json truncated', (dir) => truncate(join(dir, 'bridge.json')), /index file bridge\.json does not match its checksum in manifest\.json/],
    ['manifest.json truncated', (dir) => truncate(join(dir, 'manifest.json')), /manifest in .* is unreadable/],
    ['manifest.json emptied', (dir) => writeFileSync(join(dir, 'manifest.json'), ''), /manifest in .* is unreadable/],
  ];

  it.each(damage)('%s: rebuilt at start, saying why, then serves the whole index', async (_name, harm, logged) => {
    const indexDir = copyOf(pristine);
    harm(indexDir);
    const { engine, log } = await startLikeNpmStart(lexicalConfig(indexDir));
    expect(log.join('\n')).toMatch(logged);
    expect(log.join('\n')).toMatch(/building the index[\s\S]*index built: 5 documents/);
    await expectServesCorrectly(engine);
    // Started again, the rebuilt index is used as it is.
    expect((await startLikeNpmStart(lexicalConfig(indexDir))).log).toEqual([]);
  });

  it('damaged dense vectors: rebuilt with the model, so retrieval is hybrid again', async () => {
    const indexDir = copyOf(denseIndex);
    truncate(join(indexDir, 'dense', 'hnswlib.index'));
    const { engine, log } = await startLikeNpmStart(tinyConfig(indexDir));
    expect(log.join('\n')).toMatch(/dense vectors are damaged \(vector index unusable[\s\S]*index built: .* dense tiny-bert/);
    expect(engine.health().mode.retrieval).toBe('hybrid');
    await expectServesCorrectly(engine);
  }, 60_000);
});

describe('an index from another configuration', () => {
  it('another chunker version: rebuilt', async () => {
    const indexDir = copyOf(pristine);
    const manifest = JSON.parse(readFileSync(join(indexDir, 'manifest.json'), 'utf8')) as Manifest;
    writeFileSync(join(indexDir, 'manifest.json'), JSON.stringify({ ...manifest, chunkerVersion: manifest.chunkerVersion + 7 }));
    expect(indexProblem(lexicalConfig(indexDir))).toMatch(/chunker version/);
    const { engine, log } = await startLikeNpmStart(lexicalConfig(indexDir));
    expect(log[0]).toMatch(/split by chunker version \d+; this version splits with \d+: building the index/);
    await expectServesCorrectly(engine);
  });

  it('another manifest schema: rebuilt, saying which format it found', async () => {
    const indexDir = copyOf(pristine);
    const manifest = JSON.parse(readFileSync(join(indexDir, 'manifest.json'), 'utf8')) as Manifest;
    writeFileSync(join(indexDir, 'manifest.json'), JSON.stringify({ ...manifest, schemaVersion: 99 }));
    const { engine, log } = await startLikeNpmStart(lexicalConfig(indexDir));
    expect(log[0]).toMatch(new RegExp(`the index in .* has format version 99; this version reads ${MANIFEST_SCHEMA_VERSION}: building the index`));
    await expectServesCorrectly(engine);
  });

  it('an index written by the previous release (format 1: lexical.json, no lexical.bin): stale, refused by the engine, rebuilt by npm start', async () => {
    const indexDir = copyOf(pristine);
    const manifest = JSON.parse(readFileSync(join(indexDir, 'manifest.json'), 'utf8')) as Manifest;
    // What release 1 left on disk: its manifest version and a lexical.json instead of lexical.bin.
    writeFileSync(join(indexDir, 'manifest.json'), JSON.stringify({ ...manifest, schemaVersion: 1 }));
    writeFileSync(join(indexDir, 'lexical.json'), JSON.stringify({ version: 1, settings: { k1: 1.2, b: 0.75 }, ids: [], lengths: [], postings: {} }));
    rmSync(join(indexDir, 'lexical.bin'));
    expect(indexProblem(lexicalConfig(indexDir))).toMatch(new RegExp(`^the index in .* has format version 1; this version reads ${MANIFEST_SCHEMA_VERSION}$`));
    await expect(loadAnswerEngine({ config: lexicalConfig(indexDir) })).rejects.toMatchObject({
      code: 'RAG_INDEX_MISMATCH',
      message: expect.stringMatching(new RegExp(`has format version 1; this version reads ${MANIFEST_SCHEMA_VERSION}\\. Run \`npm run ingest -- --force\``)),
    });
    const { engine, log } = await startLikeNpmStart(lexicalConfig(indexDir));
    expect(log[0]).toMatch(new RegExp(`has format version 1; this version reads ${MANIFEST_SCHEMA_VERSION}: building the index`));
    expect(existsSync(join(indexDir, 'lexical.bin'))).toBe(true);
    expect(existsSync(join(indexDir, 'lexical.json'))).toBe(false);
    expect(readManifest(indexDir)?.schemaVersion).toBe(MANIFEST_SCHEMA_VERSION);
    await expectServesCorrectly(engine);
    expect((await startLikeNpmStart(lexicalConfig(indexDir))).log).toEqual([]);
  });

  it('built with another embedding model: rebuilt for the configured one (lexical, with the reason, when that model cannot load)', async () => {
    const indexDir = copyOf(denseIndex);
    const config = loadConfig({
      CORPUS_DIR: corpusDir,
      INDEX_DIR: indexDir,
      EMBEDDING_MODEL: 'Xenova/multilingual-e5-small',
      MODEL_CACHE_DIR: join(work, 'no-models'),
      ALLOW_MODEL_DOWNLOAD: 'false',
      LOG_LEVEL: 'silent',
    });
    const { engine, log } = await startLikeNpmStart(config);
    expect(log[0]).toMatch(/built with embedding model tiny-bert but EMBEDDING_MODEL is Xenova\/multilingual-e5-small: building the index/);
    expect(engine.health()).toMatchObject({
      mode: { retrieval: 'lexical' },
      denseReason: expect.stringMatching(/multilingual-e5-small not in .* downloads are disabled/),
    });
    await expectServesCorrectly(engine);
  });
});

describe("dense vectors are served without LangChain's docstore.json", () => {
  it('an index without docstore.json still serves hybrid, with nothing rebuilt', async () => {
    const indexDir = copyOf(denseIndex);
    rmSync(join(indexDir, 'dense', 'docstore.json'));
    const { engine, log } = await startLikeNpmStart(tinyConfig(indexDir));
    expect(log).toEqual([]);
    expect(engine.health().mode.retrieval).toBe('hybrid');
    await expectServesCorrectly(engine);
  }, 60_000);
});

describe('the embedding model missing at start', () => {
  it('serves lexical-only from an index that has vectors, says why in /api/health and the mode line, and keeps the vectors for later', async () => {
    const indexDir = copyOf(denseIndex);
    const builtAt = (JSON.parse(readFileSync(join(indexDir, 'manifest.json'), 'utf8')) as Manifest).builtAt;
    const config = tinyConfig(indexDir, join(work, 'models-gone'));
    const { engine, log } = await startLikeNpmStart(config);
    expect(log).toEqual([]);
    expect(describeMode(engine.health())).toMatch(/^mode: lexical retrieval \(dense off: model tiny-bert not in .*models-gone and downloads are disabled\)/);
    const app = await buildApp({ engine, config });
    try {
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.json()).toMatchObject({
        status: 'ok',
        mode: { retrieval: 'lexical' },
        embeddingModel: null,
        denseReason: expect.stringContaining('tiny-bert'),
      });
      const answer = await app.inject({ method: 'POST', url: '/api/answer', payload: { question } });
      expect(answer.json()).toMatchObject({ answered: true, mode: { retrieval: 'lexical' } });
    } finally {
      await app.close();
    }
    expect((JSON.parse(readFileSync(join(indexDir, 'manifest.json'), 'utf8')) as Manifest).builtAt).toBe(builtAt);
    // With the model back, the same index serves hybrid again.
    expect((await startLikeNpmStart(tinyConfig(indexDir))).engine.health().mode.retrieval).toBe('hybrid');
  }, 60_000);
});

describe('npm start (a real process) with a damaged index', () => {
  let server: ServerProcess | undefined;
  afterAll(() => server?.kill());

  it.each([
    ['chunks.jsonl truncated', 'chunks.jsonl', /index is unusable \(index file chunks\.jsonl is truncated or corrupt/],
    ['manifest.json truncated', 'manifest.json', /manifest in .* is unreadable/],
  ])(
    '%s: says what it does, rebuilds, serves the whole index, exits 0 on SIGTERM',
    async (_name, file, logged) => {
      const indexDir = copyOf(pristine);
      truncate(join(indexDir, file));
      server = startServerProcess({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, FEEDBACK_FILE: join(work, 'feedback.jsonl') });
      const port = await server.port;
      expect(server.output()).toMatch(logged);
      expect(server.output()).toMatch(/index built: 5 documents/);
      const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5000) })).json()) as { chunkCount: number };
      expect(health.chunkCount).toBe(pristineManifest.chunkCount);
      server.signal('SIGTERM');
      expect(await server.exit).toBe(0);
    },
    60_000,
  );
});
