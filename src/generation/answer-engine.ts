import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { loadEmbedder } from '../embedding/load-embedder.ts';
import { RagError } from '../errors.ts';
import type { Chunk } from '../ingest/chunk.ts';
import { readManifest } from '../ingest/build-index.ts';
import { indexFiles } from '../ingest/index-files.ts';
import { createQueryBridge, type BridgeDictionary } from '../retrieval/bridge-query.ts';
import { LexicalIndex, type LexicalIndexData } from '../retrieval/lexical-index.ts';
import { createRetriever } from '../retrieval/retriever.ts';
import { VectorIndex } from '../retrieval/vector-index.ts';
import { glossaryChineseTerms, loadGlossary, type GlossaryEntry } from '../text/glossary.ts';
import { createTokenizer } from '../text/tokenize.ts';
import type { AnswerEngine } from './answer-parts.ts';
import { createAnswerEngine, type Analysis } from './create-answer-engine.ts';
import type { Generator } from './generator.ts';
import { createLlmGenerator } from './llm-generator.ts';

export { createAnswerEngine };

export interface LoadedAnswerEngine extends AnswerEngine {
  analyze(request: Parameters<AnswerEngine['answer']>[0]): Promise<Analysis>;
  retrieve(question: string, options?: { topK?: number; history?: Array<{ role: 'user' | 'assistant'; content: string }> }): Promise<{ passages: Array<{ id: string; text: string; score: number }> }>;
}

export interface LoadAnswerEngineOptions {
  config: Config;
  /** An embedder already loaded (tests); otherwise the manifest's model is loaded when it has vectors. */
  embedder?: Embedder | null;
  /** Override the configured LLM (tests with a fake server). */
  llm?: Generator | null;
}

function rebuildHint(indexDir: string): string {
  return `Run \`npm run ingest -- --force\` (INDEX_DIR=${indexDir}) to rebuild it, or \`npm start\`, which builds a missing or stale index.`;
}

function readJson<T>(path: string, indexDir: string): T {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    throw new RagError('RAG_INDEX_CORRUPT', `index file ${path} is unreadable or truncated (${(error as Error).message.slice(0, 80)}). ${rebuildHint(indexDir)}`);
  }
}

/**
 * Loads index/ once — manifest check, chunks, lexical index, vectors when the manifest has them and
 * the model loads — and builds the engine. Refuses an index that is missing, corrupt or built for a
 * different configuration, with a message that says how to rebuild.
 */
export async function loadAnswerEngine({ config, embedder, llm }: LoadAnswerEngineOptions): Promise<LoadedAnswerEngine> {
  const { indexDir, corpusDir } = config;
  const manifest = readManifest(indexDir);
  if (manifest === null) {
    const exists = existsSync(join(indexDir, indexFiles.manifest));
    throw new RagError(exists ? 'RAG_INDEX_CORRUPT' : 'RAG_INDEX_MISSING', `${exists ? 'The index manifest is invalid' : 'No index found'} in ${indexDir}. ${rebuildHint(indexDir)}`);
  }
  if (manifest.dense !== null && config.EMBEDDING_MODEL !== 'none' && manifest.dense.model !== config.EMBEDDING_MODEL) {
    throw new RagError('RAG_INDEX_MISMATCH', `The index was built with embedding model ${manifest.dense.model} but EMBEDDING_MODEL is ${config.EMBEDDING_MODEL}. ${rebuildHint(indexDir)}`);
  }
  const chunksText = (() => {
    try {
      return readFileSync(join(indexDir, indexFiles.chunks), 'utf8');
    } catch {
      throw new RagError('RAG_INDEX_CORRUPT', `index file chunks.jsonl is missing. ${rebuildHint(indexDir)}`);
    }
  })();
  const chunks: Chunk[] = [];
  for (const [index, line] of chunksText.split('\n').entries()) {
    if (line.trim() === '') continue;
    try {
      chunks.push(JSON.parse(line) as Chunk);
    } catch {
      throw new RagError('RAG_INDEX_CORRUPT', `index file chunks.jsonl is truncated or corrupt at line ${index + 1}. ${rebuildHint(indexDir)}`);
    }
  }
  if (chunks.length !== manifest.chunkCount) {
    throw new RagError('RAG_INDEX_CORRUPT', `chunks.jsonl has ${chunks.length} chunks but the manifest says ${manifest.chunkCount}. ${rebuildHint(indexDir)}`);
  }
  let lexical: LexicalIndex;
  try {
    lexical = LexicalIndex.fromData(readJson<LexicalIndexData>(join(indexDir, indexFiles.lexical), indexDir));
  } catch (error) {
    if (RagError.isInstance(error)) throw error;
    throw new RagError('RAG_INDEX_CORRUPT', `lexical.json is malformed. ${rebuildHint(indexDir)}`);
  }
  if (lexical.size !== chunks.length) throw new RagError('RAG_INDEX_CORRUPT', `lexical.json covers ${lexical.size} chunks, expected ${chunks.length}. ${rebuildHint(indexDir)}`);

  const glossaryPath = join(corpusDir, 'glossary.json');
  const glossary: GlossaryEntry[] = existsSync(glossaryPath) ? loadGlossary(glossaryPath) : [];
  const tokenizer = createTokenizer({ userWords: glossaryChineseTerms(glossary) });
  const bridgePath = join(indexDir, indexFiles.bridge);
  const dictionary = existsSync(bridgePath) ? readJson<BridgeDictionary>(bridgePath, indexDir) : undefined;
  const bridge = createQueryBridge({ glossary, vocabulary: lexical.vocabulary(), documentCount: chunks.length, ...(dictionary !== undefined ? { dictionary } : {}) });
  // Build the bridge's lookup tables now rather than on the first English question.
  bridge.bridge('warm up the output value of biomedicine');

  let vectors: { index: VectorIndex; embedder: Embedder } | null = null;
  let denseReason = manifest.denseReason;
  if (manifest.dense !== null && config.EMBEDDING_MODEL === 'none' && embedder === undefined) denseReason = 'dense retrieval disabled by configuration (EMBEDDING_MODEL=none)';
  else if (manifest.dense !== null) {
    const loaded =
      embedder !== undefined
        ? embedder === null
          ? { embedder: null, reason: 'dense retrieval disabled' }
          : { embedder }
        : await loadEmbedder({
            model: manifest.dense.model,
            cacheDir: config.modelCacheDir,
            allowRemote: config.ALLOW_MODEL_DOWNLOAD === 'true',
            ...(config.MODEL_LOCAL_DIR !== undefined ? { localModelPath: config.MODEL_LOCAL_DIR } : {}),
          });
    if (loaded.embedder !== null) {
      try {
        vectors = { index: await VectorIndex.load(join(indexDir, indexFiles.dense), loaded.embedder), embedder: loaded.embedder };
        denseReason = undefined;
      } catch (error) {
        denseReason = `vector index unusable: ${(error as Error).message}`;
      }
    } else denseReason = 'reason' in loaded ? loaded.reason : 'model unavailable';
  }

  const retriever = createRetriever({ chunks, lexical, tokenizer, bridge, glossaryNames: new Set(glossaryChineseTerms(glossary)), vectors });
  const generator =
    llm !== undefined
      ? llm
      : config.LLM_BASE_URL !== undefined && config.LLM_MODEL !== undefined
        ? createLlmGenerator({ baseUrl: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY ?? '', model: config.LLM_MODEL, timeoutMs: config.LLM_TIMEOUT_MS })
        : null;
  return createAnswerEngine({
    retriever,
    lexical,
    tokenizer,
    glossary,
    chunks,
    documents: manifest.documents.map(({ slug, file, title, published }) => ({ slug, file, title, publishedYear: Number(published.slice(0, 4)) })),
    manifest,
    outsideNames: new Set(dictionary?.outsideNames ?? []),
    llm: generator,
    embeddingModel: vectors ? manifest.dense?.model ?? null : null,
    ...(denseReason !== undefined ? { denseReason } : {}),
  }) as LoadedAnswerEngine;
}
