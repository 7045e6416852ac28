import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RagError } from '../errors.ts';
import { sourcesFileSchema, type SourceDocument } from './source-document.ts';

export interface RawDocument {
  source: SourceDocument;
  raw: string;
}

export interface LoadedCorpus {
  documents: RawDocument[];
  /** sha256 over sources.json, the glossary and every document: the manifest's corpus hash. */
  hash: string;
  /** Text files in the folder that sources.json does not list (reported, not indexed). */
  unlisted: string[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads one document as strict UTF-8 text, naming the file and the reason when it cannot be used. */
export function readDocumentText(path: string, name: string): string {
  const bytes = readFileSync(path);
  if (bytes.length === 0) throw new RagError('RAG_CORPUS_INVALID', `corpus file ${name} is empty`);
  if (bytes.subarray(0, 8192).includes(0)) throw new RagError('RAG_CORPUS_INVALID', `corpus file ${name} looks binary (contains NUL bytes)`);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new RagError('RAG_CORPUS_INVALID', `corpus file ${name} is not valid UTF-8 (convert it to UTF-8 and ingest again)`);
  }
  if (text.trim() === '') throw new RagError('RAG_CORPUS_INVALID', `corpus file ${name} contains only whitespace`);
  return text;
}

export function loadCorpus(corpusDir: string): LoadedCorpus {
  const sourcesPath = join(corpusDir, 'sources.json');
  if (!existsSync(sourcesPath)) throw new RagError('RAG_CORPUS_INVALID', `${sourcesPath} is missing: it lists the documents to ingest`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(sourcesPath, 'utf8'));
  } catch (error) {
    throw new RagError('RAG_CORPUS_INVALID', `sources.json is not valid JSON: ${(error as Error).message}`);
  }
  const sources = sourcesFileSchema.safeParse(parsed);
  if (!sources.success) {
    const issue = sources.error.issues[0];
    throw new RagError('RAG_CORPUS_INVALID', `sources.json: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const hash = createHash('sha256');
  hash.update(readFileSync(sourcesPath));
  const glossaryPath = join(corpusDir, 'glossary.json');
  if (existsSync(glossaryPath)) hash.update(readFileSync(glossaryPath));
  const slugs = new Set<string>();
  const documents = sources.data.documents.map((source) => {
    if (slugs.has(source.slug)) throw new RagError('RAG_CORPUS_INVALID', `sources.json lists slug ${source.slug} twice`);
    slugs.add(source.slug);
    const path = join(corpusDir, source.file);
    if (!existsSync(path)) throw new RagError('RAG_CORPUS_INVALID', `corpus file ${source.file} (listed in sources.json) does not exist`);
    const raw = readDocumentText(path, source.file);
    hash.update(source.file).update('\0').update(raw);
    return { source, raw };
  });
  const listed = new Set(sources.data.documents.map((source) => source.file));
  const unlisted = readdirSync(corpusDir).filter((file) => file.endsWith('.txt') && !listed.has(file));
  return { documents, hash: hash.digest('hex'), unlisted };
}
