import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetError, findUnlocatableEvidence, loadDataset, parseDataset } from '../../src/eval/dataset.ts';

const good = {
  id: 'zh-001',
  question: '2020年园区生物医药产业产值是多少？',
  lang: 'zh',
  docIds: ['yearbook-2020-emerging'],
  category: 'number',
  answerable: true,
  facts: [['1022亿', '102.2 billion']],
  evidence: ['全年实现产值1022亿元'],
};
const decline = {
  id: 'dec-001',
  question: '上海张江的产值是多少？',
  lang: 'zh',
  docIds: [],
  category: 'decline-other-place',
  answerable: false,
  facts: [],
  evidence: [],
};
const followUp = {
  ...good,
  id: 'fu-002',
  question: '比上年增长多少？',
  category: 'followup',
  followUpOf: 'zh-001',
  facts: [['25%']],
  evidence: ['同比增长25%'],
};

const jsonl = (...items: unknown[]) => items.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('\n');

function problemsOf(text: string, options = {}): string[] {
  try {
    parseDataset(text, options);
  } catch (error) {
    if (error instanceof DatasetError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseDataset', () => {
  it('accepts well-formed items, blank lines and a trailing newline', () => {
    const items = parseDataset(`${jsonl(good, '', decline, followUp)}\n`);
    expect(items.map((item) => item.id)).toEqual(['zh-001', 'dec-001', 'fu-002']);
    expect(items[2]?.followUpOf).toBe('zh-001');
  });

  it('names the line of invalid JSON', () => {
    expect(problemsOf(jsonl(good, '{"id": "zh-002", "question": '))).toEqual([expect.stringMatching(/^line 2: not valid JSON/)]);
  });

  it('names the line and field of a missing or invalid field', () => {
    const { question: _question, ...noQuestion } = { ...good, id: 'zh-002' };
    const problems = problemsOf(jsonl(good, decline, noQuestion, { ...good, id: 'zh-003', lang: 'fr' }, { ...good, id: 'zh-004', category: 'trivia' }));
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('line 3 (zh-002): question: missing');
    expect(problems[1]).toMatch(/^line 4 \(zh-003\): lang: /);
    expect(problems[2]).toMatch(/^line 5 \(zh-004\): category: /);
  });

  it('rejects a misspelt field instead of dropping it', () => {
    const { evidence: _evidence, ...rest } = good;
    expect(problemsOf(jsonl({ ...rest, evidense: ['x'] }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^line 1 \(zh-001\): unknown field evidense/), expect.stringMatching(/^line 1 \(zh-001\): evidence: /)]),
    );
  });

  it('rejects an answerable question without facts or evidence, and a decline marked answerable', () => {
    const problems = problemsOf(
      jsonl(
        { ...good, facts: [] },
        { ...good, id: 'zh-002', evidence: [] },
        { ...decline, answerable: true, docIds: ['x'], facts: [['1']], evidence: ['y'] },
        { ...good, id: 'zh-003', facts: [[]] },
      ),
    );
    expect(problems).toEqual([
      'line 1 (zh-001): facts: an answerable question needs at least one fact',
      'line 2 (zh-002): evidence: an answerable question needs at least one evidence string',
      'line 3 (dec-001): answerable: category decline-other-place must have answerable: false',
      'line 4 (zh-003): facts.0: a fact needs at least one variant',
    ]);
  });

  it('rejects a follow-up without followUpOf', () => {
    const { followUpOf: _followUpOf, ...orphan } = followUp;
    expect(problemsOf(jsonl(good, orphan))).toEqual(['line 2 (fu-002): followUpOf: a followup question needs followUpOf']);
  });

  it('rejects a duplicate id, naming both lines', () => {
    expect(problemsOf(jsonl(good, decline, good))).toEqual(['line 3: duplicate id "zh-001" (first on line 1)']);
  });

  it('rejects followUpOf an unknown id or a later one', () => {
    expect(problemsOf(jsonl(good, { ...followUp, followUpOf: 'zh-999' }))).toEqual(['line 2: followUpOf "zh-999" is not an id in this dataset']);
    expect(problemsOf(jsonl(followUp, good))).toEqual(['line 1: followUpOf "zh-001" comes later in the file; put the first question before its follow-up']);
  });

  it('rejects an unknown document when the known ones are given', () => {
    expect(problemsOf(jsonl({ ...good, docIds: ['yearbook-2019'] }), { knownDocIds: new Set(['yearbook-2020-emerging']) })).toEqual([
      'line 1: unknown docId "yearbook-2019" (known: yearbook-2020-emerging)',
    ]);
  });

  it('reports every problem at once and rejects an empty file', () => {
    expect(problemsOf(jsonl('nope', { ...good, lang: 'fr' }, good, good))).toHaveLength(3);
    expect(problemsOf('\n\n')).toEqual(['line 1: no questions']);
  });
});

describe('loadDataset', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'eval-dataset-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads a file and puts its path and the line numbers in the error', async () => {
    const file = path.join(directory, 'questions.jsonl');
    await writeFile(file, jsonl(good, { ...good, id: 'zh-002', answerable: 'yes' }));
    expect(() => loadDataset(file)).toThrow(DatasetError);
    expect(() => loadDataset(file)).toThrow(/questions\.jsonl: 1 problem\n {2}line 2 \(zh-002\): answerable: /);
  });
});

describe('findUnlocatableEvidence', () => {
  const passages = [
    { docId: 'yearbook-2020-emerging', text: '全年实现产值1022亿元，新增一类新药临床批件100个。' },
    { docId: 'news-2024-future-industries', text: '园区大力布局人工智能、生物制药、纳米技术三大“未来产业”。' },
  ];

  it('accepts evidence in one of the named documents, in either script', () => {
    const items = parseDataset(
      jsonl(good, { ...good, id: 'zh-Hant-001', lang: 'zh-Hant', docIds: ['news-2024-future-industries'], evidence: ['大力佈局人工智能、生物製藥'] }),
    );
    expect(findUnlocatableEvidence(items, passages)).toEqual([]);
  });

  it('flags evidence found nowhere, or only in another document', () => {
    const items = parseDataset(
      jsonl({ ...good, evidence: ['全年实现产值1022亿元', '实现产值9999亿元'] }, { ...good, id: 'zh-002', docIds: ['yearbook-2020-scitech'] }),
    );
    expect(findUnlocatableEvidence(items, passages)).toEqual([
      { id: 'zh-001', evidence: '实现产值9999亿元', foundIn: [] },
      { id: 'zh-002', evidence: '全年实现产值1022亿元', foundIn: ['yearbook-2020-emerging'] },
    ]);
  });
});
