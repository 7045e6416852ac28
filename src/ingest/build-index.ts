import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Embedder } from '../embedding/embedder.ts';
import { loadEmbedder } from '../embedding/load-embedder.ts';
import { LexicalIndex } from '../retrieval/lexical-index.ts';
import { buildBridgeDictionary } from '../retrieval/bridge-query.ts';
import { createTokenizer } from '../text/tokenize.ts';
import type { Chunk } from '../index-store/chunk.ts';
import { cleanDocument } from './clean-document.ts';
import { indexFiles } from '../index-store/index-files.ts';
import { CorpusFileError, loadCorpus, type LoadedCorpus, type RawDocument } from './load-corpus.ts';
import { readChunks } from '../index-store/read-chunks.ts';
import { readDocument } from './read-document.ts';
import type { SourceDocument } from '../index-store/source-document.ts';
import { chunkTextHash, parseEnrichmentText } from '../enrichment/enrichment-record.ts';
import { matchParsedEnrichment } from '../enrichment/match-enrichment.ts';
import { indexUserWords } from '../enrichment/index-user-words.ts';
import { buildFieldIndexes } from '../retrieval/enrichment-fields.ts';
import { MANIFEST_SCHEMA_VERSION, manifestSchema, type Manifest } from '../index-store/manifest.ts';
import { yearsWrittenInAll } from '../text/written-years.ts';
import { CHUNKER_VERSION, splitDocument } from './split-text.ts';
import { recoverDirectory, swapDirectory } from '../index-store/swap-directory.ts';
import type { Config } from '../config.ts';

export interface EmbeddingOptions {
  model: string;
  cacheDir: string;
  localModelPath?: string;
  allowRemote: boolean;
  /** `false` turns dense retrieval off without trying to load a model. */
  enabled?: boolean;
}

/** The embedding settings every index build takes from the configuration (ingest, docs, start, reload). */
export function embeddingOptions(config: Config, { dense = true }: { dense?: boolean } = {}): EmbeddingOptions {
  return {
    model: config.EMBEDDING_MODEL,
    cacheDir: config.modelCacheDir,
    allowRemote: config.ALLOW_MODEL_DOWNLOAD === 'true',
    enabled: dense && config.EMBEDDING_MODEL !== 'none',
    ...(config.MODEL_LOCAL_DIR !== undefined ? { localModelPath: config.MODEL_LOCAL_DIR } : {}),
  };
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

/** Clean and split every document (no index is written): for `--list` and tests. Plain-text corpora only (see listChunks). */
export function buildChunks(corpusDir: string): ChunkedCorpus {
  const corpus = loadCorpus(corpusDir);
  const documents = corpus.documents.map((document) => {
    if (document.raw === undefined) throw new CorpusFileError(document.source.file, `${document.source.file} must be extracted first: use listChunks`);
    return { document, chunks: chunkDocument(document.source, document.raw, false), warnings: [] as string[], reused: false };
  });
  return summarise(corpus, documents);
}

/** Every document's chunks, extracting PDF, Word, HTML and Markdown files (no index is written). */
export async function listChunks(corpusDir: string): Promise<ChunkedCorpus> {
  return chunkCorpus(loadCorpus(corpusDir), null);
}

export interface ChunkedCorpus {
  chunks: Chunk[];
  hash: string;
  perDocument: BuildSummary['perDocument'];
  unlisted: string[];
  /** Per document: its extraction warnings and whether its chunks were reused from the previous index. */
  documents: Array<{ slug: string; warnings: string[]; reused: boolean }>;
  /** corpus/enrichment/*.jsonl as read (the bilingual knowledge base), matched to chunks at index load. */
  enrichmentFiles: LoadedCorpus['enrichmentFiles'];
}

function chunkDocument(source: SourceDocument, text: string, structured: boolean): Chunk[] {
  return splitDocument(cleanDocument(text, source, { structured }));
}

/** The sources.json entry as hashed into the manifest: a metadata change re-splits the document. */
const sourceHash = (source: SourceDocument) => createHash('sha256').update(JSON.stringify(source)).digest('hex');

function summarise(corpus: LoadedCorpus, documents: Array<{ document: RawDocument; chunks: Chunk[]; warnings: string[]; reused: boolean }>): ChunkedCorpus {
  return {
    chunks: documents.flatMap((entry) => entry.chunks),
    hash: corpus.hash,
    perDocument: documents.map(({ document, chunks }) => ({
      slug: document.source.slug,
      chunks: chunks.length,
      chars: chunks.reduce((sum, chunk) => sum + chunk.text.length, 0),
    })),
    unlisted: corpus.unlisted,
    documents: documents.map(({ document, warnings, reused }) => ({ slug: document.source.slug, warnings, reused })),
    enrichmentFiles: corpus.enrichmentFiles,
  };
}

/**
 * What the previous index holds per document, for reuse: its manifest entry and chunks. Anything
 * unreadable means nothing is reused (every document is processed), never a failed ingest.
 */
function previousDocuments(indexDir: string, previous: Manifest | null): Map<string, { entry: Manifest['documents'][number]; chunks: Chunk[] }> {
  const reusable = new Map<string, { entry: Manifest['documents'][number]; chunks: Chunk[] }>();
  if (previous === null || previous.chunkerVersion !== CHUNKER_VERSION) return reusable;
  let chunks: Chunk[];
  try {
    chunks = readChunks(join(indexDir, indexFiles.chunks));
  } catch {
    return reusable;
  }
  for (const entry of previous.documents) {
    if (entry.contentHash === undefined || entry.sourceHash === undefined) continue;
    reusable.set(entry.slug, { entry, chunks: chunks.filter((chunk) => chunk.docId === entry.slug) });
  }
  return reusable;
}

/**
 * Cleans and splits the corpus. A document whose bytes and sources.json entry are those the previous
 * index was built from keeps that index's chunks: it is not extracted or split again (incremental ingest).
 */
async function chunkCorpus(corpus: LoadedCorpus, previous: ReturnType<typeof previousDocuments> | null): Promise<ChunkedCorpus> {
  const documents: Array<{ document: RawDocument; chunks: Chunk[]; warnings: string[]; reused: boolean }> = [];
  for (const document of corpus.documents) {
    const before = previous?.get(document.source.slug);
    if (before !== undefined && before.entry.contentHash === document.contentHash && before.entry.sourceHash === sourceHash(document.source)) {
      documents.push({ document, chunks: before.chunks, warnings: before.entry.warnings ?? [], reused: true });
      continue;
    }
    const read = await readDocument(document);
    const chunks = chunkDocument(document.source, read.text, read.structured);
    if (chunks.length === 0) throw new CorpusFileError(document.source.file, `corpus file ${document.source.file} has no text to index after cleaning`);
    documents.push({ document, chunks, warnings: read.warnings, reused: false });
  }
  return summarise(corpus, documents);
}

/** Entries of corpus/enrichment/<slug>.jsonl, and how many no longer match a chunk's id and text hash (stale). */
function enrichmentStatus(corpusDir: string, slug: string, chunks: Chunk[]): { records: number; stale: number } | undefined {
  const file = join(corpusDir, 'enrichment', `${slug}.jsonl`);
  if (!existsSync(file)) return undefined;
  const current = new Map(chunks.map((chunk) => [chunk.id, chunkTextHash(chunk.text)]));
  let records = 0;
  let stale = 0;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    records += 1;
    try {
      const { id, hash } = JSON.parse(line) as { id?: unknown; hash?: unknown };
      if (typeof id !== 'string' || current.get(id) !== hash) stale += 1;
    } catch {
      stale += 1;
    }
  }
  return { records, stale };
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
    !(wantDense && previous.dense === null && /disabled/.test(previous.denseReason ?? '')) &&
    // An index from before the enrichment fields were saved gets them (its server builds them at every start).
    (previous.crc32.enrichment === undefined || existsSync(join(indexDir, indexFiles.fieldsEnglish)))
  ) {
    return { skipped: true, manifest: previous, seconds: { clean: 0, lexical: 0, dense: 0, total: seconds(started) }, tokens: 0, perDocument: [] };
  }

  const chunked = await chunkCorpus(corpus, force ? null : previousDocuments(indexDir, previous));
  const { chunks, perDocument } = chunked;
  const reusedCount = chunked.documents.filter((document) => document.reused).length;
  if (reusedCount > 0) log(`${reusedCount} of ${corpus.documents.length} documents unchanged: their chunks are reused`);
  const cleanSeconds = seconds(started);
  const { glossary } = corpus;
  // The enrichment entries as the index will hold them (enrichment.jsonl): their alias names are jieba's words too.
  const enrichmentText =
    corpus.enrichmentFiles.length === 0 ? null : corpus.enrichmentFiles.map(({ text }) => (text.endsWith('\n') || text === '' ? text : `${text}\n`)).join('');
  const enrichmentParsed = enrichmentText === null ? null : parseEnrichmentText(enrichmentText, indexFiles.enrichment);
  const tokenizer = createTokenizer({ userWords: indexUserWords(glossary, enrichmentParsed?.records ?? []) });
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
    const bridgeBytes = Buffer.from(
      JSON.stringify(buildBridgeDictionary(lexical.vocabulary(), chunks.map((chunk) => `${chunk.title}${chunk.text}`).join('\n'))),
    );
    writeFileSync(join(staging, indexFiles.bridge), bridgeBytes);
    // The glossary goes with the index: the server loads it from here, so a damaged corpus copy cannot stop it.
    const glossaryBytes = Buffer.from(JSON.stringify(glossary));
    writeFileSync(join(staging, indexFiles.glossary), glossaryBytes);
    // The enrichment entries go with the index too, checked like the files above; matched to chunks at load.
    const enrichmentBytes = enrichmentText === null ? null : Buffer.from(enrichmentText);
    if (enrichmentBytes !== null && enrichmentParsed !== null) {
      writeFileSync(join(staging, indexFiles.enrichment), enrichmentBytes);
      // The enrichment's BM25 fields, from the entries matched exactly as a server matches them (this enrichment.jsonl
      // against these chunks): a server reads them instead of tokenising them at every start (~0.1 s).
      const matched = matchParsedEnrichment(chunks, [enrichmentParsed]);
      const fields = buildFieldIndexes(chunks, matched.byId, tokenizer);
      if (fields !== null) {
        fields.english.save(join(staging, indexFiles.fieldsEnglish));
        fields.englishQuestions.save(join(staging, indexFiles.fieldsEnglishQuestions));
        fields.chineseQuestions.save(join(staging, indexFiles.fieldsChineseQuestions));
      }
    }

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
        // hnswlib and LangChain's vector store: imported only when there are vectors to index (issue 17).
        const { VectorIndex } = await import('../retrieval/vector-index.ts');
        const vectors = await VectorIndex.build(chunks, loaded.embedder, {
          m,
          efConstruction,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        });
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
        contentHash: document.contentHash,
        sourceHash: sourceHash(document.source),
        warnings: chunked.documents.find((entry) => entry.slug === document.source.slug)?.warnings ?? [],
        ...((status) => (status !== undefined ? { enrichment: status } : {}))(
          enrichmentStatus(
            corpusDir,
            document.source.slug,
            chunks.filter((chunk) => chunk.docId === document.source.slug),
          ),
        ),
      })),
      lexical: { tokenizer: '@node-rs/jieba search mode + glossary user words', ...lexical.settings, terms: lexical.vocabulary().size },
      yearsWritten: yearsWrittenInAll(chunks),
      crc32: {
        chunks: crc32(chunkBytes),
        bridge: crc32(bridgeBytes),
        glossary: crc32(glossaryBytes),
        ...(enrichmentBytes !== null ? { enrichment: crc32(enrichmentBytes) } : {}),
      },
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
    return {
      skipped: false,
      manifest,
      seconds: { clean: cleanSeconds, lexical: lexicalSeconds, dense: denseSeconds, total: seconds(started) },
      tokens,
      perDocument,
    };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
