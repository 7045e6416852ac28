import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findContacts } from '../../src/text/find-contacts.ts';
import { organisationalContacts, redactContacts, redactForSource } from '../../src/generation/redact-contacts.ts';
import { buildChunks } from '../../src/ingest/build-index.ts';
import { corpusDir } from '../engine/engine-fixture.ts';

const found = (text: string) => findContacts(text).map((contact) => [text.slice(contact.start, contact.end), contact.kind, contact.key]);

describe('findContacts: contact data however it is written', () => {
  it.each([
    ['full-width digits', '张先生手机：１３３９１２１９７９３。', '１３３９１２１９７９３'],
    ['digits spaced apart', '或 1 3 3 9 1 2 1 9 7 9 3。', '1 3 3 9 1 2 1 9 7 9 3'],
    ['digits dotted apart', '手机1.3.3.9.1.2.1.9.7.9.3。', '1.3.3.9.1.2.1.9.7.9.3'],
    ['digits dashed in groups', '电话 133-9121-9793。', '133-9121-9793'],
    ['Chinese numeral digits', '手机一三三九一二一九七九三。', '一三三九一二一九七九三'],
    ['Chinese numerals in groups, with 幺', '幺三三 九一二一 九七九三。', '幺三三 九一二一 九七九三'],
    ['a country code', '+86 133 9121 9793。', '+86 133 9121 9793'],
  ])('a mobile number in %s is personal', (_name, text, contact) => {
    expect(found(text)).toEqual([[contact, 'personal', '13391219793']]);
  });

  it.each([
    ['vx', 'vx：starport_2024', 'starport_2024'],
    ['V信', 'V信：sp-zhang88', 'sp-zhang88'],
    ['微信号', '微信号：sip_office1', 'sip_office1'],
    ['薇信 without a colon', '薇信 sp_zhang88', 'sp_zhang88'],
    ['加V', '加V starport_2024', 'starport_2024'],
    ['wx', 'wx: zhang_sip', 'zhang_sip'],
    ['WeChat ID', 'WeChat ID: sip_official1', 'sip_official1'],
    ['full-width ＷｅＣｈａｔ', 'ＷｅＣｈａｔ：ｓｐ＿ｚｈａｎｇ８８', 'sp_zhang88'],
    ['QQ', 'QQ：12345678', '12345678'],
    ['企鹅号', '企鹅号 123456789', '123456789'],
    ['Telegram', 'Telegram: @sp_zhang', 'sp_zhang'],
    ['WhatsApp', 'WhatsApp：zhang_88', 'zhang_88'],
    ['a bare ＠handle', '＠starport_2024', 'starport_2024'],
  ])('a messaging id after %s is personal', (_name, text, key) => {
    expect(found(`联系方式：${text}。`)).toEqual([[text, 'personal', key]]);
  });

  it.each([
    ['a 400 hotline', '热线：400-0123-021。', '400-0123-021', '4000123021'],
    ['a landline with its area code', '电话（0512）6666 8888。', '（0512）6666 8888', '051266668888'],
    ['a landline with a country code', '+86 512 6666 8888。', '+86 512 6666 8888', '051266668888'],
    ['a local number after a phone label', 'Tel: 6666 8888.', '6666 8888', '66668888'],
    ['an e-mail address', '邮箱：invest-service@example.gov.cn。', 'invest-service@example.gov.cn', 'invest-service@example.gov.cn'],
    ['a full-width e-mail address', '邮箱：ｂｏｓｓ＠ｅｘａｍｐｌｅ．ｃｏｍ。', 'ｂｏｓｓ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'boss@example.com'],
  ])('%s is organisational', (_name, text, contact, key) => {
    expect(found(text)).toEqual([[contact, 'organisational', key]]);
  });

  it('cuts the contact out of the text as written when normalising changes the length of other characters', () => {
    const text = '厂房面积1.8万㎡（约①号楼），招商经理手机：１３３９１２１９７９３。';
    expect(found(text)).toEqual([['１３３９１２１９７９３', 'personal', '13391219793']]);
    expect(redactContacts(text)).toBe('厂房面积1.8万㎡（约①号楼），招商经理手机：[contact removed]。');
  });

  it('finds two numbers one space apart, and contacts written back to back', () => {
    expect(found('13800138000 13900139000').map(([contact]) => contact)).toEqual(['13800138000', '13900139000']);
    expect(found('0512-6688 8000boss@example.com13800138000').map(([contact]) => contact)).toEqual(['0512-6688 8000', 'boss@example.com', '13800138000']);
    expect(found('Telegram: @sp_zhangV信：sp-zhang88').map(([, , key]) => key)).toEqual(['sp_zhang', 'sp-zhang88']);
  });

  it('leaves the figures of the park’s documents alone', () => {
    const figures = [
      '2020年，园区三大新兴产业企业总计3150家，实现产值2494亿元，增长21.9%。',
      '全年实现产值1022亿元，新增一类新药临床批件100个。',
      '2020年7月3日，二〇二〇年七月三日，十四五，一企一策，第十一届，翻一番。',
      'PD-1抑制剂、DFM-2项目、G60科创走廊、5G、H1N1、CO2、1.8万平方米。',
      '2019、2020、2021年分别为1350 1420 1580家；序号 1 3 5 7 9 11 13。',
      'In 2020 the park had 3,150 companies with an output of 249.4 billion yuan, up 21.9%; WeChat mini-programs, WeChat 2023 report, 微信2023年用户。',
    ];
    for (const text of figures) expect(found(text), text).toEqual([]);
  });

  it('finds nothing in the indexed passages of the real corpus (ingest cut the web page’s contact block), and that block in the raw page', () => {
    const { chunks } = buildChunks(corpusDir);
    expect(chunks.length).toBeGreaterThan(50);
    for (const chunk of chunks) expect(found(`${chunk.title}\n${chunk.text}\n${chunk.textOriginal ?? ''}`), chunk.id).toEqual([]);
    const raw = readFileSync(join(corpusDir, '004_3ee6574244425908.txt'), 'utf8');
    expect(found(raw).map(([contact]) => contact)).toEqual(['400 0123 021', '13391219793', '400-0123-021', '13391219793']);
  });

  it('finds nothing in the evaluation questions', () => {
    for (const file of ['questions.jsonl', 'holdout-dev.jsonl', 'holdout-dev2.jsonl']) {
      expect(found(readFileSync(new URL(`../../eval/${file}`, import.meta.url), 'utf8')), file).toEqual([]);
    }
  });
});

describe('redactContacts and the source policies', () => {
  const text = '热线：0512-6688 8000，邮箱：invest@example.gov.cn，李女士手机：139 1234 5678，微信号：li_sip2024。';

  it('keeps organisational contacts only under the "organisational" policy, personal ones under none', () => {
    expect(redactForSource(text, 'organisational')).toBe(
      '热线：0512-6688 8000，邮箱：invest@example.gov.cn，李女士手机：[contact removed]，[contact removed]。',
    );
    expect(redactForSource(text, 'none')).toBe('热线：[contact removed]，邮箱：[contact removed]，李女士手机：[contact removed]，[contact removed]。');
    expect(organisationalContacts(text)).toEqual(['051266888000', 'invest@example.gov.cn']);
  });

  it('never keeps a personal contact, whatever it is asked to keep', () => {
    expect(redactContacts('手机：13912345678', { keep: () => true })).toBe('手机：[contact removed]');
  });

  it('is idempotent: the marker is no contact, and nothing it leaves is one', () => {
    const piece = fc.constantFrom(
      '13800138000',
      '１３３９１２１９７９３',
      '1 3 3 9 1 2 1 9 7 9 3',
      'vx：starport_2024',
      'V信：sp-zhang88',
      'boss@example.com',
      '400-0123-021',
      '＠sp_zhang',
      '园区',
      '2020年',
      '，',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 6 })), { maxLength: 10 }), (pieces) => {
        const once = redactContacts(pieces.join(''));
        expect(redactContacts(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});
