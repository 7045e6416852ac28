import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { toSimplified } from '../text/to-simplified.ts';
import { cleanDocument } from './clean-document.ts';
import { contentHash } from './extract/content-hash.ts';
import { DocumentError, extractDocument, type ExtractedDocument } from './extract/extract-document.ts';
import { sourceDocumentSchema, sourcesFileSchema, type SourceDocument } from '../index-store/source-document.ts';
import { splitDocument } from './split-text.ts';

/** What whoever adds a document may say about it; everything left out is guessed from the file. */
export interface DocumentMetadata {
  slug?: string;
  title?: string;
  titleEn?: string;
  year?: number;
  published?: string;
  period?: string;
  kind?: SourceDocument['kind'];
  /** `zh-Hans` / `zh` (simplified), `zh-Hant` (traditional), `en`. */
  lang?: string;
  contacts?: SourceDocument['contacts'];
  chapter?: string;
  sections?: string[];
  runningHeaders?: string[];
}

export interface AddDocumentInput {
  corpusDir: string;
  bytes: Uint8Array;
  fileName: string;
  mediaType?: string;
  maxBytes: number;
  metadata?: DocumentMetadata;
  /** Replace the document with the same slug instead of refusing the duplicate. */
  replace?: boolean;
}

export interface AddedDocument {
  entry: SourceDocument;
  /** The metadata fields that were guessed (not given), to show whoever added it. */
  guessed: string[];
  warnings: string[];
  chunks: number;
  replaced: boolean;
}

interface SourcesFile {
  $comment?: string;
  documents: SourceDocument[];
}

const sourcesPath = (corpusDir: string) => join(corpusDir, 'sources.json');

export function readSources(corpusDir: string): SourcesFile {
  const path = sourcesPath(corpusDir);
  if (!existsSync(path)) return { documents: [] };
  return sourcesFileSchema.parse(JSON.parse(readFileSync(path, 'utf8'))) as SourcesFile;
}

/** Written beside and renamed over: a crash leaves the old sources.json or the new one, never half of one. */
function writeSources(corpusDir: string, sources: SourcesFile): void {
  const path = sourcesPath(corpusDir);
  const staging = `${path}.tmp-${process.pid}`;
  writeFileSync(staging, JSON.stringify(sources, null, 2) + '\n');
  renameSync(staging, path);
}

const scripts: Record<string, SourceDocument['script']> = {
  zh: 'simplified',
  'zh-hans': 'simplified',
  'zh-cn': 'simplified',
  en: 'simplified',
  'zh-hant': 'traditional',
  'zh-tw': 'traditional',
  'zh-hk': 'traditional',
};

/** A slug from an English title or file name: `SIP Talent Policy 2024.pdf` → `sip-talent-policy-2024`. */
function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/\.[a-z0-9]+$/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** The most frequent plausible year (1990–2100) written in the text, e.g. `2020年`, `in 2024`. */
function guessYear(text: string): number | undefined {
  const counts = new Map<number, number>();
  for (const match of text.matchAll(/(?<!\d)(19[9]\d|20\d\d)(?!\d)/g)) {
    const year = Number(match[1]);
    counts.set(year, (counts.get(year) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0];
}

/** Level-2 headings of extracted text: a yearbook chapter's sections. */
const sectionHeadings = (text: string) =>
  [...text.matchAll(/^## (.+)$/gm)].map((match) => (match[1] ?? '').trim()).filter((heading) => heading !== '' && !heading.startsWith('【'));

/** The metadata entry: what was given, the rest guessed from the file and its text. */
function entryFor(input: AddDocumentInput, extracted: ExtractedDocument, file: string, taken: Set<string>): { entry: SourceDocument; guessed: string[] } {
  const given = input.metadata ?? {};
  const guessed: string[] = [];
  const guess = <T>(name: string, value: T | undefined, fallback: () => T): T => {
    if (value !== undefined) return value;
    guessed.push(name);
    return fallback();
  };
  const stem = basename(input.fileName, extname(input.fileName));
  const title = guess('title', given.title, () => extracted.title ?? stem);
  const latin = /^[\x20-\x7e]+$/;
  const titleEn = guess('titleEn', given.titleEn, () => (latin.test(title) ? title : latin.test(stem) ? stem : title));
  const slug = guess('slug', given.slug, () => {
    const base = slugify(titleEn) || slugify(stem) || `doc-${contentHash(input.bytes).slice(0, 8)}`;
    let candidate = base;
    for (let suffix = 2; taken.has(candidate); suffix += 1) candidate = `${base}-${suffix}`;
    return candidate;
  });
  const hasEntries = /^(#{1,6} )?【[^】\n]{1,80}】/m.test(extracted.text);
  const kind = guess('kind', given.kind, () => (hasEntries ? 'yearbook' : extracted.format === 'html' ? 'web' : 'news'));
  const year = guess('year', given.year, () => guessYear(`${stem}\n${title}\n${extracted.text}`) ?? new Date().getUTCFullYear());
  const published = guess('published', given.published, () => String(year));
  const period = guess('period', given.period, () => String(year));
  const lang = given.lang?.toLowerCase();
  if (lang !== undefined && scripts[lang] === undefined)
    throw new DocumentError('DOC_INVALID_METADATA', input.fileName, `lang must be one of zh-Hans, zh-Hant, en (got "${given.lang}")`);
  const script =
    lang !== undefined
      ? (scripts[lang] ?? 'simplified')
      : guess('script', undefined, () => {
          const sample = extracted.text.slice(0, 4000);
          const changed = [...sample].filter((char, index) => toSimplified(sample)[index] !== char).length;
          return changed > 0.02 * sample.replace(/[^\p{Script=Han}]/gu, '').length && changed > 3 ? 'traditional' : 'simplified';
        });
  const contacts = guess('contacts', given.contacts, () => (kind === 'yearbook' ? 'organisational' : 'none'));
  const chapter = kind === 'yearbook' ? guess('chapter', given.chapter, () => title) : given.chapter;
  const sections =
    kind === 'yearbook' && extracted.format !== 'text' ? guess('sections', given.sections, () => sectionHeadings(extracted.text)) : (given.sections ?? []);
  const candidate = {
    file,
    slug,
    title: { zh: title, en: titleEn },
    kind,
    period,
    year,
    published,
    script,
    contacts,
    ...(chapter !== undefined ? { chapter } : {}),
    cleaning: { sections, runningHeaders: given.runningHeaders ?? [] },
  };
  const parsed = sourceDocumentSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DocumentError('DOC_INVALID_METADATA', input.fileName, `invalid metadata: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return { entry: parsed.data, guessed };
}

/** `003_45ef39c325a615c0.txt`: the next ordinal and the content hash, as the seeds are named. */
function corpusFileName(sources: SourcesFile, bytes: Uint8Array, fileName: string, format: ExtractedDocument['format']): string {
  const ordinals = sources.documents.map((document) => Number(/^(\d+)_/.exec(document.file)?.[1] ?? -1));
  const next = Math.max(-1, ...ordinals) + 1;
  const extension = extname(fileName).toLowerCase() || { pdf: '.pdf', docx: '.docx', html: '.html', markdown: '.md', text: '.txt' }[format];
  return `${String(next).padStart(3, '0')}_${contentHash(bytes).slice(0, 16)}${extension}`;
}

/**
 * Adds a document to the corpus: reads it (refusing what cannot be read, see extractDocument), checks
 * it is not already there, guesses the metadata not given, validates it, checks that it yields
 * chunks, then writes the file into the corpus folder and its entry into sources.json. Nothing is
 * written when any step fails. The index is not rebuilt here (see `npm run docs` and the admin API).
 */
export async function addDocument(input: AddDocumentInput): Promise<AddedDocument> {
  const { corpusDir, bytes, fileName } = input;
  const extracted = await extractDocument({
    bytes,
    fileName,
    maxBytes: input.maxBytes,
    ...(input.mediaType !== undefined ? { mediaType: input.mediaType } : {}),
  });
  const sources = readSources(corpusDir);
  const hash = contentHash(bytes);
  const sameBytes = sources.documents.find(
    (document) => existsSync(join(corpusDir, document.file)) && contentHash(readFileSync(join(corpusDir, document.file))) === hash,
  );
  if (sameBytes !== undefined && !(input.replace === true && sameBytes.slug === input.metadata?.slug)) {
    throw new DocumentError('DOC_DUPLICATE', fileName, `is already in the corpus as "${sameBytes.slug}" (${sameBytes.file})`);
  }
  const existing = input.metadata?.slug !== undefined ? sources.documents.find((document) => document.slug === input.metadata?.slug) : undefined;
  if (existing !== undefined && input.replace !== true) {
    throw new DocumentError('DOC_DUPLICATE', fileName, `a document with slug "${existing.slug}" is already in the corpus; remove it first or replace it`);
  }
  const others = { ...sources, documents: sources.documents.filter((document) => document !== existing) };
  const file = corpusFileName(sources, bytes, fileName, extracted.format);
  const { entry, guessed } = entryFor(input, extracted, file, new Set(others.documents.map((document) => document.slug)));
  const chunks = splitDocument(cleanDocument(extracted.text, entry, { structured: extracted.format !== 'text' }));
  if (chunks.length === 0) throw new DocumentError('DOC_EMPTY', fileName, 'has no text to index after cleaning');
  const path = join(corpusDir, file);
  writeFileSync(`${path}.tmp-${process.pid}`, bytes);
  renameSync(`${path}.tmp-${process.pid}`, path);
  try {
    const documents = existing !== undefined ? sources.documents.map((document) => (document === existing ? entry : document)) : [...sources.documents, entry];
    writeSources(corpusDir, { ...sources, documents });
  } catch (error) {
    rmSync(path, { force: true });
    throw error;
  }
  if (existing !== undefined && existing.file !== file) rmSync(join(corpusDir, existing.file), { force: true });
  return { entry, guessed, warnings: extracted.warnings, chunks: chunks.length, replaced: existing !== undefined };
}

/**
 * Removes a document: its sources.json entry first (so a failure later leaves at worst an unlisted
 * file), then its file and its enrichment (corpus/enrichment/<slug>.jsonl), which describes chunks
 * that no longer exist.
 */
export function removeDocument(corpusDir: string, slug: string): SourceDocument {
  const sources = readSources(corpusDir);
  const entry = sources.documents.find((document) => document.slug === slug);
  if (entry === undefined) throw new DocumentError('DOC_NOT_FOUND', slug, 'no document with this slug is in the corpus');
  if (sources.documents.length === 1) throw new DocumentError('DOC_INVALID_METADATA', slug, 'is the only document in the corpus; an index needs at least one');
  writeSources(corpusDir, { ...sources, documents: sources.documents.filter((document) => document !== entry) });
  rmSync(join(corpusDir, entry.file), { force: true });
  rmSync(join(corpusDir, 'enrichment', `${slug}.jsonl`), { force: true });
  return entry;
}
