import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RagError } from '../errors.ts';
import { GlossaryError, parseGlossary, type GlossaryEntry } from '../text/glossary.ts';
import { sourcesFileSchema, type SourceDocument } from '../index-store/source-document.ts';

export interface RawDocument {
  source: SourceDocument;
  /** The file's bytes as stored. */
  bytes: Buffer;
  /** sha256 of the bytes (hex): an unchanged document is not extracted or split again. */
  contentHash: string;
  /**
   * The text of a plain-text (`.txt`) document, decoded as strict UTF-8 (the seeds' quirks are the
   * cleaners' job). Undefined for formats that are extracted first (PDF, Word, HTML, Markdown: see readDocument).
   */
  raw: string | undefined;
}

/** Files that are documents: what the extractors read (src/ingest/extract). */
export const documentExtensions = ['.txt', '.text', '.md', '.markdown', '.html', '.htm', '.xhtml', '.pdf', '.docx'];
/** Whether a corpus file is read as plain text as it is (the seeds), rather than extracted. */
export const isPlainTextFile = (file: string) => /\.(txt|text)$/i.test(file);

export interface LoadedCorpus {
  documents: RawDocument[];
  /** `glossary.json`, validated (empty when the corpus has none). */
  glossary: GlossaryEntry[];
  /** sha256 over sources.json, the glossary and every document: the manifest's corpus hash. */
  hash: string;
  /** Text files in the folder that sources.json does not list (reported, not indexed). */
  unlisted: string[];
  /**
   * `enrichment/*.jsonl` (the bilingual knowledge base), unparsed, in name order: copied into the index and
   * matched to chunks by src/enrichment. Part of the corpus hash, so an edited entry rebuilds the index.
   */
  enrichmentFiles: Array<{ file: string; text: string }>;
}

/** A corpus file that cannot be used: `file` is its name in the corpus folder, the message says why. */
export class CorpusFileError extends RagError {
  readonly file: string;

  constructor(file: string, message: string) {
    super('RAG_CORPUS_INVALID', message);
    this.name = 'CorpusFileError';
    this.file = file;
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The file's bytes; one that cannot be read (a folder in its place, no permission, an I/O error) is named. */
function readCorpusBytes(path: string, name: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CorpusFileError(name, `corpus file ${name} is unreadable (${(error as Error).message.slice(0, 80)})`);
  }
}

/** Strict UTF-8 text of a corpus file's bytes, naming the file and the reason when it cannot be used. */
function decodeDocumentText(bytes: Buffer, name: string): string {
  if (bytes.length === 0) throw new CorpusFileError(name, `corpus file ${name} is empty`);
  if (bytes.subarray(0, 8192).includes(0)) throw new CorpusFileError(name, `corpus file ${name} looks binary (contains NUL bytes)`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new CorpusFileError(name, `corpus file ${name} is not valid UTF-8 (convert it to UTF-8 and ingest again)`);
  }
  if (text.trim() === '') throw new CorpusFileError(name, `corpus file ${name} contains only whitespace`);
  return text;
}

/** Reads one document as strict UTF-8 text, naming the file and the reason when it cannot be used. */
export function readDocumentText(path: string, name: string): string {
  return decodeDocumentText(readCorpusBytes(path, name), name);
}

export function loadCorpus(corpusDir: string): LoadedCorpus {
  const sourcesPath = join(corpusDir, 'sources.json');
  if (!existsSync(sourcesPath)) throw new CorpusFileError('sources.json', `${sourcesPath} is missing: it lists the documents to ingest`);
  const sourcesBytes = readCorpusBytes(sourcesPath, 'sources.json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(sourcesBytes.toString('utf8'));
  } catch (error) {
    throw new CorpusFileError('sources.json', `sources.json is not valid JSON: ${(error as Error).message}`);
  }
  const sources = sourcesFileSchema.safeParse(parsed);
  if (!sources.success) {
    const issue = sources.error.issues[0];
    throw new CorpusFileError('sources.json', `sources.json: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const hash = createHash('sha256');
  hash.update(sourcesBytes);
  const glossaryPath = join(corpusDir, 'glossary.json');
  let glossary: GlossaryEntry[] = [];
  if (existsSync(glossaryPath)) {
    const bytes = readCorpusBytes(glossaryPath, 'glossary.json');
    hash.update(bytes);
    try {
      glossary = parseGlossary(decodeDocumentText(bytes, 'glossary.json'), 'glossary.json');
    } catch (error) {
      if (error instanceof GlossaryError) throw new CorpusFileError('glossary.json', `corpus file glossary.json is invalid: ${error.detail}`);
      throw error;
    }
  }
  const slugs = new Set<string>();
  const documents = sources.data.documents.map((source) => {
    if (slugs.has(source.slug)) throw new CorpusFileError('sources.json', `sources.json lists slug ${source.slug} twice`);
    slugs.add(source.slug);
    const path = join(corpusDir, source.file);
    if (!existsSync(path)) throw new CorpusFileError(source.file, `corpus file ${source.file} (listed in sources.json) does not exist`);
    const bytes = readCorpusBytes(path, source.file);
    const raw = isPlainTextFile(source.file) ? decodeDocumentText(bytes, source.file) : undefined;
    if (raw === undefined && bytes.length === 0) throw new CorpusFileError(source.file, `corpus file ${source.file} is empty`);
    // Text documents hash their decoded text as before, so an existing index's corpus hash still matches.
    hash
      .update(source.file)
      .update('\0')
      .update(raw ?? bytes);
    return { source, bytes, contentHash: createHash('sha256').update(bytes).digest('hex'), raw };
  });
  const listed = new Set(sources.data.documents.map((source) => source.file));
  const unlisted = readdirSync(corpusDir).filter((file) => documentExtensions.some((extension) => file.toLowerCase().endsWith(extension)) && !listed.has(file));
  const enrichmentDir = join(corpusDir, 'enrichment');
  const enrichmentFiles = existsSync(enrichmentDir)
    ? readdirSync(enrichmentDir)
        .filter((name) => name.endsWith('.jsonl'))
        .sort()
        .map((name) => {
          const file = `enrichment/${name}`;
          const bytes = readCorpusBytes(join(enrichmentDir, name), file);
          hash.update(file).update('\0').update(bytes);
          return { file, text: bytes.toString('utf8') };
        })
    : [];
  return { documents, glossary, hash: hash.digest('hex'), unlisted, enrichmentFiles };
}
