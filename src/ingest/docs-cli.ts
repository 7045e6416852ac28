import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parseCliArgs } from '../cli/parse-cli-args.ts';
import { loadConfig, type Config } from '../config.ts';
import { buildIndex, embeddingOptions } from './build-index.ts';
import { addDocument, removeDocument, type DocumentMetadata } from './corpus-documents.ts';
import { indexedDocuments } from './indexed-documents.ts';
import { DocumentError } from './extract/document-error.ts';
import { documentExtensions } from './load-corpus.ts';

const usage = `Usage:
  npm run docs -- add <file|folder|urls.txt> [--title 标题] [--title-en "English title"] [--year 2024] [--published 2024-03]
                 [--period 2024] [--kind yearbook|news|web] [--lang zh-Hans|zh-Hant|en] [--contacts organisational|none]
                 [--slug my-doc] [--chapter 章] [--sections 综述,科技政策] [--running-headers 科学技术] [--replace]
      Copies each document (PDF, Word .docx, HTML, Markdown, text in UTF-8/GBK/Big5) into the corpus folder,
      adds its entry to sources.json (what is not given is guessed and shown), then updates the index.
      A folder adds every document in it; a .urls file lists web pages, one URL a line.
  npm run docs -- list
  npm run docs -- remove <slug>
      Removes the document, its sources.json entry and its enrichment, then updates the index.`;

interface Upload {
  bytes: Uint8Array;
  fileName: string;
  mediaType?: string;
}

/** The files an argument names: one file, a folder's documents, or the pages a .urls file lists. */
async function uploadsFrom(target: string): Promise<Upload[]> {
  if (statSync(target).isDirectory()) {
    return readdirSync(target)
      .filter((name) => documentExtensions.includes(extname(name).toLowerCase()))
      .sort()
      .map((name) => ({ bytes: readFileSync(join(target, name)), fileName: name }));
  }
  if (extname(target).toLowerCase() === '.urls') {
    const urls = readFileSync(target, 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const pages: Upload[] = [];
    for (const url of urls) {
      const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
      if (!response.ok) throw new DocumentError('DOC_NOT_FOUND', url, `could not be fetched (HTTP ${response.status})`);
      const name = basename(new URL(url).pathname) || 'index.html';
      const mediaType = response.headers.get('content-type') ?? undefined;
      pages.push({
        bytes: new Uint8Array(await response.arrayBuffer()),
        fileName: extname(name) === '' ? `${name}.html` : name,
        ...(mediaType !== undefined ? { mediaType } : {}),
      });
    }
    return pages;
  }
  return [{ bytes: readFileSync(target), fileName: basename(target) }];
}

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

async function reindex(config: Config): Promise<void> {
  const summary = await buildIndex({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    embedding: embeddingOptions(config),
    log: (line) => console.log(line),
  });
  console.log(
    `index updated: ${summary.manifest.documents.length} documents, ${summary.manifest.chunkCount} chunks (built ${summary.manifest.builtAt}). ` +
      'A running server picks it up on SIGHUP or POST /api/admin/reload.',
  );
}

async function main(): Promise<void> {
  const parsed = parseCliArgs(usage, {
    strings: ['title', 'title-en', 'year', 'published', 'period', 'kind', 'lang', 'contacts', 'slug', 'chapter', 'sections', 'running-headers'],
    flags: ['replace'],
    positionals: true,
  });
  if (parsed === undefined) return;
  const { values, positionals } = parsed;
  const [command, target] = positionals;
  if (command === undefined) {
    console.log(usage);
    return;
  }
  const config = loadConfig();
  if (command === 'list') {
    const rows = indexedDocuments(config.corpusDir, config.indexDir).documents.map(({ slug, file, kind, year, title, indexed }) => ({
      slug,
      file,
      kind,
      year,
      title: title.zh,
      chunks: indexed?.chunks ?? 'not indexed',
      'stale enrichment': indexed?.enrichment !== undefined ? `${indexed.enrichment.stale}/${indexed.enrichment.records}` : '',
      warnings: (indexed?.warnings ?? []).join('; '),
    }));
    console.table(rows);
    return;
  }
  if (command === 'remove') {
    if (target === undefined) throw new DocumentError('DOC_INVALID_METADATA', 'remove', 'needs the slug of the document to remove (see npm run docs -- list)');
    const entry = removeDocument(config.corpusDir, target);
    console.log(`removed ${entry.slug} (${entry.file}) and its enrichment`);
    await reindex(config);
    return;
  }
  if (command !== 'add' || target === undefined) {
    console.error(usage);
    process.exit(2);
  }
  const year = values.year !== undefined ? Number(values.year) : undefined;
  if (year !== undefined && !Number.isInteger(year))
    throw new DocumentError('DOC_INVALID_METADATA', target, `--year must be a year such as 2024 (got "${values.year}")`);
  const metadata: DocumentMetadata = {
    ...(values.slug !== undefined ? { slug: values.slug } : {}),
    ...(values.title !== undefined ? { title: values.title } : {}),
    ...(values['title-en'] !== undefined ? { titleEn: values['title-en'] } : {}),
    ...(year !== undefined ? { year } : {}),
    ...(values.published !== undefined ? { published: values.published } : {}),
    ...(values.period !== undefined ? { period: values.period } : {}),
    ...(values.kind !== undefined ? { kind: values.kind as DocumentMetadata['kind'] & string } : {}),
    ...(values.lang !== undefined ? { lang: values.lang } : {}),
    ...(values.contacts !== undefined ? { contacts: values.contacts as DocumentMetadata['contacts'] & string } : {}),
    ...(values.chapter !== undefined ? { chapter: values.chapter } : {}),
    ...((sections) => (sections !== undefined ? { sections } : {}))(list(values.sections)),
    ...((headers) => (headers !== undefined ? { runningHeaders: headers } : {}))(list(values['running-headers'])),
  };
  const uploads = await uploadsFrom(target);
  if (uploads.length === 0) throw new DocumentError('DOC_NOT_FOUND', target, `holds no documents (${documentExtensions.join(' ')})`);
  // A folder's documents each get their own slug and title; the other options apply to all of them.
  const { slug: _slug, title: _title, titleEn: _titleEn, ...shared } = metadata;
  const failed: string[] = [];
  let addedCount = 0;
  for (const upload of uploads) {
    try {
      const added = await addDocument({
        corpusDir: config.corpusDir,
        ...upload,
        maxBytes: config.MAX_DOCUMENT_MB * 1024 * 1024,
        metadata: uploads.length === 1 ? metadata : shared,
        replace: values.replace ?? false,
      });
      addedCount += 1;
      console.log(`${added.replaced ? 'replaced' : 'added'} ${upload.fileName} as ${added.entry.slug} → ${added.entry.file} (${added.chunks} chunks)`);
      console.log(JSON.stringify(added.entry, null, 2));
      if (added.guessed.length > 0) console.log(`guessed (check them; give them as options to set them): ${added.guessed.join(', ')}`);
      for (const warning of added.warnings) console.log(`warning: ${warning}`);
    } catch (error) {
      // One bad file in a folder does not stop the others; it is named at the end and the exit code says so.
      if (uploads.length === 1 || !DocumentError.isInstance(error)) throw error;
      failed.push(error.message);
      console.error(`not added: ${error.message}`);
    }
  }
  if (addedCount > 0) await reindex(config);
  if (failed.length > 0) {
    console.error(`${failed.length} of ${uploads.length} documents were not added (see above); the others were`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(`docs failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Nothing was changed by the step that failed; the previous index is still served.');
  process.exit(1);
});
