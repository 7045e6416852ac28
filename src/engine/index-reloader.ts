import type { Config } from '../config.ts';
import type { AnswerEngine } from '../question/answer-parts.ts';
import { buildIndex, embeddingOptions, readManifest } from '../ingest/build-index.ts';
import type { SwappableEngine } from './swappable-engine.ts';

export interface ReloadResult {
  version: string;
  builtAt: string;
  documents: number;
  chunks: number;
  /** False when the corpus had not changed: the served index was already current. */
  rebuilt: boolean;
}

export interface IndexReloader {
  /** Updates the index from the corpus (incrementally) and swaps the served engine to it. */
  reload(): Promise<ReloadResult>;
  /**
   * Runs `change` (a corpus edit) and the reload after it as one step, one at a time: two uploads
   * never write sources.json or the index folder at once.
   */
  exclusive<T>(change: () => Promise<T> | T): Promise<{ value: T; reload: ReloadResult }>;
}

/** The version a manifest's index is served as. */
export const indexVersion = (corpusHash: string) => corpusHash.slice(0, 12);

/**
 * Hot reload: builds the index into a staging folder and swaps it in (buildIndex), then loads an
 * engine on it and swaps the served engine. Any failure leaves the engine being served as it was.
 */
export function createIndexReloader({
  config,
  swappable,
  loadEngine,
}: {
  config: Config;
  swappable: SwappableEngine;
  loadEngine: () => Promise<AnswerEngine>;
}): IndexReloader {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  const reloadNow = async (): Promise<ReloadResult> => {
    const summary = await buildIndex({
      corpusDir: config.corpusDir,
      indexDir: config.indexDir,
      embedding: embeddingOptions(config),
    });
    const { manifest } = summary;
    const version = indexVersion(manifest.corpusHash);
    if (!summary.skipped || swappable.engine.health().indexVersion !== version) swappable.swap(await loadEngine(), version);
    return { version, builtAt: manifest.builtAt, documents: manifest.documents.length, chunks: manifest.chunkCount, rebuilt: !summary.skipped };
  };
  return {
    reload: () => serial(reloadNow),
    exclusive: (change) =>
      serial(async () => {
        const value = await change();
        return { value, reload: await reloadNow() };
      }),
  };
}

/** The version of the index on disk now (for the engine loaded at start). */
export function servedIndexVersion(indexDir: string): string | undefined {
  const manifest = readManifest(indexDir);
  return manifest !== null ? indexVersion(manifest.corpusHash) : undefined;
}
