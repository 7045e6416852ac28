import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Embedder } from '../embedding/embedder.ts';
import { loadEmbedder } from '../embedding/load-embedder.ts';
import { VectorIndex } from '../retrieval/vector-index.ts';
import { LexicalIndex } from '../retrieval/lexical-index.ts';
import { buildBridgeDictionary } from '../retrieval/bridge-query.ts';
import { createTokenizer } from '../text/tokenize.ts';
import { glossaryChineseTerms } from '../text/glossary.ts';
import type { Chunk } from './chunk.ts';
import { cleanDocument } from './clean-document.ts';
import { indexFiles } from './index-files.ts';
import { loadCorpus, type LoadedCorpus } from './load-corpus.ts';
import { MANIFEST_SCHEMA_VERSION, manifestSchema, type Manifest } from './manifest.ts';
import { yearsWrittenInAll } from '../text/written-years.ts';
import { CHUNKER_VERSION, splitDocument } from './split-text.ts';
import { recoverDirectory, swapDirectory } from './swap-directory.ts';

export interface EmbeddingOptions {
  model: string;
  cacheDir: string;
  localModelPath?: string;
  allowRemote: boolean;
  /** `false` turns dense retrieval off without trying to load a model. */
  enabled?: boolean;
}

export interface BuildIndexOptions {
  corpusDir: string;
  indexDir: string;
  embedding: EmbeddingOptions;
  force?: boolean;
  /** Reuse an already loaded embedder (tests, the server's model). */
  embedder?: Embedder | null;
  onProgress?: (done: number, total: number) => void;
  log?: (line: string) => void;
  /** Test hook: called after the staging folder is complete, before the swap. */
  beforeSwap?: () => void;
}

export interface BuildSummary {
  skipped: boolean;
  manifest: Manifest;
  seconds: { clean: number; lexical: number; dense: number; total: number };
  tokens: number;
  perDocument: Array<{ slug: string; chunks: number; chars: number }>;
}

export function readManifest(indexDir: string): Manifest | null {
  recoverDirectory(indexDir);
  const path = join(indexDir, indexFiles.manifest);
  if (!existsSync(path)) return null;
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  return parsed.success ? parsed.data : null;
}

/**
 * The schema version of the manifest in `indexDir` when it is a readable manifest of another version
 * (an index written by an older or newer release: rebuilt, not repaired), else null.
 */
export function foreignSchemaVersion(indexDir: string): unknown {
  try {
    const raw = JSON.parse(readFileSync(join(indexDir, indexFiles.manifest), 'utf8')) as { schemaVersion?: unknown } | null;
    const version = raw?.schemaVersion;
    return version !== undefined && version !== MANIFEST_SCHEMA_VERSION ? version : null;
  } catch {
    return null;
  }
}

/** Clean and split every document (no index is written): for `--list` and tests. */
export function buildChunks(corpusDir: string): ReturnType<typeof chunkCorpus> {
  return chunkCorpus(loadCorpus(corpusDir));
}

function chunkCorpus(corpus: LoadedCorpus): { chunks: Chunk[]; hash: string; perDocument: BuildSummary['perDocument']; unlisted: string[]; enrichmentFiles: LoadedCorpus['enrichmentFiles'] } {
  const chunks: Chunk[] = [];
  const perDocument: BuildSummary['perDocument'] = [];
  for (const document of corpus.documents) {
    const documentChunks = splitDocument(cleanDocument(document.raw, document.source));
    chunks.push(...documentChunks);
    perDocument.push({ slug: document.source.slug, chunks: documentChunks.length, chars: documentChunks.reduce((sum, chunk) => sum + chunk.text.length, 0) });
  }
  return { chunks, hash: corpus.hash, perDocument, unlisted: corpus.unlisted, enrichmentFiles: corpus.enrichmentFiles };
}

const seconds = (since: number) => (performance.now() - since) / 1000;

/**
 * load → clean → split → lexical index → (dense index) → manifest, written into a staging folder
 * and swapped in only when complete, so a failed or interrupted ingest leaves the old index usable.
 * An unchanged corpus with the same settings is a no-op unless `force`.
 */
export async function buildIndex(options: BuildIndexOptions): Promise<BuildSummary> {
  const { corpusDir, indexDir, embedding, force = false, log = () => {} } = options;
  const started = performance.now();
  const corpus = loadCorpus(corpusDir);
  for (const file of corpus.unlisted) log(`note: ${file} is in the corpus folder but not in sources.json; it is not indexed`);
  const wantDense = embedding.enabled !== false;
  const previous = readManifest(indexDir);
  if (
    !force &&
    previous !== null &&
    previous.corpusHash === corpus.hash &&
    previous.chunkerVersion === CHUNKER_VERSION &&
    (previous.dense?.model ?? null) === (wantDense && previous.dense !== null ? embedding.model : null) &&
    (wantDense || previous.dense === null) &&
    // A lexical-only index built with dense disabled is rebuilt once dense is wanted.
    !(wantDense && previous.dense === null && /disabled/.test(previous.denseReason ?? ''))
  ) {
    return { skipped: true, manifest: previous, seconds: { clean: 0, lexical: 0, dense: 0, total: seconds(started) }, tokens: 0, perDocument: [] };
  }

  const { chunks, perDocument } = chunkCorpus(corpus);
  const cleanSeconds = seconds(started);
  const { glossary } = corpus;
  const tokenizer = createTokenizer({ userWords: glossaryChineseTerms(glossary) });
  const lexicalStarted = performance.now();
  const lexical = LexicalIndex.build(chunks, tokenizer);
  const lexicalSeconds = seconds(lexicalStarted);

  const staging = `${indexDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    const chunkBytes = Buffer.from(chunks.map((chunk) => JSON.stringify(chunk)).join('\n') + '\n');
    writeFileSync(join(staging, indexFiles.chunks), chunkBytes);
    lexical.save(join(staging, indexFiles.lexical));
    // The English→Chinese dictionary filtered to this corpus: saves reading CC-CEDICT at every start.
    const bridgeBytes = Buffer.from(JSON.stringify(buildBridgeDictionary(lexical.vocabulary(), chunks.map((chunk) => `${chunk.title}${chunk.text}`).join('\n'))));
    writeFileSync(join(staging, indexFiles.bridge), bridgeBytes);
    // The glossary goes with the index: the server loads it from here, so a damaged corpus copy cannot stop it.
    const glossaryBytes = Buffer.from(JSON.stringify(glossary));
    writeFileSync(join(staging, indexFiles.glossary), glossaryBytes);
    // The enrichment entries go with the index too, checked like the files above; matched to chunks at load.
    const enrichmentBytes =
      corpus.enrichmentFiles.length === 0 ? null : Buffer.from(corpus.enrichmentFiles.map(({ text }) => (text.endsWith('\n') || text === '' ? text : `${text}\n`)).join(''));
    if (enrichmentBytes !== null) writeFileSync(join(staging, indexFiles.enrichment), enrichmentBytes);

    let dense: Manifest['dense'] = null;
    let denseReason: string | undefined;
    const denseStarted = performance.now();
    if (!wantDense) denseReason = 'dense retrieval disabled by configuration';
    else {
      const loaded =
        options.embedder !== undefined && options.embedder !== null
          ? { embedder: options.embedder }
          : await loadEmbedder({
              model: embedding.model,
              cacheDir: embedding.cacheDir,
              allowRemote: embedding.allowRemote,
              ...(embedding.localModelPath !== undefined ? { localModelPath: embedding.localModelPath } : {}),
            });
      if (loaded.embedder === null) {
        denseReason = 'reason' in loaded ? loaded.reason : 'model unavailable';
        log(`dense retrieval is off: ${denseReason}. Lexical retrieval only.`);
      } else {
        const m = 16;
        const efConstruction = 200;
        const vectors = await VectorIndex.build(chunks, loaded.embedder, { m, efConstruction, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
        await vectors.save(join(staging, indexFiles.dense));
        dense = { model: loaded.embedder.model, dims: loaded.embedder.dims, space: 'cosine', m, efConstruction };
      }
    }
    const denseSeconds = seconds(denseStarted);

    const manifest: Manifest = {
      schemaVersion: MANIFEST_SCHEMA_VERSION,
      corpusHash: corpus.hash,
      chunkerVersion: CHUNKER_VERSION,
      chunkCount: chunks.length,
      builtAt: new Date().toISOString(),
      documents: corpus.documents.map((document) => ({
        slug: document.source.slug,
        file: document.source.file,
        title: document.source.title,
        year: document.source.year,
        published: document.source.published,
        period: document.source.period,
        contacts: document.source.contacts,
        chunks: chunks.filter((chunk) => chunk.docId === document.source.slug).length,
      })),
      lexical: { tokenizer: '@node-rs/jieba search mode + glossary user words', ...lexical.settings, terms: lexical.vocabulary().size },
      yearsWritten: yearsWrittenInAll(chunks),
      crc32: { chunks: crc32(chunkBytes), bridge: crc32(bridgeBytes), glossary: crc32(glossaryBytes), ...(enrichmentBytes !== null ? { enrichment: crc32(enrichmentBytes) } : {}) },
      dense,
      ...(denseReason !== undefined ? { denseReason } : {}),
    };
    // The manifest is written last: a staging folder without one is never swapped in.
    writeFileSync(join(staging, indexFiles.manifest), JSON.stringify(manifest, null, 2) + '\n');
    const readme = join(indexDir, 'README.md');
    if (existsSync(readme)) copyFileSync(readme, join(staging, 'README.md'));
    options.beforeSwap?.();
    swapDirectory(staging, indexDir);
    const tokens = lexical.totalTokens;
    return { skipped: false, manifest, seconds: { clean: cleanSeconds, lexical: lexicalSeconds, dense: denseSeconds, total: seconds(started) }, tokens, perDocument };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
