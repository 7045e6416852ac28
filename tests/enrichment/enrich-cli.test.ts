import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkEnrichment } from '../../src/enrichment/check-enrichment.ts';
import { chunkTextHash, readEnrichmentFile } from '../../src/enrichment/enrichment-record.ts';
import { enrichmentDir, readEnrichmentDir } from '../../src/enrichment/read-enrichment-dir.ts';
import { buildChunks } from '../../src/ingest/build-index.ts';
import { messageTexts, startFakeOpenAI, type FakeOpenAI, type FakeReply, type RecordedRequest } from '../fixtures/fake-openai-server.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

// Two small news documents, one passage each.
const textA = '2023年，园区新能源企业达到120家，实现产值350亿元，增长15.2%。园区计划到2025年建成2个新能源创新平台。';
const textB = '2023年，园区3家企业在港交所上市。园区上市企业累计超过60家。';
const oldTextB = '2022年，园区2家企业在港交所上市。园区上市企业累计超过50家。';
const glossary = [{ zh: '港交所', en: ['HKEX', 'Hong Kong Stock Exchange'], kind: 'org' }];

const questions = {
  zh: ['园区有多少新能源企业？', '新能源产值多少？', '增长多少？', '计划建几个平台？', '哪一年？', '园区新能源怎么样？'],
  en: ['How many new energy firms?', 'What was the output?', 'How fast did it grow?', 'How many platforms?', 'By when?', 'How is new energy doing?'],
};

/** What a careful model answers for each passage (id and hash are set by `npm run enrich` itself). */
const goodRecords: Record<string, object> = {
  'news-2023-tiny-a#1': {
    id: 'news-2023-tiny-a#1',
    titleEn: 'SIP speeds up its new energy industry',
    sentences: [
      {
        zh: '2023年，园区新能源企业达到120家，实现产值350亿元，增长15.2%。',
        en: 'In 2023, SIP had 120 new energy companies, with output value of 35 billion yuan, up 15.2%.',
      },
      { zh: '园区计划到2025年建成2个新能源创新平台。', en: 'SIP plans to build 2 new energy innovation platforms by 2025.' },
    ],
    questions,
    aliases: [],
  },
  'news-2023-tiny-b#1': {
    id: 'news-2023-tiny-b#1',
    titleEn: 'SIP companies list in Hong Kong',
    sentences: [
      { zh: '2023年，园区3家企业在港交所上市。', en: 'In 2023, 3 SIP companies listed on the Hong Kong Stock Exchange.' },
      { zh: '园区上市企业累计超过60家。', en: 'SIP now has more than 60 listed companies in total.' },
    ],
    questions,
    aliases: [['港交所', '香港联交所', 'HKEX', 'Hong Kong Stock Exchange']],
  },
};

/** The record for text A with 350亿元 mistranslated. */
const wrongFigureA = {
  ...goodRecords['news-2023-tiny-a#1'],
  sentences: [
    {
      zh: '2023年，园区新能源企业达到120家，实现产值350亿元，增长15.2%。',
      en: 'In 2023, SIP had 120 new energy companies, with output value of 3.5 billion yuan, up 15.2%.',
    },
    { zh: '园区计划到2025年建成2个新能源创新平台。', en: 'SIP plans to build 2 new energy innovation platforms by 2025.' },
  ],
};

function askedIds(request: RecordedRequest): string[] {
  return [
    ...messageTexts(request, 'user')
      .join('\n')
      .matchAll(/<passage id="([^"]+)">/g),
  ].map((match) => match[1] ?? '');
}

/** A model that answers every passage it is asked for correctly, as `{"records": [...]}`. */
function carefulModel(request: RecordedRequest): FakeReply {
  return { kind: 'text', text: JSON.stringify({ records: askedIds(request).map((id) => goodRecords[id]) }) };
}

const source = (file: string, slug: string) => ({
  file,
  slug,
  title: { zh: slug, en: slug },
  kind: 'news',
  period: '2023',
  year: 2023,
  published: '2024',
  script: 'simplified',
  contacts: 'none',
});

let corpusDir: string;
let fake: FakeOpenAI | undefined;

beforeEach(async () => {
  corpusDir = await mkdtemp(join(tmpdir(), 'enrich-corpus-'));
  await writeFile(join(corpusDir, 'sources.json'), JSON.stringify({ documents: [source('a.txt', 'news-2023-tiny-a'), source('b.txt', 'news-2023-tiny-b')] }));
  await writeFile(join(corpusDir, 'glossary.json'), JSON.stringify(glossary));
  await writeFile(join(corpusDir, 'a.txt'), `园区新能源产业加快发展\n\n${textA.replace('。园区', '。\n\n园区')}\n`);
  await writeFile(join(corpusDir, 'b.txt'), `园区企业赴港上市\n\n${textB.replace('。园区', '。\n\n园区')}\n`);
  // Document B was enriched when its text still said 2022: that record is stale.
  await mkdir(enrichmentDir(corpusDir));
  const stale = {
    id: 'news-2023-tiny-b#1',
    hash: chunkTextHash(oldTextB),
    titleEn: 'SIP companies list in Hong Kong',
    sentences: [
      { zh: '2022年，园区2家企业在港交所上市。', en: 'In 2022, 2 SIP companies listed on the Hong Kong Stock Exchange.' },
      { zh: '园区上市企业累计超过50家。', en: 'SIP now has more than 50 listed companies in total.' },
    ],
    questions,
    aliases: [],
  };
  await writeFile(join(enrichmentDir(corpusDir), 'news-2023-tiny-b.jsonl'), JSON.stringify(stale) + '\n');
});

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function runEnrich(args: string[], environment: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/enrichment/enrich-cli.ts', ...args],
      {
        cwd: root,
        env: { ...process.env, CORPUS_DIR: corpusDir, LLM_BASE_URL: '', LLM_MODEL: '', LLM_API_KEY: '', NO_COLOR: '1', ...environment },
        timeout: 60_000,
      },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

const withModel = (server: FakeOpenAI) => ({ LLM_BASE_URL: server.url, LLM_MODEL: 'fake-model', LLM_API_KEY: 'sk-test' });

async function shippedProblems() {
  const { chunks } = buildChunks(corpusDir);
  const { records } = await readEnrichmentDir(enrichmentDir(corpusDir));
  return checkEnrichment(chunks, records, glossary);
}

// Each run starts a real process (tsx, LangChain): seconds each on a loaded machine.
describe('npm run enrich (end to end, fake OpenAI-compatible server)', { timeout: 120_000 }, () => {
  it('writes the records of a new document, rewrites a stale one, and a rerun has nothing to do', async () => {
    fake = await startFakeOpenAI({ script: carefulModel });
    const run = await runEnrich([], withModel(fake));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 chunks: 0 with fresh enrichment, 1 missing, 1 stale');
    expect(run.stdout).toContain('enrich: 2/2 chunks (2 written, 0 given up)');
    // One batch: both passages in one request, with the glossary name the passages contain.
    expect(fake.requests.map(askedIds)).toEqual([['news-2023-tiny-a#1', 'news-2023-tiny-b#1']]);
    expect(messageTexts(fake.requests[0]!, 'user')[0]).toContain('港交所 → HKEX / Hong Kong Stock Exchange');

    const a = await readEnrichmentFile(join(enrichmentDir(corpusDir), 'news-2023-tiny-a.jsonl'));
    expect(a.records.map((record) => [record.id, record.hash])).toEqual([['news-2023-tiny-a#1', chunkTextHash(textA)]]);
    const b = await readEnrichmentFile(join(enrichmentDir(corpusDir), 'news-2023-tiny-b.jsonl'));
    expect(b.records.map((record) => record.hash)).toEqual([chunkTextHash(textB)]);
    expect(b.records[0]?.sentences[1]?.en).toBe('SIP now has more than 60 listed companies in total.');
    expect(await shippedProblems()).toEqual([]);

    const rerun = await runEnrich([], withModel(fake));
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain('nothing to enrich');
    expect(fake.requests).toHaveLength(1);
  });

  it('retries a record with a wrong figure or bad JSON, writes what passes, and lists what still fails (exit 1)', async () => {
    const replies: Array<(request: RecordedRequest) => FakeReply> = [
      () => ({ kind: 'text', text: 'Sure! Here are the records: {"records": [' }),
      () => ({ kind: 'text', text: '```json\n' + JSON.stringify({ records: [wrongFigureA, goodRecords['news-2023-tiny-b#1']] }) + '\n```' }),
      () => ({ kind: 'text', text: JSON.stringify({ records: [wrongFigureA] }) }),
    ];
    fake = await startFakeOpenAI({ script: (request, index) => (replies[index] ?? carefulModel)(request) });
    const run = await runEnrich(['--retries', '2'], withModel(fake));
    expect(run.code).toBe(1);
    // Bad JSON: both asked again; the wrong figure: only A asked again, told what was wrong.
    expect(fake.requests.map(askedIds)).toEqual([
      ['news-2023-tiny-a#1', 'news-2023-tiny-b#1'],
      ['news-2023-tiny-a#1', 'news-2023-tiny-b#1'],
      ['news-2023-tiny-a#1'],
    ]);
    expect(messageTexts(fake.requests[1]!, 'user')[0]).toMatch(/not valid JSON/);
    expect(messageTexts(fake.requests[2]!, 'user')[0]).toContain('figure 350亿');
    expect(run.stderr).toContain('1 chunk(s) left without enrichment');
    expect(run.stderr).toMatch(/- news-2023-tiny-a#1 \(3 attempt\(s\)\):\n\s+sentence 0: \[figure-missing\] figure 350亿/);
    // Nothing written for A; B's accepted record was written.
    expect(existsSync(join(enrichmentDir(corpusDir), 'news-2023-tiny-a.jsonl'))).toBe(false);
    const b = await readEnrichmentFile(join(enrichmentDir(corpusDir), 'news-2023-tiny-b.jsonl'));
    expect(b.records.map((record) => record.hash)).toEqual([chunkTextHash(textB)]);

    // Resumable: the next run asks only for A.
    const rerun = await runEnrich([], withModel(fake));
    expect(rerun.code).toBe(0);
    expect(fake.requests.slice(3).map(askedIds)).toEqual([['news-2023-tiny-a#1']]);
    expect(await shippedProblems()).toEqual([]);
  });

  it('lists a chunk whose every request failed at the server (HTTP 500) and writes nothing for it', async () => {
    fake = await startFakeOpenAI({ script: { kind: 'status', status: 500 } });
    const run = await runEnrich(['--retries', '1'], withModel(fake));
    expect(run.code).toBe(1);
    expect(fake.requests).toHaveLength(2);
    expect(run.stderr).toContain('the LLM server answered HTTP 500');
    expect(existsSync(join(enrichmentDir(corpusDir), 'news-2023-tiny-a.jsonl'))).toBe(false);
  });

  it('without an LLM says what to set and exits non-zero, writing nothing', async () => {
    const before = await readFile(join(enrichmentDir(corpusDir), 'news-2023-tiny-b.jsonl'), 'utf8');
    const run = await runEnrich([], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/LLM_BASE_URL/);
    expect(run.stderr).toMatch(/LLM_MODEL/);
    expect(run.stderr).toContain('1 missing, 1 stale');
    expect(await readFile(join(enrichmentDir(corpusDir), 'news-2023-tiny-b.jsonl'), 'utf8')).toBe(before);
  });

  it('--dry-run lists what would be enriched without an LLM', async () => {
    const run = await runEnrich(['--dry-run'], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/missing +news-2023-tiny-a#1/);
    expect(run.stdout).toMatch(/stale +news-2023-tiny-b#1/);
    expect(run.stdout).toContain('would write 2 record(s)');
    expect(existsSync(join(enrichmentDir(corpusDir), 'news-2023-tiny-a.jsonl'))).toBe(false);
  });
});
