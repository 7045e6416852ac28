import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../../src/config.ts';
import { loadAnswerEngine, type LoadedAnswerEngine, type LoadAnswerEngineOptions } from '../../src/engine/load-answer-engine.ts';
import { buildIndex } from '../../src/ingest/build-index.ts';

export const corpusDir = fileURLToPath(new URL('../../corpus', import.meta.url));

export interface TestIndexOptions {
  /** Writes another corpus into the temp folder and returns its path (default: the real corpus). */
  corpus?: (dir: string) => Promise<string>;
  /** More environment for loadConfig (rate limits, feedback file…). */
  env?: (dir: string) => Record<string, string>;
}

/** A lexical index of the real corpus (or another) in a temp folder, and a config pointing at it. */
export async function buildTestIndex({ corpus, env }: TestIndexOptions = {}): Promise<{ dir: string; config: Config; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sip-engine-test-'));
  const indexCorpus = corpus === undefined ? corpusDir : await corpus(dir);
  const indexDir = join(dir, 'index');
  await buildIndex({ corpusDir: indexCorpus, indexDir, embedding: { enabled: false, model: 'none', cacheDir: dir, allowRemote: false } });
  const config = loadConfig({ CORPUS_DIR: indexCorpus, INDEX_DIR: indexDir, EMBEDDING_MODEL: 'none', LOG_LEVEL: 'silent', ...env?.(dir) });
  return { dir, config, remove: () => rm(dir, { recursive: true, force: true }) };
}

export async function loadTestEngine(
  options: Omit<LoadAnswerEngineOptions, 'config'> = {},
): Promise<{ engine: LoadedAnswerEngine; config: Config; remove: () => Promise<void> }> {
  const index = await buildTestIndex();
  const engine = await loadAnswerEngine({ config: index.config, ...options });
  return { engine, config: index.config, remove: index.remove };
}
