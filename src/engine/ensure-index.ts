import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import { RagError } from '../errors.ts';
import type { EngineLogger } from './engine-logger.ts';
import { loadAnswerEngine, type LoadedAnswerEngine } from './load-answer-engine.ts';
import { buildIndex, embeddingOptions, foreignSchemaVersion, readManifest } from '../ingest/build-index.ts';
import { indexFiles } from '../index-store/index-files.ts';
import { CorpusFileError, loadCorpus } from '../ingest/load-corpus.ts';
import { MANIFEST_SCHEMA_VERSION, type Manifest } from '../index-store/manifest.ts';
import { CHUNKER_VERSION } from '../ingest/split-text.ts';

/** The manifest, or why it cannot be used (a truncated manifest.json makes readManifest throw). */
function manifestOrProblem(indexDir: string): Manifest | string {
  try {
    const manifest = readManifest(indexDir);
    if (manifest !== null) return manifest;
    // An index written by another release (e.g. format 1, with lexical.json): its files are not what this one reads.
    const version = foreignSchemaVersion(indexDir);
    return version !== null
      ? `the index in ${indexDir} has format version ${String(version)}; this version reads ${MANIFEST_SCHEMA_VERSION}`
      : `no usable index in ${indexDir}`;
  } catch (error) {
    return `the index manifest in ${indexDir} is unreadable (${(error as Error).message.slice(0, 80)})`;
  }
}

/**
 * Why the index has to be (re)built before serving, or null when it matches the corpus and the
 * configuration. Throws a CorpusFileError when the corpus cannot be read.
 */
export function indexProblem(config: Config, corpusHash?: string): string | null {
  const manifest = manifestOrProblem(config.indexDir);
  if (typeof manifest === 'string') return manifest;
  if (manifest.corpusHash !== (corpusHash ?? loadCorpus(config.corpusDir).hash))
    return `the corpus in ${config.corpusDir} changed since the index was built (${manifest.builtAt})`;
  if (manifest.chunkerVersion !== CHUNKER_VERSION)
    return `the index was split by chunker version ${manifest.chunkerVersion}; this version splits with ${CHUNKER_VERSION}`;
  if (manifest.dense !== null && config.EMBEDDING_MODEL !== 'none' && manifest.dense.model !== config.EMBEDDING_MODEL) {
    return `the index was built with embedding model ${manifest.dense.model} but EMBEDDING_MODEL is ${config.EMBEDDING_MODEL}`;
  }
  return null;
}

async function rebuild(config: Config, problem: string, log: (line: string) => void): Promise<void> {
  log(`${problem}: building the index (same as npm run ingest)…`);
  // buildIndex reads the old manifest first; one that is not even JSON would stop it, and it is useless anyway.
  const manifestPath = join(config.indexDir, indexFiles.manifest);
  if (typeof manifestOrProblem(config.indexDir) === 'string' && existsSync(manifestPath)) rmSync(manifestPath);
  const summary = await buildIndex({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    // The manifest may match the corpus while the files beside it are damaged: build regardless.
    force: true,
    embedding: embeddingOptions(config),
    log,
  });
  const { manifest } = summary;
  const dense = manifest.dense !== null ? `dense ${manifest.dense.model}` : `dense off (${manifest.denseReason ?? 'disabled'})`;
  log(`index built: ${manifest.documents.length} documents, ${manifest.chunkCount} chunks, ${dense}, ${summary.seconds.total.toFixed(1)} s`);
}

/** The previous index served because the corpus cannot be read: which corpus file and why (`/api/health`'s `staleIndex`). */
export interface StaleIndex {
  /** The file's name in the corpus folder. */
  file: string;
  reason: string;
}

/**
 * `npm start` serves a fresh index: builds it first when it is missing, stale or built for another
 * configuration, saying what it does. When a corpus file cannot be read (empty, binary, not UTF-8, an
 * invalid sources.json …) the index cannot be built: a previous index is then served as it is, and the
 * returned StaleIndex says why (for the log, and for loadServingEngine and /api/health); with no previous
 * index, it throws, naming the file.
 */
export async function ensureIndex(config: Config, log: (line: string) => void): Promise<StaleIndex | null> {
  let corpusHash: string;
  try {
    corpusHash = loadCorpus(config.corpusDir).hash;
  } catch (error) {
    if (!(error instanceof CorpusFileError)) throw error;
    const previous = manifestOrProblem(config.indexDir);
    if (typeof previous === 'string') {
      throw new RagError(
        'RAG_CORPUS_INVALID',
        `cannot build the index: ${error.message}. There is no previous index to serve meanwhile (${previous}). ` +
          `Fix ${join(config.corpusDir, error.file)} and start again.`,
      );
    }
    log(
      `warning: cannot check or rebuild the index: ${error.message}. ` +
        `Serving the previous index (built ${previous.builtAt}) until ${join(config.corpusDir, error.file)} is fixed and the server restarted.`,
    );
    return { file: error.file, reason: error.message };
  }
  const problem = indexProblem(config, corpusHash);
  if (problem !== null) await rebuild(config, problem, log);
  return null;
}

/** Index files the engine refuses as damaged or foreign; rebuilding them is what the refusal asks for. */
const rebuildable = new Set(['RAG_INDEX_MISSING', 'RAG_INDEX_CORRUPT', 'RAG_INDEX_MISMATCH']);
/** The engine serves lexical-only when its vectors do not load; damaged vectors (not a missing model) are rebuilt. */
const damagedVectors = /^vector index unusable/;

/** The engine, with `/api/health` saying that its index is the previous one, and why. */
function servingStale(engine: LoadedAnswerEngine, stale: StaleIndex): LoadedAnswerEngine {
  return { ...engine, health: () => ({ ...engine.health(), staleIndex: stale }) };
}

/**
 * Loads the engine for serving. The manifest can match the corpus while the files beside it are
 * truncated, damaged or edited (a disk filled up, a copy was cut short, a hand edit); the engine refuses
 * those (or drops its damaged vectors), and rather than exit or serve less, the index is rebuilt once and
 * loaded again. A second failure is final: its message says what to do. With `stale` (the corpus cannot
 * be read, see ensureIndex) nothing can be rebuilt: a refused index stops the start with both reasons,
 * damaged vectors leave it lexical-only.
 */
export async function loadServingEngine(
  config: Config,
  log: (line: string) => void,
  stale: StaleIndex | null = null,
  logger?: EngineLogger,
): Promise<LoadedAnswerEngine> {
  const load = () => loadAnswerEngine({ config, ...(logger !== undefined ? { logger } : {}) });
  let engine: LoadedAnswerEngine;
  try {
    engine = await load();
  } catch (error) {
    if (!RagError.isInstance(error) || !rebuildable.has(error.code)) throw error;
    const unusable = `the index is unusable (${error.message.split('. Run')[0]})`;
    if (stale !== null) {
      throw new RagError(error.code, `${unusable}, and it cannot be rebuilt: ${stale.reason}. Fix ${join(config.corpusDir, stale.file)} and start again.`, {
        cause: error,
      });
    }
    await rebuild(config, unusable, log);
    return load();
  }
  const { denseReason } = engine.health();
  if (stale !== null) return servingStale(engine, stale);
  if (denseReason !== undefined && damagedVectors.test(denseReason)) {
    await rebuild(config, `the index's dense vectors are damaged (${denseReason})`, log);
    return load();
  }
  return engine;
}
