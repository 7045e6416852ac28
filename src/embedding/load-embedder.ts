import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Embedder } from './embedder.ts';
import { HUGGING_FACE_HUB, modelSpecFor, onnxFileFor } from './model-registry.ts';
import type { TransformersEmbedderOptions } from './transformers-embedder.ts';

export interface LoadEmbedderOptions extends TransformersEmbedderOptions {
  /** How long to wait for the hub to answer before giving up (the download itself is not limited). */
  timeoutMs?: number;
}

export type LoadEmbedderResult = { embedder: Embedder } | { embedder: null; reason: string };

/**
 * Loads the embedding model, or says in one line why it cannot, so the service can run
 * lexical-only and tell the user. Never throws.
 */
export async function loadEmbedder({ timeoutMs = 30_000, ...options }: LoadEmbedderOptions): Promise<LoadEmbedderResult> {
  const { model, cacheDir, localModelPath = cacheDir, allowRemote = true, remoteHost = HUGGING_FACE_HUB } = options;
  try {
    const onnxFile = onnxFileFor(options.dtype ?? modelSpecFor(model).dtype);
    const folders = path.isAbsolute(model) ? [model] : [...new Set([path.join(localModelPath, model), path.join(cacheDir, model)])];
    const localFolder = await firstModelFolder(folders, onnxFile);
    if (localFolder === null) {
      const where = path.isAbsolute(model) ? 'on disk' : `in ${[...new Set([localModelPath, cacheDir])].join(' or ')}`;
      if (!allowRemote) return failure(`model ${model} not ${where} and downloads are disabled`);
      const problem = await hubProblem(remoteHost, model, timeoutMs);
      if (problem !== null) return failure(`model ${model} not ${where} and ${problem}`);
    }
    // transformers.js and onnxruntime (~100 MB resident) are imported only once a model is there to load.
    const { TransformersEmbedder } = await import('./transformers-embedder.ts');
    const embedder = await TransformersEmbedder.load(options);
    return { embedder };
  } catch (error) {
    return failure(`model ${model} could not be loaded: ${describe(error)}`);
  }
}

function failure(reason: string): LoadEmbedderResult {
  return { embedder: null, reason: reason.replace(/\s+/g, ' ').trim() };
}

/** A folder counts when it holds the config and the ONNX file this dtype loads; tokenizer errors surface on load. */
async function firstModelFolder(folders: string[], onnxFile: string): Promise<string | null> {
  for (const folder of folders) {
    try {
      await Promise.all([access(path.join(folder, 'config.json')), access(path.join(folder, onnxFile))]);
      return folder;
    } catch {
      // not here; try the next folder
    }
  }
  return null;
}

/**
 * Asks the hub for the model's config with a deadline. Without it an offline machine whose firewall
 * drops packets would wait minutes for TCP to give up inside transformers.js.
 */
async function hubProblem(remoteHost: string, model: string, timeoutMs: number): Promise<string | null> {
  const host = remoteHost.endsWith('/') ? remoteHost : `${remoteHost}/`;
  const hubName = host === HUGGING_FACE_HUB ? 'the Hugging Face hub' : `the model hub ${host}`;
  try {
    const response = await fetch(`${host}${model}/resolve/main/config.json`, {
      method: 'HEAD',
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Other statuses (401 for gated models, redirects) are left to the real download to explain.
    if (response.status === 404) return `${hubName} has no such model (HTTP 404)`;
    return null;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      return `${hubName} did not answer within ${Math.round(timeoutMs / 100) / 10} s`;
    }
    return `${hubName} is unreachable (${describe(error)})`;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch says only "fetch failed"; the cause holds the useful part (ENOTFOUND, ECONNREFUSED…).
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = `${error.message}${cause}`.replace(/\s+/g, ' ').trim();
  return message.length > 240 ? `${message.slice(0, 237)}...` : message;
}
