import type { Config } from '../config.ts';
import { buildIndex, readManifest } from '../ingest/build-index.ts';
import { loadCorpus } from '../ingest/load-corpus.ts';

/** Why the index has to be (re)built before serving, or null when it matches the corpus. */
export function indexProblem(config: Config): string | null {
  const manifest = readManifest(config.indexDir);
  if (manifest === null) return `no usable index in ${config.indexDir}`;
  if (manifest.corpusHash !== loadCorpus(config.corpusDir).hash) return `the corpus in ${config.corpusDir} changed since the index was built (${manifest.builtAt})`;
  const wantsDense = config.EMBEDDING_MODEL !== 'none';
  if (wantsDense && manifest.dense !== null && manifest.dense.model !== config.EMBEDDING_MODEL) {
    return `the index was built with embedding model ${manifest.dense.model} but EMBEDDING_MODEL is ${config.EMBEDDING_MODEL}`;
  }
  // Built lexical-only on purpose, and now a model is configured: try to add the vectors. (A model
  // that could not be downloaded is not retried at every start: `npm run ingest -- --force` does that.)
  if (wantsDense && manifest.dense === null && /disabled/.test(manifest.denseReason ?? '')) return `dense retrieval is now configured (EMBEDDING_MODEL=${config.EMBEDDING_MODEL})`;
  return null;
}

/** `npm start` serves a fresh index: builds it first when it is missing or stale, saying what it does. */
export async function ensureIndex(config: Config, log: (line: string) => void): Promise<void> {
  const problem = indexProblem(config);
  if (problem === null) return;
  log(`${problem}: building the index (same as npm run ingest)…`);
  const summary = await buildIndex({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    embedding: {
      model: config.EMBEDDING_MODEL,
      cacheDir: config.modelCacheDir,
      allowRemote: config.ALLOW_MODEL_DOWNLOAD === 'true',
      enabled: config.EMBEDDING_MODEL !== 'none',
      ...(config.MODEL_LOCAL_DIR !== undefined ? { localModelPath: config.MODEL_LOCAL_DIR } : {}),
    },
    log,
  });
  const { manifest } = summary;
  const dense = manifest.dense !== null ? `dense ${manifest.dense.model}` : `dense off (${manifest.denseReason ?? 'disabled'})`;
  log(`index built: ${manifest.documents.length} documents, ${manifest.chunkCount} chunks, ${dense}, ${summary.seconds.total.toFixed(1)} s`);
}
