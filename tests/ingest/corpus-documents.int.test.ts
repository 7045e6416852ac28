import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChunks, buildIndex, listChunks, readManifest } from '../../src/ingest/build-index.ts';
import { addDocument, readSources, removeDocument } from '../../src/ingest/corpus-documents.ts';
import { DocumentError } from '../../src/ingest/extract/document-error.ts';
import { readChunks } from '../../src/index-store/read-chunks.ts';
import { makeDocx } from '../fixtures/make-docx-fixture.ts';
import { yearbookPdf } from '../fixtures/make-pdf-fixtures.ts';

const projectDir = fileURLToPath(new URL('../..', import.meta.url));
const realCorpus = join(projectDir, 'corpus');
const lexicalOnly = { enabled: false, model: 'none', cacheDir: tmpdir(), allowRemote: false };
const maxBytes = 20 * 1024 * 1024;
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sip-docs-test-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const talentDocx = () =>
  makeDocx({
    title: '园区人才安居政策',
    sections: [{ heading: '安家补贴', paragraphs: ['园区对新引进的领军人才给予最高二百五十万元安家补贴，申请须在入职一年内提出。'] }],
  });

describe('adding documents to the corpus', () => {
  it('the five seeds, re-added through addDocument from their current files and metadata, give the same chunks as today', async () => {
    const corpusDir = join(work, 'readded');
    mkdirSync(corpusDir);
    copyFileSync(join(realCorpus, 'glossary.json'), join(corpusDir, 'glossary.json'));
    for (const source of readSources(realCorpus).documents) {
      const added = await addDocument({
        corpusDir,
        bytes: readFileSync(join(realCorpus, source.file)),
        fileName: source.file,
        maxBytes,
        metadata: {
          slug: source.slug,
          title: source.title.zh,
          titleEn: source.title.en,
          year: source.year,
          published: source.published,
          period: source.period,
          kind: source.kind,
          lang: source.script === 'traditional' ? 'zh-Hant' : 'zh-Hans',
          contacts: source.contacts,
          ...(source.chapter !== undefined ? { chapter: source.chapter } : {}),
          sections: source.cleaning.sections,
          runningHeaders: source.cleaning.runningHeaders,
        },
      });
      // Stored under a new name (ordinal and content hash); the entry is otherwise the seed's.
      expect(added.entry).toEqual({ ...source, file: expect.stringMatching(new RegExp(`^${source.file.slice(0, 4)}[0-9a-f]{16}\\.txt$`)) });
      expect(added.guessed).toEqual([]);
    }
    expect((await listChunks(corpusDir)).chunks).toEqual(buildChunks(realCorpus).chunks);
  });

  it('guesses what is not given (title from the document, slug, year, kind) and says which fields it guessed', async () => {
    const corpusDir = join(work, 'guess');
    cpSync(realCorpus, corpusDir, { recursive: true });
    const added = await addDocument({ corpusDir, bytes: await talentDocx(), fileName: 'Talent Housing 2024.docx', maxBytes });
    expect(added.entry).toMatchObject({
      slug: 'talent-housing-2024',
      title: { zh: '园区人才安居政策', en: 'Talent Housing 2024' },
      kind: 'news',
      year: 2024,
      file: '005_' + added.entry.file.slice(4),
    });
    expect(added.guessed).toEqual(expect.arrayContaining(['title', 'titleEn', 'slug', 'kind', 'year', 'contacts']));
    expect(existsSync(join(corpusDir, added.entry.file))).toBe(true);
  });

  it('refuses a duplicate, invalid metadata and an unreadable file without writing anything', async () => {
    const corpusDir = join(work, 'refuse');
    cpSync(realCorpus, corpusDir, { recursive: true });
    const before = readdirSync(corpusDir).sort();
    const sources = readFileSync(join(corpusDir, 'sources.json'), 'utf8');
    const seed = readFileSync(join(corpusDir, '000_3c1a50c49df3de27.txt'));
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error as DocumentError,
      );
    expect((await refusal(addDocument({ corpusDir, bytes: seed, fileName: 'copy.txt', maxBytes })))?.code).toBe('DOC_DUPLICATE');
    expect(
      (await refusal(addDocument({ corpusDir, bytes: await talentDocx(), fileName: 't.docx', maxBytes, metadata: { slug: 'yearbook-2020-emerging' } })))?.code,
    ).toBe('DOC_DUPLICATE');
    const invalid = await refusal(addDocument({ corpusDir, bytes: await talentDocx(), fileName: 't.docx', maxBytes, metadata: { slug: 'Bad Slug' } }));
    expect(invalid?.code).toBe('DOC_INVALID_METADATA');
    expect(invalid?.message).toMatch(/^t\.docx: invalid metadata: slug: slug must be lower-case/);
    expect((await refusal(addDocument({ corpusDir, bytes: Buffer.from('%PDF-1.4 garbage'), fileName: 'x.pdf', maxBytes })))?.code).toBe('DOC_CORRUPT');
    expect(readdirSync(corpusDir).sort()).toEqual(before);
    expect(readFileSync(join(corpusDir, 'sources.json'), 'utf8')).toBe(sources);
  });
});

describe('incremental ingest', () => {
  it("reuses unchanged documents' chunks, processes the new one, reports stale enrichment, and a removed document takes its chunks and enrichment with it", async () => {
    const corpusDir = join(work, 'incremental');
    const indexDir = join(work, 'incremental-index');
    cpSync(realCorpus, corpusDir, { recursive: true });
    await buildIndex({ corpusDir, indexDir, embedding: lexicalOnly });
    const added = await addDocument({
      corpusDir,
      bytes: await yearbookPdf(),
      fileName: 'emerging.pdf',
      maxBytes,
      metadata: { slug: 'pdf-emerging', title: '新兴产业', titleEn: 'Emerging Industries' },
    });
    expect(added.entry.kind).toBe('yearbook');
    // Enrichment written for the chunk texts of today, one of which then changes.
    writeFileSync(join(corpusDir, 'enrichment', 'pdf-emerging.jsonl'), '{"id":"pdf-emerging#1","hash":"0000000000000000"}\n');
    const log: string[] = [];
    const summary = await buildIndex({ corpusDir, indexDir, embedding: lexicalOnly, log: (line) => log.push(line) });
    expect(log).toContain('5 of 6 documents unchanged: their chunks are reused');
    const entry = summary.manifest.documents.find((document) => document.slug === 'pdf-emerging');
    expect(entry?.chunks).toBe(5);
    expect(entry?.enrichment).toEqual({ records: 1, stale: 1 });
    const seedEnrichment = summary.manifest.documents.find((document) => document.slug === 'yearbook-2020-emerging')?.enrichment;
    expect(seedEnrichment?.stale).toBe(0);

    removeDocument(corpusDir, 'pdf-emerging');
    expect(existsSync(join(corpusDir, 'enrichment', 'pdf-emerging.jsonl'))).toBe(false);
    expect(existsSync(join(corpusDir, added.entry.file))).toBe(false);
    await buildIndex({ corpusDir, indexDir, embedding: lexicalOnly });
    expect(readChunks(join(indexDir, 'chunks.jsonl')).filter((chunk) => chunk.docId === 'pdf-emerging')).toEqual([]);
    expect(readManifest(indexDir)?.documents.map((document) => document.slug)).not.toContain('pdf-emerging');
  });
});

describe('npm run docs', () => {
  it('add shows the entry and the guessed fields and updates the index; list shows chunks; remove takes it out', async () => {
    const corpusDir = join(work, 'cli');
    const indexDir = join(work, 'cli-index');
    cpSync(realCorpus, corpusDir, { recursive: true });
    const file = join(work, 'talent.docx');
    writeFileSync(file, await talentDocx());
    const env = { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: 'none', NO_COLOR: '1' };
    const docs = (...args: string[]) => spawnSync('npx', ['tsx', 'src/ingest/docs-cli.ts', ...args], { cwd: projectDir, env, encoding: 'utf8' });
    const add = docs('add', file, '--title-en', 'Talent Housing', '--year', '2024');
    expect(add.stderr).toBe('');
    expect(add.status).toBe(0);
    expect(add.stdout).toMatch(/added talent\.docx as talent-housing → 005_[0-9a-f]{16}\.docx \(1 chunks\)/);
    expect(add.stdout).toMatch(/guessed \(check them; give them as options to set them\): title, slug, kind, published, period, script, contacts/);
    expect(add.stdout).toMatch(/index updated: 6 documents/);
    expect(readChunks(join(indexDir, 'chunks.jsonl')).some((chunk) => chunk.docId === 'talent-housing')).toBe(true);
    const list = docs('list');
    expect(list.stdout).toMatch(/talent-housing/);
    const again = docs('add', file);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/docs failed: talent\.docx: is already in the corpus as "talent-housing"/);
    const remove = docs('remove', 'talent-housing');
    expect(remove.status).toBe(0);
    expect(remove.stdout).toMatch(/index updated: 5 documents/);
    expect(readChunks(join(indexDir, 'chunks.jsonl')).some((chunk) => chunk.docId === 'talent-housing')).toBe(false);
  }, 120_000);

  it('add <folder> adds each document in it; one that cannot be read is named, the others are added and indexed', async () => {
    const corpusDir = join(work, 'cli-folder');
    const indexDir = join(work, 'cli-folder-index');
    cpSync(realCorpus, corpusDir, { recursive: true });
    const folder = join(work, 'incoming');
    mkdirSync(folder);
    writeFileSync(join(folder, 'guide.md'), '# 园区企业开办指南\n\n## 营业执照\n\n在园区政务服务中心一个工作日内可领取营业执照。\n');
    writeFileSync(join(folder, 'broken.pdf'), '%PDF-1.4 not really');
    writeFileSync(join(folder, 'notes.xyz'), 'ignored: not a document type');
    const env = { ...process.env, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, EMBEDDING_MODEL: 'none', NO_COLOR: '1' };
    const result = spawnSync('npx', ['tsx', 'src/ingest/docs-cli.ts', 'add', folder, '--year', '2024'], { cwd: projectDir, env, encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/not added: broken\.pdf: /);
    expect(result.stderr).toMatch(/1 of 2 documents were not added/);
    expect(result.stdout).toMatch(/added guide\.md as /);
    expect(readChunks(join(indexDir, 'chunks.jsonl')).some((chunk) => chunk.text.includes('一个工作日内可领取营业执照'))).toBe(true);
  }, 120_000);
});
