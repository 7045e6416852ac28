import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChunks } from '../../src/ingest/build-index.ts';

const corpusDir = join(import.meta.dirname, '../../corpus');
const { chunks } = buildChunks(corpusDir);
const maxChars = 700;

/** Every 【title】 of a yearbook file, read straight from the raw text (line breaks removed). */
function rawEntryTitles(file: string): string[] {
  const text = readFileSync(join(corpusDir, file), 'utf8').replace(/\s+/g, '');
  return [...text.matchAll(/【([^】]{1,80})】/g)].map((match) => `【${match[1]}】`);
}

// 001's photo captions that state an event no entry reports become a last entry, 【图片说明】, in a section of that name;
// 000's captions all show events its entries report.
describe.each([
  ['000_3c1a50c49df3de27.txt', 'yearbook-2020-emerging', '新兴产业', ['综述', '生物医药产业', '纳米技术应用产业', '人工智能产业'], []],
  ['001_0c50825f1ffc88e5.txt', 'yearbook-2020-scitech', '科技创新', ['综述', '科技政策', '科技载体与平台', '科技合作', '图片说明'], ['【图片说明】']],
])('yearbook %s', (file, slug, chapter, sections, captionEntries) => {
  const docChunks = chunks.filter((chunk) => chunk.docId === slug);

  it('has one entry (or one split series) per 【】 title, in order', () => {
    const series: string[] = [];
    for (const chunk of docChunks) {
      const key = `${chunk.section[1]}|${chunk.title}`;
      if (series.at(-1) !== key) series.push(key);
    }
    expect(series.map((key) => key.split('|')[1])).toEqual([...rawEntryTitles(file), ...captionEntries]);
  });

  it('gives every entry its section path chapter › section › entry and the year', () => {
    for (const chunk of docChunks) {
      expect(chunk.section[0]).toBe(chapter);
      expect(sections).toContain(chunk.section[1]);
      expect(chunk.section[2]).toBe(chunk.title);
      expect(chunk.kind).toBe('entry');
      expect(chunk.year).toBe(2020);
    }
  });
});

describe('photo captions', () => {
  it('keep the events no entry reports as an entry of their own, each caption one sentence without its credit', () => {
    const captions = chunks.filter((chunk) => chunk.title === '【图片说明】');
    expect(captions.map((chunk) => chunk.id)).toEqual(['yearbook-2020-scitech#26']);
    expect(captions[0]?.text).toBe(
      '2020年9月28日，再鼎医药（苏州）有限公司在港交所挂牌上市。2020年11月24日，2020企业赋能创新发展峰会暨第五届苏南股权路演中心聚合大会举行。',
    );
    // A caption of an event an entry reports (金鸡湖创新合作中心（北京）揭牌, 2020年5月30日) is not repeated.
    expect(chunks.filter((chunk) => chunk.text.includes('2020年5月30日，金鸡湖创新合作中心（北京）'))).toHaveLength(1);
  });
});

describe('entries land in the right section', () => {
  const find = (title: string) => chunks.filter((chunk) => chunk.title === title).map((chunk) => chunk.section.join(' › '));
  it.each([
    ['【再鼎医药创新疗法上市】', '新兴产业 › 生物医药产业 › 【再鼎医药创新疗法上市】'],
    ['【苏大维格获国家科技进步奖】', '新兴产业 › 纳米技术应用产业 › 【苏大维格获国家科技进步奖】'],
    ['【苏州超级计算中心揭牌】', '新兴产业 › 人工智能产业 › 【苏州超级计算中心揭牌】'],
    ['【材料科学姑苏实验室】', '科技创新 › 科技载体与平台 › 【材料科学姑苏实验室】'],
    ['【成都斯派克学院成立】', '科技创新 › 科技合作 › 【成都斯派克学院成立】'],
  ])('%s', (title, path) => {
    expect(find(title)).toEqual([path]);
  });
});

describe('all chunks', () => {
  it('are non-empty, within the size limit and follow the Chunk contract', () => {
    for (const chunk of chunks) {
      expect(chunk.text.trim().length, chunk.id).toBeGreaterThan(20);
      expect(chunk.text.length, chunk.id).toBeLessThanOrEqual(maxChars);
      expect(chunk.id).toBe(`${chunk.docId}#${chunk.id.split('#')[1]}`);
      expect(chunk.lang).toBe('zh');
      expect(chunk.end - chunk.start).toBe(chunk.text.length);
    }
  });

  it('never cut a sentence in the articles', () => {
    for (const chunk of chunks.filter((item) => item.kind === 'paragraph')) expect(chunk.text, chunk.id).toMatch(/[。！？”]$/);
  });

  it('cover every document, with sub-headings in the articles', () => {
    const docs = new Set(chunks.map((chunk) => chunk.docId));
    expect(docs.size).toBe(5);
    expect(chunks.some((chunk) => chunk.section.includes('生物医药高质量发展主陣地'.replace('陣', '阵')))).toBe(true);
    expect(chunks.some((chunk) => chunk.section.join(' ').includes('高能级创新平台支撑'))).toBe(true);
  });

  it('have ids that are stable across runs', () => {
    const again = buildChunks(corpusDir).chunks;
    expect(again.map((chunk) => [chunk.id, chunk.text])).toEqual(chunks.map((chunk) => [chunk.id, chunk.text]));
  });
});
