import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { RagError } from '../../src/errors.ts';
import { loadAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import { buildIndex, readManifest } from '../../src/ingest/build-index.ts';
import { MANIFEST_SCHEMA_VERSION } from '../../src/index-store/manifest.ts';
import { makeTinyModel } from '../fixtures/make-tiny-model.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const realCorpus = join(projectDir, 'corpus');
const lexicalOnly = { enabled: false, model: 'none', cacheDir: tmpdir(), allowRemote: false };
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sip-ingest-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function freshCorpus(name: string): string {
  const dir = join(work, name);
  cpSync(realCorpus, dir, { recursive: true });
  return dir;
}

async function engineFor(corpusDir: string, indexDir: string, extra: Record<string, string> = {}) {
  return loadAnswerEngine({ config: loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: 'none', ...extra }) });
}

describe('building the index', () => {
  it('writes chunks, lexical index, bridge dictionary and manifest; a second run on the same corpus is a no-op', async () => {
    const indexDir = join(work, 'noop-index');
    const first = await buildIndex({ corpusDir: realCorpus, indexDir, embedding: lexicalOnly });
    expect(first.skipped).toBe(false);
    for (const file of ['manifest.json', 'chunks.jsonl', 'lexical.bin', 'bridge.json']) expect(existsSync(join(indexDir, file)), file).toBe(true);
    expect(existsSync(join(indexDir, 'lexical.json'))).toBe(false);
    expect(first.manifest.dense).toBeNull();
    expect(first.manifest.denseReason).toMatch(/disabled/);
    // The years passages write (2019年7月26日…, 2025年目标) are recorded for the engine, sorted, once each.
    expect(first.manifest.yearsWritten).toEqual(expect.arrayContaining([2008, 2019, 2020, 2021, 2022, 2023]));
    expect(first.manifest.yearsWritten).toEqual([...new Set(first.manifest.yearsWritten)].sort((left, right) => left - right));
    const second = await buildIndex({ corpusDir: realCorpus, indexDir, embedding: lexicalOnly });
    expect(second.skipped).toBe(true);
    expect(second.manifest.builtAt).toBe(first.manifest.builtAt);
    const forced = await buildIndex({ corpusDir: realCorpus, indexDir, embedding: lexicalOnly, force: true });
    expect(forced.skipped).toBe(false);
    // An index written in the previous format (manifest schema 1, lexical.json) is rebuilt, not skipped.
    const manifestFile = join(indexDir, 'manifest.json');
    writeFileSync(manifestFile, JSON.stringify({ ...(JSON.parse(readFileSync(manifestFile, 'utf8')) as object), schemaVersion: 1 }));
    const migrated = await buildIndex({ corpusDir: realCorpus, indexDir, embedding: lexicalOnly });
    expect(migrated.skipped).toBe(false);
    expect(readManifest(indexDir)?.schemaVersion).toBe(MANIFEST_SCHEMA_VERSION);
  });

  it('leaves the previous index intact when ingest fails before the swap', async () => {
    const indexDir = join(work, 'interrupted-index');
    const before = await buildIndex({ corpusDir: realCorpus, indexDir, embedding: lexicalOnly });
    await expect(
      buildIndex({
        corpusDir: realCorpus,
        indexDir,
        embedding: lexicalOnly,
        force: true,
        beforeSwap: () => {
          throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    expect(readManifest(indexDir)?.builtAt).toBe(before.manifest.builtAt);
    expect(existsSync(`${indexDir}.tmp-${process.pid}`)).toBe(false);
    const engine = await engineFor(realCorpus, indexDir);
    expect((await engine.answer({ question: '苏州纳米城位于哪里？' })).answered).toBe(true);
  });

  it('recovers the previous index when a swap was cut between its two renames', async () => {
    const indexDir = join(work, 'half-swapped-index');
    await buildIndex({ corpusDir: realCorpus, indexDir, embedding: lexicalOnly });
    renameSync(indexDir, `${indexDir}.old`);
    expect(readManifest(indexDir)?.chunkCount).toBeGreaterThan(0);
    expect(existsSync(join(indexDir, 'chunks.jsonl'))).toBe(true);
  });

  it('keeps the old index serving when the ingest process is killed mid-way', async () => {
    const indexDir = join(work, 'killed-index');
    const before = await buildIndex({ corpusDir: realCorpus, indexDir, embedding: lexicalOnly });
    for (const delay of [150, 600, 1200]) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/ingest/cli.ts', '--force', '--no-dense'], {
        cwd: projectDir,
        env: { ...process.env, CORPUS_DIR: realCorpus, INDEX_DIR: indexDir },
        stdio: 'ignore',
      });
      // Listened for from the start: on a quiet machine the ingest can finish before the kill, and an exit
      // that has already happened would never be reported to a listener added after it.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      // Whichever moment the kill hit, a complete index (the old or the new one) is there and serves.
      const engine = await engineFor(realCorpus, indexDir);
      expect(engine.health().chunkCount).toBe(before.manifest.chunkCount);
      expect((await engine.answer({ question: '2020年园区纳米技术应用产业产值是多少？' })).answer).toContain('1010亿元');
    }
  });
});

describe('a broken corpus file', () => {
  it.each([
    ['empty', Buffer.alloc(0), /002_06382234265d09a9\.txt is empty/],
    ['binary', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]), /002_06382234265d09a9\.txt looks binary/],
    ['not UTF-8', Buffer.from('苏州工业园区', 'utf16le'), /002_06382234265d09a9\.txt (?:is not valid UTF-8|looks binary)/],
    ['not UTF-8 (GBK bytes)', Buffer.from([0xcb, 0xd5, 0xd6, 0xdd, 0xb9, 0xa4, 0xd2, 0xb5]), /002_06382234265d09a9\.txt is not valid UTF-8/],
  ])('%s: is named with the reason and the previous index stays usable', async (name, bytes, message) => {
    const corpusDir = freshCorpus(`corpus-${name.replace(/\W+/g, '-')}`);
    const indexDir = join(work, `index-${name.replace(/\W+/g, '-')}`);
    const before = await buildIndex({ corpusDir, indexDir, embedding: lexicalOnly });
    writeFileSync(join(corpusDir, '002_06382234265d09a9.txt'), bytes);
    const failure = await buildIndex({ corpusDir, indexDir, embedding: lexicalOnly }).catch((error: unknown) => error);
    expect(RagError.isInstance(failure) && failure.code).toBe('RAG_CORPUS_INVALID');
    expect((failure as Error).message).toMatch(message);
    expect(readManifest(indexDir)?.builtAt).toBe(before.manifest.builtAt);
  });

  it.each([
    ['missing', undefined],
    ['not a policy', 'public'],
  ])('a document whose contact policy is %s is named, with the values allowed', async (name, value) => {
    const corpusDir = freshCorpus(`corpus-contacts-${name.replace(/\W+/g, '-')}`);
    const sourcesPath = join(corpusDir, 'sources.json');
    const sources = JSON.parse(readFileSync(sourcesPath, 'utf8')) as { documents: Array<Record<string, unknown>> };
    const document = sources.documents[2] as Record<string, unknown>;
    if (value === undefined) delete document.contacts;
    else document.contacts = value;
    writeFileSync(sourcesPath, JSON.stringify(sources));
    await expect(buildIndex({ corpusDir, indexDir: join(work, `index-contacts-${name}`), embedding: lexicalOnly })).rejects.toThrow(
      /sources\.json: documents\.2\.contacts: contacts must be "organisational" \(an official source.*or "none"/,
    );
  });

  it('records each document’s contact policy in the manifest', async () => {
    const { manifest } = await buildIndex({ corpusDir: realCorpus, indexDir: join(work, 'index-policies'), embedding: lexicalOnly });
    expect(Object.fromEntries(manifest.documents.map((document) => [document.slug, document.contacts]))).toEqual({
      'yearbook-2020-emerging': 'organisational',
      'yearbook-2020-scitech': 'organisational',
      'news-2024-innovation-city': 'none',
      'news-2024-future-industries': 'none',
      'web-2022-innovation-clusters': 'none',
    });
  });

  it('a sources.json that lists a missing file is named', async () => {
    const corpusDir = freshCorpus('corpus-missing');
    rmSync(join(corpusDir, '004_3ee6574244425908.txt'));
    await expect(buildIndex({ corpusDir, indexDir: join(work, 'index-missing'), embedding: lexicalOnly })).rejects.toThrow(
      /004_3ee6574244425908\.txt \(listed in sources\.json\) does not exist/,
    );
  });
});

describe('a damaged or mismatched index', () => {
  it('refuses a truncated chunks file and a missing index with a message saying how to rebuild', async () => {
    const indexDir = join(work, 'truncated-index');
    await buildIndex({ corpusDir: realCorpus, indexDir, embedding: lexicalOnly });
    const chunks = readFileSync(join(indexDir, 'chunks.jsonl'), 'utf8');
    writeFileSync(join(indexDir, 'chunks.jsonl'), chunks.slice(0, Math.floor(chunks.length / 2)));
    await expect(engineFor(realCorpus, indexDir)).rejects.toThrow(/truncated or corrupt.*npm run ingest -- --force/s);
    await expect(engineFor(realCorpus, join(work, 'no-such-index'))).rejects.toMatchObject({
      code: 'RAG_INDEX_MISSING',
      message: expect.stringMatching(/npm run ingest/),
    });
  });
});

describe('the dense path with a real (tiny, generated) transformers.js model', () => {
  it('embeds every chunk into HNSW, records the model in the manifest, and serves hybrid retrieval', async () => {
    const tiny = await makeTinyModel(join(work, 'models'), { dims: 32 });
    const indexDir = join(work, 'dense-index');
    const progress: number[] = [];
    const summary = await buildIndex({
      corpusDir: realCorpus,
      indexDir,
      embedding: { model: tiny.modelId, cacheDir: tiny.localModelPath, localModelPath: tiny.localModelPath, allowRemote: false },
      onProgress: (done) => progress.push(done),
    });
    expect(summary.manifest.dense).toMatchObject({ model: tiny.modelId, dims: 32, space: 'cosine' });
    expect(progress.at(-1)).toBe(summary.manifest.chunkCount);
    expect(existsSync(join(indexDir, 'dense', 'hnswlib.index'))).toBe(true);

    const engine = await engineFor(realCorpus, indexDir, {
      EMBEDDING_MODEL: tiny.modelId,
      MODEL_CACHE_DIR: tiny.localModelPath,
      MODEL_LOCAL_DIR: tiny.localModelPath,
      ALLOW_MODEL_DOWNLOAD: 'false',
    });
    expect(engine.health().mode.retrieval).toBe('hybrid');
    const response = await engine.answer({ question: '2020年园区纳米技术应用产业产值是多少？' });
    expect(response.mode.retrieval).toBe('hybrid');
    expect(response.answer).toContain('1010亿元');

    // A server configured for another model refuses this index and says how to rebuild.
    await expect(engineFor(realCorpus, indexDir, { EMBEDDING_MODEL: 'Xenova/multilingual-e5-small' })).rejects.toMatchObject({ code: 'RAG_INDEX_MISMATCH' });
  });
});

describe('the enrichment fields saved at ingest', () => {
  const fieldFiles = ['fields-english.bin', 'fields-english-questions.bin', 'fields-chinese-questions.bin'];
  const questions = ['Which sectors does the FTZ reward scheme target?', 'When did Zai Lab list on HKEX?', '园区有哪些创新平台？'];

  it('are written by ingest and read by the server, which answers exactly as when it builds them itself', async () => {
    const indexDir = join(work, 'fields-index');
    await buildIndex({ corpusDir: realCorpus, indexDir, embedding: lexicalOnly });
    for (const file of fieldFiles) expect(existsSync(join(indexDir, file)), file).toBe(true);
    const saved = await engineFor(realCorpus, indexDir);
    const answersFromSaved = await Promise.all(questions.map(async (question) => (await saved.answer({ question })).answer));
    // Without them the server builds the same fields at load.
    const copy = join(work, 'fields-index-without');
    cpSync(indexDir, copy, { recursive: true });
    for (const file of fieldFiles) rmSync(join(copy, file));
    const built = await engineFor(realCorpus, copy);
    expect(await Promise.all(questions.map(async (question) => (await built.answer({ question })).answer))).toEqual(answersFromSaved);
    // …and ingest does not call an index without them up to date: it writes them.
    const rebuilt = await buildIndex({ corpusDir: realCorpus, indexDir: copy, embedding: lexicalOnly });
    expect(rebuilt.skipped).toBe(false);
    for (const file of fieldFiles) expect(existsSync(join(copy, file)), file).toBe(true);
  });

  it('a damaged one is named, with how to rebuild', async () => {
    const indexDir = join(work, 'fields-damaged');
    await buildIndex({ corpusDir: realCorpus, indexDir, embedding: lexicalOnly });
    const file = join(indexDir, 'fields-english.bin');
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(engineFor(realCorpus, indexDir)).rejects.toThrow(/fields-english\.bin.*npm run ingest -- --force/s);
  });
});

describe('English editions at ingest', () => {
  /** Runs `npm run ingest -- …args` on a corpus, as the command runs. */
  function ingestCli(corpusDir: string, indexDir: string, args: string[]): Promise<{ code: number | null; output: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/ingest/cli.ts', ...args], {
        cwd: projectDir,
        env: { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: 'none' },
      });
      let output = '';
      child.stdout.on('data', (data: Buffer) => (output += data.toString()));
      child.stderr.on('data', (data: Buffer) => (output += data.toString()));
      child.once('exit', (code) => resolve({ code, output }));
    });
  }

  it('a passage edited since its entry was written is reported stale by ingest and --list, and the index and /health count it as lacking one', async () => {
    const corpusDir = freshCorpus('corpus-stale-enrichment');
    const file = join(corpusDir, 'enrichment', 'yearbook-2020-emerging.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    // The entry of yearbook-2020-emerging#1 now claims another text: as if the passage had been edited after it was written.
    lines[0] = (lines[0] as string).replace(/"hash": ?"[0-9a-f]{16}"/, '"hash": "0000000000000000"');
    // …and #2 has no entry at all.
    lines.splice(1, 1);
    writeFileSync(file, lines.join('\n'));
    const indexDir = join(work, 'index-stale-enrichment');
    const built = await ingestCli(corpusDir, indexDir, ['--no-dense']);
    expect(built.code).toBe(0);
    expect(built.output).toMatch(/English editions: 78 of 80 passages \(1 stale, 1 missing\)/);
    expect(built.output).toMatch(/stale .*yearbook-2020-emerging#1/);
    expect(built.output).toMatch(/missing .*yearbook-2020-emerging#2/);
    const listed = await ingestCli(corpusDir, indexDir, ['--list']);
    expect(listed.output).toMatch(/English editions: 78 of 80 passages \(1 stale, 1 missing\)[\s\S]*stale .*yearbook-2020-emerging#1/);
    const engine = await engineFor(corpusDir, indexDir);
    expect(engine.health().englishEditions).toEqual({ passages: 78, missing: 2, stale: 1 });
    expect(engine.passage('yearbook-2020-emerging#1')?.english).toBeUndefined();
    expect(engine.passage('yearbook-2020-emerging#3')?.english).toMatchObject({
      title: expect.stringContaining('Nanotech'),
      text: expect.stringContaining('28 to 30 October'),
    });
  }, 60_000);

  it('an edited enrichment entry changes the corpus hash, so the index is rebuilt with it', async () => {
    const corpusDir = freshCorpus('corpus-edited-enrichment');
    const indexDir = join(work, 'index-edited-enrichment');
    await buildIndex({ corpusDir, indexDir, embedding: lexicalOnly });
    const file = join(corpusDir, 'enrichment', 'news-2024-future-industries.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"titleEn": "', '"titleEn": "Edited '));
    expect((await buildIndex({ corpusDir, indexDir, embedding: lexicalOnly })).skipped).toBe(false);
    expect(readFileSync(join(indexDir, 'enrichment.jsonl'), 'utf8')).toContain('"titleEn": "Edited ');
  });
});
