import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Config } from '../config.ts';
import type { Embedder } from '../embedding/embedder.ts';
import { loadEmbedder, type LoadEmbedderResult } from '../embedding/load-embedder.ts';
import { RagError } from '../errors.ts';
import { foreignSchemaVersion, readManifest } from '../ingest/build-index.ts';
import type { Chunk } from '../index-store/chunk.ts';
import { IndexFileError, indexFiles, readProblem } from '../index-store/index-files.ts';
import { MANIFEST_SCHEMA_VERSION, type Manifest } from '../index-store/manifest.ts';
import { parseChunks } from '../index-store/read-chunks.ts';
import { readInBackground } from '../index-store/read-in-background.ts';
import { matchParsedEnrichment, type MatchedEnrichment } from '../enrichment/match-enrichment.ts';
import { parseEnrichmentText } from '../enrichment/enrichment-record.ts';
import { indexUserWords } from '../enrichment/index-user-words.ts';
import { parseGlossary, type GlossaryEntry } from '../text/glossary.ts';
import { createTokenizer, type Tokenizer } from '../text/tokenize.ts';
import { createQueryBridge, type BridgeDictionary } from '../retrieval/bridge-query.ts';
import { LexicalIndex } from '../retrieval/lexical-index.ts';
import type { FieldIndexes } from '../retrieval/enrichment-fields.ts';
import type { QueryBridge } from '../retrieval/retriever.ts';
import type { VectorIndex, VectorGraph } from '../retrieval/vector-index.ts';

export interface LoadIndexOptions {
  config: Config;
  /** An embedder already loaded (tests, benchmarks); null turns dense off; otherwise the manifest's model is loaded when it has vectors. */
  embedder?: Embedder | null;
}

/** Where the time of one load went (ms). The HNSW graph is read on a libuv thread while the rest loads. */
export interface LoadIndexTimings {
  /** manifest.json read and checked. */
  manifestMs: number;
  /** Glossary and jieba's dictionary (with the glossary names as user words), while the files below are read. */
  tokenizerMs: number;
  /** chunks.jsonl decoded and parsed (and any wait for its bytes). */
  chunksMs: number;
  /** lexical.bin checked (checksum, bounds) and unpacked, ids compared with the chunks (and any wait for its bytes). */
  lexicalMs: number;
  /** bridge.json, the lexical vocabulary and the bridge's tables (warmed up), and enrichment.jsonl matched to the chunks. */
  bridgeMs: number;
  /** Waiting, after all of the above, for the model and the HNSW graph, then checking the graph against the chunks. */
  denseWaitMs: number;
  totalMs: number;
}

export interface LoadedIndex {
  manifest: Manifest;
  chunks: Chunk[];
  lexical: LexicalIndex;
  glossary: GlossaryEntry[];
  tokenizer: Tokenizer;
  bridge: QueryBridge;
  dictionary: BridgeDictionary | undefined;
  /** The passages' English editions and expansion questions, matched to the chunks (stale and missing ones counted). */
  enrichment: MatchedEnrichment;
  /** The enrichment's BM25 fields as ingest saved them; null when the index has none (built at load then). */
  fieldIndexes: FieldIndexes | null;
  vectors: { index: VectorIndex; embedder: Embedder } | null;
  /** Why dense retrieval is off, when it is. */
  denseReason: string | undefined;
  timings: LoadIndexTimings;
}

export function rebuildHint(indexDir: string): string {
  return `Run \`npm run ingest -- --force\` (INDEX_DIR=${indexDir}) to rebuild it, or \`npm start\`, which builds a missing or stale index.`;
}

/** Throws an IndexFileError naming `label` when the bytes are not the ones the manifest's CRC-32 describes. */
function verifyChecksum(bytes: Buffer, label: string, expected: number): void {
  if (crc32(bytes) !== expected) throw new IndexFileError(label, 'does not match its checksum in manifest.json (edited or damaged since the index was built)');
}

/** An index file read whole and checked against the manifest's CRC-32, then parsed. */
function readCheckedJson<T>(indexDir: string, file: string, expected: number, parse: (text: string) => T): T {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(indexDir, file));
  } catch (error) {
    throw new IndexFileError(file, readProblem(error));
  }
  verifyChecksum(bytes, file, expected);
  try {
    return parse(bytes.toString('utf8'));
  } catch (error) {
    throw new IndexFileError(file, `is unreadable (${(error as Error).message.slice(0, 80)})`);
  }
}

/** Index files that cannot be used become RAG_INDEX_CORRUPT with the rebuild hint. */
function corruptIfFileError<T>(indexDir: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof IndexFileError) throw new RagError('RAG_INDEX_CORRUPT', `${error.message}. ${rebuildHint(indexDir)}`, { cause: error });
    throw error;
  }
}

/** The bytes read, or the read's failure as an IndexFileError naming `label`. */
function bytesOrThrow(read: Settled<Buffer>, label: string): Buffer {
  if ('error' in read) throw new IndexFileError(label, readProblem(read.error));
  return read.value;
}

type Settled<T> = { value: T } | { error: Error };
const settle = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: error instanceof Error ? error : new Error(String(error)) }),
  );

/**
 * Loads index/ once — manifest check, chunks, lexical index, jieba, the English→Chinese bridge, and the
 * vectors when the manifest has them and the model loads. Refuses an index that is missing, corrupt or
 * built for a different configuration (RagError with a message that says how to rebuild); damaged
 * vectors only turn dense retrieval off, with the reason.
 *
 * The files are read on libuv's thread pool, all started first: the HNSW graph (the largest file, read
 * by hnswlib-node), chunks.jsonl and lexical.bin arrive while this thread loads jieba's dictionary and
 * parses what has arrived. `npm run bench` at 100k chunks (a busy 2-core machine): 1.0–1.5 s this way,
 * 1.3–2.4 s for the same parts one after another.
 */
/** The enrichment fields ingest saved, checked like lexical.bin; null when the index has none of them. */
function readFieldIndexes(indexDir: string): FieldIndexes | null {
  const files = [indexFiles.fieldsEnglish, indexFiles.fieldsEnglishQuestions, indexFiles.fieldsChineseQuestions].map((name) => join(indexDir, name));
  if (!files.every((file) => existsSync(file))) return null;
  const [english, englishQuestions, chineseQuestions] = files.map((file) => LexicalIndex.load(file)) as [LexicalIndex, LexicalIndex, LexicalIndex];
  return { english, englishQuestions, chineseQuestions };
}

export async function loadIndex({ config, embedder }: LoadIndexOptions): Promise<LoadedIndex> {
  const started = performance.now();
  let mark = started;
  const lap = (): number => {
    const now = performance.now();
    const elapsed = now - mark;
    mark = now;
    return elapsed;
  };
  const { indexDir } = config;
  const manifest = readManifest(indexDir);
  if (manifest === null) {
    const exists = existsSync(join(indexDir, indexFiles.manifest));
    const version = exists ? foreignSchemaVersion(indexDir) : null;
    if (version !== null) {
      throw new RagError(
        'RAG_INDEX_MISMATCH',
        `The index in ${indexDir} has format version ${String(version)}; this version reads ${MANIFEST_SCHEMA_VERSION}. ${rebuildHint(indexDir)}`,
      );
    }
    throw new RagError(
      exists ? 'RAG_INDEX_CORRUPT' : 'RAG_INDEX_MISSING',
      `${exists ? 'The index manifest is invalid' : 'No index found'} in ${indexDir}. ${rebuildHint(indexDir)}`,
    );
  }
  if (manifest.dense !== null && config.EMBEDDING_MODEL !== 'none' && manifest.dense.model !== config.EMBEDDING_MODEL) {
    throw new RagError(
      'RAG_INDEX_MISMATCH',
      `The index was built with embedding model ${manifest.dense.model} but EMBEDDING_MODEL is ${config.EMBEDDING_MODEL}. ${rebuildHint(indexDir)}`,
    );
  }
  const manifestMs = lap();

  // Dense first: the graph is read while the files below are parsed. The model is loaded once they have
  // passed their checks (a damaged index is rebuilt, which would load it twice). Neither promise rejects.
  let graph: Promise<Settled<VectorGraph>> | null = null;
  let denseReason = manifest.denseReason;
  if (manifest.dense !== null && config.EMBEDDING_MODEL === 'none' && embedder === undefined)
    denseReason = 'dense retrieval disabled by configuration (EMBEDDING_MODEL=none)';
  else if (manifest.dense !== null && embedder === null) denseReason = 'dense retrieval disabled';
  else if (manifest.dense !== null) {
    // hnswlib-node and LangChain's vector store are imported only when there are vectors to serve (issue 17).
    const dims = manifest.dense.dims;
    graph = settle(import('../retrieval/vector-index.ts').then(({ VectorIndex }) => VectorIndex.readGraph(join(indexDir, indexFiles.dense), dims)));
  }

  // chunks.jsonl and lexical.bin are read on the thread pool too, while jieba loads its dictionary here.
  const chunksFile = join(indexDir, indexFiles.chunks);
  const lexicalFile = join(indexDir, indexFiles.lexical);
  const chunkBytes = settle(readInBackground(chunksFile));
  const lexicalBytes = settle(readInBackground(lexicalFile));

  // The glossary the index was built with (its names are the tokenizer's user words), from the index itself.
  const glossary = corruptIfFileError(indexDir, () =>
    readCheckedJson(indexDir, indexFiles.glossary, manifest.crc32.glossary, (text) => parseGlossary(text, indexFiles.glossary)),
  );
  // The knowledge base's entries, parsed now: their alias names are jieba's user words too (as at ingest).
  const enrichmentChecksum = manifest.crc32.enrichment;
  const enrichmentParsed =
    enrichmentChecksum === undefined
      ? null
      : corruptIfFileError(indexDir, () =>
          readCheckedJson(indexDir, indexFiles.enrichment, enrichmentChecksum, (text) => parseEnrichmentText(text, indexFiles.enrichment)),
        );
  const tokenizer = createTokenizer({ userWords: indexUserWords(glossary, enrichmentParsed?.records ?? []) });
  const tokenizerMs = lap();

  const chunksRead = await chunkBytes;
  const chunkFileBytes = corruptIfFileError(indexDir, () => bytesOrThrow(chunksRead, indexFiles.chunks));
  const chunks = corruptIfFileError(indexDir, () => parseChunks(chunkFileBytes, indexFiles.chunks));
  if (chunks.length !== manifest.chunkCount) {
    throw new RagError('RAG_INDEX_CORRUPT', `chunks.jsonl has ${chunks.length} chunks but the manifest says ${manifest.chunkCount}. ${rebuildHint(indexDir)}`);
  }
  const chunksMs = lap();

  const lexicalRead = await lexicalBytes;
  const lexical = corruptIfFileError(indexDir, () => LexicalIndex.decode(bytesOrThrow(lexicalRead, lexicalFile), lexicalFile));
  if (lexical.size !== chunks.length)
    throw new RagError('RAG_INDEX_CORRUPT', `lexical.bin covers ${lexical.size} chunks, expected ${chunks.length}. ${rebuildHint(indexDir)}`);
  // Hits name chunks by position in both indexes: the files must list the same chunks in the same order.
  const ids = lexical.ids;
  for (let position = 0; position < chunks.length; position += 1) {
    if (ids[position] !== chunks[position]?.id) {
      throw new RagError(
        'RAG_INDEX_CORRUPT',
        `lexical.bin and chunks.jsonl disagree at chunk ${position + 1} (${String(ids[position])} vs ${String(chunks[position]?.id)}). ` +
          rebuildHint(indexDir),
      );
    }
  }
  // Last, what the checks above cannot see: a passage's text edited in place (~20 ms at 100k chunks).
  corruptIfFileError(indexDir, () => verifyChecksum(chunkFileBytes, indexFiles.chunks, manifest.crc32.chunks));
  const lexicalMs = lap();

  const bridgeChecksum = manifest.crc32.bridge;
  const dictionary =
    bridgeChecksum === undefined
      ? undefined
      : corruptIfFileError(indexDir, () => readCheckedJson(indexDir, indexFiles.bridge, bridgeChecksum, (text) => JSON.parse(text) as BridgeDictionary));
  const bridge = createQueryBridge({
    glossary,
    vocabulary: lexical.vocabulary(),
    documentCount: chunks.length,
    ...(dictionary !== undefined ? { dictionary } : {}),
  });
  // Build the bridge's lookup tables now rather than on the first English question.
  bridge.bridge('warm up the output value of biomedicine');
  const enrichment = matchParsedEnrichment(chunks, enrichmentParsed === null ? [] : [enrichmentParsed]);
  const fieldIndexes = corruptIfFileError(indexDir, () => readFieldIndexes(indexDir));
  const bridgeMs = lap();

  let vectors: LoadedIndex['vectors'] = null;
  if (graph !== null && manifest.dense !== null) {
    const loaded: LoadEmbedderResult =
      embedder !== undefined && embedder !== null
        ? { embedder }
        : await loadEmbedder({
            model: manifest.dense.model,
            cacheDir: config.modelCacheDir,
            allowRemote: config.ALLOW_MODEL_DOWNLOAD === 'true',
            ...(config.MODEL_LOCAL_DIR !== undefined ? { localModelPath: config.MODEL_LOCAL_DIR } : {}),
          });
    const read = await graph;
    if (loaded.embedder === null) denseReason = 'reason' in loaded ? loaded.reason : 'model unavailable';
    else {
      try {
        if ('error' in read) throw read.error;
        const { VectorIndex } = await import('../retrieval/vector-index.ts');
        vectors = { index: VectorIndex.fromGraph(read.value, ids, loaded.embedder), embedder: loaded.embedder };
        denseReason = undefined;
      } catch (error) {
        denseReason = `vector index unusable: ${(error as Error).message}`;
      }
    }
  }
  const denseWaitMs = lap();

  return {
    manifest,
    chunks,
    lexical,
    glossary,
    tokenizer,
    bridge,
    dictionary,
    enrichment,
    fieldIndexes,
    vectors,
    denseReason,
    timings: { manifestMs, chunksMs, lexicalMs, tokenizerMs, bridgeMs, denseWaitMs, totalMs: performance.now() - started },
  };
}
