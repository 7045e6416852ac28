import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractWebArticle } from '../../src/ingest/clean/extract-web-article.ts';
import { joinBrokenLines } from '../../src/ingest/clean/join-broken-lines.ts';
import { normalizeSpacing } from '../../src/ingest/clean/normalize-spacing.ts';
import { removeCaptions, splitCaptions } from '../../src/ingest/clean/remove-captions.ts';
import { countPinyin, removePinyin } from '../../src/ingest/clean/remove-pinyin.ts';
import { removeRunningHeaders } from '../../src/ingest/clean/remove-running-headers.ts';
import { repairDoubledTitle } from '../../src/ingest/clean/repair-doubled-title.ts';
import { stripAttribution } from '../../src/ingest/clean/strip-attributions.ts';
import { stripCredits } from '../../src/ingest/clean/strip-credits.ts';
import { stripMarkup } from '../../src/ingest/clean/strip-markup.ts';

const corpus = join(import.meta.dirname, '../../corpus');
const raw = (file: string) => readFileSync(join(corpus, file), 'utf8');
const yearbook2 = raw('001_0c50825f1ffc88e5.txt');
const webPage = raw('004_3ee6574244425908.txt');

describe('joinBrokenLines', () => {
  it('joins 001 lines broken every ~15 characters with blank lines between', () => {
    const excerpt = '【概况】  2020年，园区在全球范围配\n\n置创新资源，在开放环境下推进自主\n\n创新，加快转换发展动能。科学研究';
    expect(joinBrokenLines(excerpt.split('\n'))).toEqual([
      '【概况】  2020年，园区在全球范围配置创新资源，在开放环境下推进自主创新，加快转换发展动能。科学研究',
    ]);
  });

  it('joins 000 words split across a page break (新药研发领 / blank lines / 域)', () => {
    const excerpt = '产业创新成果突出, 在新药研发领\n\n域, 园区上市新药6个。';
    expect(joinBrokenLines(excerpt.split('\n')).join('')).toBe('产业创新成果突出, 在新药研发领域, 园区上市新药6个。');
  });

  it('keeps headings and entry starts on their own', () => {
    const lines = ['科技政策', '', '【概况】  2020年，园区出台', '', '政策。'];
    expect(joinBrokenLines(lines, { isHeading: (line) => line === '科技政策', startsParagraph: (line) => line.startsWith('【') })).toEqual([
      '科技政策',
      '【概况】  2020年，园区出台政策。',
    ]);
  });

  it('keeps a space between Latin words split across lines', () => {
    expect(joinBrokenLines(['Dialogue', 'Foundation Model。'])).toEqual(['Dialogue Foundation Model。']);
  });

  it('writes a character repeated across a page break once, when the document spells the words elsewhere (000)', () => {
    const documentText = '【江苏第三代半导体研究院发展战略研讨会召开】\n暨江苏第三代半导体研\n\n研究院发展战略研讨会召开。';
    const lines = ['暨江苏第三代半导体研', '研究院发展战略研讨会召开。'];
    expect(joinBrokenLines(lines, { documentText })).toEqual(['暨江苏第三代半导体研究院发展战略研讨会召开。']);
    // Without evidence in the document a doubled character stays: 天天 and 常常 are words.
    expect(joinBrokenLines(['园区企业天', '天都在创新。'], { documentText: '园区企业天\n天都在创新。' })).toEqual(['园区企业天天都在创新。']);
  });
});

describe('removeCaptions', () => {
  it('removes a caption that splits 苏|州市 in 001 so the word re-joins', () => {
    const start = yearbook2.indexOf('技术中心、2家分中心入选。其中，苏');
    const excerpt = yearbook2.slice(start, yearbook2.indexOf('区，分别是信达生物', start));
    const joined = joinBrokenLines(removeCaptions(excerpt.split('\n')).map(stripMarkup)).join('');
    expect(joined).toContain('其中，苏州市2家入选企业技术中心均位于园');
    expect(joined).not.toContain('港交所挂牌上市');
    expect(joined).not.toContain('供稿');
  });

  it('removes a caption inside 33万平方|米 in 001', () => {
    const start = yearbook2.indexOf('立。实验室总部规划用地33万平方');
    const excerpt = yearbook2.slice(start, yearbook2.indexOf('际一流水平', start));
    const joined = joinBrokenLines(removeCaptions(excerpt.split('\n')).map(stripMarkup)).join('');
    expect(joined).toContain('规划用地33万平方米，10年内建设资金总额200亿元');
    expect(joined).not.toContain('七期人工智能产业园');
  });

  it('removes a caption split over two lines with replacement characters before the credit', () => {
    const lines = [
      '推介',
      '',
      '2020年11月24日，2020企业赋能创新发展峰会暨第五届苏南股权路演中',
      '心聚合大会举行\uFFFD （园区企业服务中心  供稿）',
      ' 园区创新创业环境。',
    ];
    expect(removeCaptions(lines)).toEqual(['推介', '', ' 园区创新创业环境。']);
  });

  it('keeps what a dated caption states, joined into one line without its credit; a bare label is not kept', () => {
    const lines = [
      '推介',
      '2020年11月24日，2020企业赋能创新发展峰会暨第五届苏南股权路演中',
      '心聚合大会举行\uFFFD （园区企业服务中心  供稿）',
      '苏州国际科技园七期人工智能产业园\uFFFD （科技发展公司  供稿）',
      '2020年9月28日，再鼎医药（苏州）有限公司在港交所挂牌上市\uFFFD',
      '\uFFFD （科教创新区  供稿）',
      ' 园区创新创业环境。',
    ];
    expect(splitCaptions(lines)).toEqual({
      lines: ['推介', ' 园区创新创业环境。'],
      captions: ['2020年11月24日，2020企业赋能创新发展峰会暨第五届苏南股权路演中心聚合大会举行', '2020年9月28日，再鼎医药（苏州）有限公司在港交所挂牌上市'],
    });
  });

  it('removes a caption whose credit stands on its own line (000)', () => {
    const lines = [
      '2020年6月19日,“云聚姑苏 智享未来”华为(苏州)人工智能创新中心揭幕暨“华为云杯”2020人工智能应用创新大赛启动仪式举行',
      '',
      '(科教创新区 供稿)',
      '',
    ];
    expect(removeCaptions(lines).join('').trim()).toBe('');
  });

  it('leaves body lines that merely start with a date', () => {
    const lines = ['2020年6月19日,华为(苏州)人工智能创新中心在苏州人工智能产业园揭牌,围绕'];
    expect(removeCaptions(lines)).toEqual(lines);
  });
});

describe('removeRunningHeaders', () => {
  it('drops the stray ` 科学技术` page header of 001', () => {
    const lines = ['射京津冀地区的科技创新资源，推介', '', ' 科学技术', '', '园区创新创业环境。'];
    expect(joinBrokenLines(removeRunningHeaders(lines, ['科学技术']))).toEqual(['射京津冀地区的科技创新资源，推介园区创新创业环境。']);
  });
});

describe('stripAttribution', () => {
  it.each([
    ['而爱普盾是15年来中国境内首个获批用于胶质母细胞瘤的疗法。(林岚开)', '而爱普盾是15年来中国境内首个获批用于胶质母细胞瘤的疗法。'],
    ['获产品注册证105张、产品生产许可证27张。 （林岚开  牟文华）', '获产品注册证105张、产品生产许可证27张。'],
    ['科创板第一例通过审核的并购重组项目。 （叶    滢）', '科创板第一例通过审核的并购重组项目。'],
    ['(张 艺)', ''],
  ])('removes the author from %s', (input, expected) => {
    expect(stripAttribution(input)).toBe(expected);
  });

  it('keeps real parentheses inside a sentence', () => {
    expect(stripAttribution('再鼎医药（苏州）')).toBe('再鼎医药（苏州）');
    expect(stripAttribution('华为(苏州)人工智能创新中心揭牌。')).toBe('华为(苏州)人工智能创新中心揭牌。');
  });
});

describe('stripMarkup', () => {
  it('removes bold and heading marks, restores $\\alpha$, drops U+FFFD, tabs and page markers', () => {
    expect(stripMarkup('#### **【华为(苏州)人工智能创新中心揭牌】**')).toBe('【华为(苏州)人工智能创新中心揭牌】');
    expect(stripMarkup('肿瘤坏死因子-$\\alpha$单抗')).toBe('肿瘤坏死因子-α单抗');
    expect(stripMarkup('术企业1840家。\uFFFD （林岚开）')).toBe('术企业1840家。 （林岚开）');
    expect(stripMarkup('\t内芯_部分5_部分2').trim()).toBe('');
  });
});

describe('repairDoubledTitle', () => {
  it('repairs the doubled newspaper title of 002', () => {
    expect(repairDoubledTitle('苏州工业园区苏州工业园区：：创新之城向创新之城向““新新””蝶变升级蝶变升级')).toBe('苏州工业园区：创新之城向“新”蝶变升级');
  });

  it('leaves ordinary lines alone, even with a repeated word', () => {
    expect(repairDoubledTitle('高能级创新平台支撑')).toBe('高能级创新平台支撑');
    expect(repairDoubledTitle('人人有责')).toBe('人人有责');
  });
});

describe('removePinyin', () => {
  const feature = raw('003_45ef39c325a615c0.txt');

  it('removes all 366 readings of 003', () => {
    expect(countPinyin(feature)).toBe(366);
    expect(countPinyin(removePinyin(feature))).toBe(0);
    expect(removePinyin('十四屆全國人大二次會(huì)議江蘇代表團(tuán)')).toBe('十四屆全國人大二次會議江蘇代表團');
  });

  it('keeps real parentheses', () => {
    const cleaned = removePinyin(feature);
    for (const kept of ['(NMPA)', '(caiMR)', '(2023-2025)', '(DFM)', '(信樂)']) expect(cleaned).toContain(kept);
  });
});

describe('stripCredits', () => {
  it('removes the editor credits and the lone | of 003', () => {
    const text = '賦能本地企業加速推進人工智能創新應用落地。 (趙藝丹) 編輯:湯心慈 責編:胡蘇 肖玲 審核:袁享林 |\n|';
    expect(stripCredits(text)).toBe('賦能本地企業加速推進人工智能創新應用落地。');
  });
});

describe('normalizeSpacing', () => {
  it('removes PDF spaces around numbers and turns half-width commas between Chinese into full-width', () => {
    expect(normalizeSpacing('今年 8 月份，自主研发的 1 类创新药')).toBe('今年8月份，自主研发的1类创新药');
    expect(normalizeSpacing('2020年, 园区生物医药')).toBe('2020年，园区生物医药');
  });
});

describe('extractWebArticle', () => {
  const article = extractWebArticle(webPage.split('\n'));

  it('keeps the article title and body only', () => {
    expect(article.title).toBe('园区科创“五问”之五丨创新集群活力如何绽放?');
    expect(article.paragraphs[0]).toMatch(/^1月5日,苏州市数字经济时代产业创新集群发展大会召开/);
    expect(article.paragraphs.at(-1)).toMatch(/3600亿元。$/);
  });

  it('drops breadcrumb, byline, contact block, phone numbers, WeChat id and unrelated related articles', () => {
    const text = [article.title, ...article.paragraphs].join('\n');
    for (const junk of ['当前位置', 'admin', '马鞍山', '葛毅明', '13391219793', '400 0123 021', '微信', '版权声明', '相关文章', '上海临港', '九洲云栖湖']) {
      expect(text).not.toContain(junk);
    }
  });
});
