import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/ingest/build-index.ts';
import { makeTinyModel, type TinyModel } from '../fixtures/make-tiny-model.ts';
import { startServerProcess } from '../fixtures/server-process.ts';

/**
 * Issue 17: the machine-learning packages (transformers.js with onnxruntime, hnswlib, LangChain's vector
 * store and chat model, the OpenAI client) cost ~140 MB resident just by being imported. The default mode
 * (lexical retrieval, extractive answers) must not load them at all; dense retrieval or an LLM loads what
 * it needs. Checked in a real server process whose every loaded module is recorded by a loader hook, run
 * from source and compiled (`npm start`'s CommonJS bundle, whose lazily imported modules run only at their first import).
 */
const recorder = fileURLToPath(new URL('../fixtures/record-loaded-modules.mjs', import.meta.url));
const corpusDir = fileURLToPath(new URL('../../corpus', import.meta.url));

const mlPackages = {
  transformers: 'node_modules/@huggingface/transformers/',
  onnxruntime: 'node_modules/onnxruntime-node/',
  hnswlib: 'node_modules/hnswlib-node/',
  langchainCommunity: 'node_modules/@langchain/community/',
  langchainOpenai: 'node_modules/@langchain/openai/',
  openai: 'node_modules/openai/',
} as const;

let work: string;
let lexicalIndex: string;
let denseIndex: string;
let tiny: TinyModel;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sip-lazy-ml-'));
  lexicalIndex = join(work, 'lexical');
  denseIndex = join(work, 'dense');
  await buildIndex({ corpusDir, indexDir: lexicalIndex, embedding: { enabled: false, model: 'none', cacheDir: work, allowRemote: false } });
  tiny = await makeTinyModel(join(work, 'models'), { dims: 32 });
  await buildIndex({
    corpusDir,
    indexDir: denseIndex,
    embedding: { model: tiny.modelId, cacheDir: tiny.localModelPath, localModelPath: tiny.localModelPath, allowRemote: false },
  });
}, 180_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Starts the real server with the module recorder, asks one question, and returns the module URLs it loaded. */
async function modulesLoadedBy(
  launcher: 'node' | 'compiled',
  environment: Record<string, string>,
  name: string,
  question = '2020年园区生物医药产业产值是多少？',
): Promise<{ urls: string[]; mode: unknown }> {
  const record = join(work, `${launcher}-${name}.modules.txt`);
  const server = startServerProcess({ CORPUS_DIR: corpusDir, NODE_OPTIONS: `--import ${recorder}`, RECORD_MODULES_FILE: record, ...environment }, { launcher });
  try {
    const port = await server.port;
    const response = await fetch(`http://127.0.0.1:${port}/api/answer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question }),
    });
    const body = (await response.json()) as { mode: unknown };
    return { urls: (await readFile(record, 'utf8')).split('\n').filter(Boolean), mode: body.mode };
  } finally {
    server.kill();
    await server.exit;
  }
}

/** The OpenCC table files loaded, whichever build (ES module or UMD) they came from. */
const openccTables = (urls: string[]) =>
  [...new Set(urls.filter((url) => url.includes('node_modules/opencc-js/')).map((url) => url.replace(/.*\//, '')))].sort();

const loaded = (urls: string[]) => Object.fromEntries(Object.entries(mlPackages).map(([name, path]) => [name, urls.some((url) => url.includes(path))]));

describe.each(['node', 'compiled'] as const)('machine-learning modules are loaded only when configured (%s)', (launcher) => {
  it('the default mode (lexical, extractive) loads none of them, before or after answering', async () => {
    const { urls, mode } = await modulesLoadedBy(launcher, { INDEX_DIR: lexicalIndex, EMBEDDING_MODEL: 'none' }, 'default');
    expect(mode).toEqual({ retrieval: 'lexical', generator: 'extractive' });
    // The recorder works: the server's entry and a package it loads from node_modules are in the list.
    expect(urls.some((url) => url.endsWith('/src/server/server.ts') || url.endsWith('/dist/server/server.js'))).toBe(true);
    expect(urls.some((url) => url.includes('node_modules/@node-rs/jieba/'))).toBe(true);
    expect(loaded(urls)).toEqual({ transformers: false, onnxruntime: false, hnswlib: false, langchainCommunity: false, langchainOpenai: false, openai: false });
    // Nor the document parsers (~60 MB: loaded when a document of their kind is read) or the Redis client (REDIS_URL only).
    const others = ['pdfjs-dist', 'mammoth', 'linkedom', '@mozilla/readability', 'marked', 'ioredis'];
    expect(others.filter((name) => urls.some((url) => url.includes(`node_modules/${name}/`)))).toEqual([]);
    // A simplified question needs only OpenCC's →simplified tables, not its simplified→traditional phrase table.
    // (Its ES module build from source, its CommonJS build from the compiled server's CommonJS bundle.)
    expect(openccTables(urls)).toEqual(['t2cn.js']);
  });

  it('a traditional-Chinese question loads the →traditional tables when it comes', async () => {
    const { urls } = await modulesLoadedBy(launcher, { INDEX_DIR: lexicalIndex, EMBEDDING_MODEL: 'none' }, 'traditional', '園區生物醫藥產業產值是多少？');
    expect(openccTables(urls)).toEqual(['cn2t.js', 't2cn.js']);
  });

  it('an LLM loads the chat model and not the dense modules', async () => {
    // Nothing listens on port 9: the LLM fails and the extractive answer stands in, which is all this needs.
    const { urls } = await modulesLoadedBy(
      launcher,
      { INDEX_DIR: lexicalIndex, EMBEDDING_MODEL: 'none', LLM_BASE_URL: 'http://127.0.0.1:9/v1', LLM_MODEL: 'fake', LLM_TIMEOUT_MS: '2000' },
      'llm',
    );
    expect(loaded(urls)).toMatchObject({ langchainOpenai: true, openai: true, transformers: false, hnswlib: false });
  });

  it('dense retrieval loads transformers.js and hnswlib and serves hybrid', async () => {
    const { urls, mode } = await modulesLoadedBy(
      launcher,
      {
        INDEX_DIR: denseIndex,
        EMBEDDING_MODEL: tiny.modelId,
        MODEL_CACHE_DIR: tiny.localModelPath,
        MODEL_LOCAL_DIR: tiny.localModelPath,
        ALLOW_MODEL_DOWNLOAD: 'false',
      },
      'dense',
    );
    expect(mode).toEqual({ retrieval: 'hybrid', generator: 'extractive' });
    expect(loaded(urls)).toMatchObject({ transformers: true, onnxruntime: true, hnswlib: true, langchainOpenai: false });
  });
});
