import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChunks } from '../../src/ingest/build-index.ts';
import { isTraditional } from '../../src/text/to-simplified.ts';

const corpusDir = join(import.meta.dirname, '../../corpus');
const { chunks } = buildChunks(corpusDir);
const allText = chunks.map((chunk) => `${chunk.title}\n${chunk.section.join(' ')}\n${chunk.text}`).join('\n');

describe('the cleaned, chunked corpus', () => {
  it('has re-joined the words captions had split', () => {
    expect(allText).toContain('苏州市2家入选企业技术中心');
    expect(allText).toContain('33万平方米，10年内');
    expect(allText).toContain('在新药研发领域，园区上市新药6个');
  });

  it('has no caption, credit, attribution, markup or OCR debris left', () => {
    for (const debris of ['供稿', '**', '####', '$\\alpha', '\uFFFD', '内芯_', '\t', '林岚开', '叶    滢', '編輯', '审核:']) {
      expect(allText, debris).not.toContain(debris);
    }
    expect(allText).not.toMatch(/^\s*科学技术\s*$/m);
    expect(allText).toContain('α');
  });

  it('has no pinyin readings and no traditional characters in indexed text', () => {
    expect(allText).not.toMatch(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/);
    for (const chunk of chunks) expect(isTraditional(chunk.text), chunk.id).toBe(false);
    const feature = chunks.filter((chunk) => chunk.docId === 'news-2024-future-industries');
    expect(feature.length).toBeGreaterThan(0);
    expect(feature.every((chunk) => typeof chunk.textOriginal === 'string' && chunk.textOriginal.includes('蘇州'))).toBe(true);
  });

  it('repairs the doubled title of 002', () => {
    expect(allText).toContain('苏州工业园区：创新之城向“新”蝶变升级');
    expect(allText).not.toContain('苏州工业园区苏州工业园区');
  });

  it('contains nothing of the web page junk: no 马鞍山, no phone numbers, no WeChat id', () => {
    for (const junk of ['马鞍山', '葛毅明', '微信', '上海临港', '九洲', '当前位置', '版权声明', '房天下']) expect(allText, junk).not.toContain(junk);
    expect(allText).not.toMatch(/1[3-9]\d{9}/);
    expect(allText).not.toMatch(/400[\s-]?0123/);
  });

  it('drops the seven picture captions at the end of 002', () => {
    const last = chunks.filter((chunk) => chunk.docId === 'news-2024-innovation-city').at(-1);
    expect(last?.text).toMatch(/全面发力。$/);
    expect(allText).not.toContain('思必驰语言计算创新联合体生态空间');
  });

  it('keeps both contradictory figures of 000', () => {
    expect(allText).toContain('全年实现产值462亿元');
    expect(allText).toContain('650亿余元');
    expect(allText).toContain('全年实现产值1022亿元');
    expect(allText).toContain('1000亿余元');
  });
});
