import { describe, expect, it } from 'vitest';
import { extractPdf, undoLetterSpacing } from '../../../src/ingest/extract/extract-pdf.ts';
import { renderPdf } from '../../fixtures/make-pdf-fixtures.ts';

describe('extractPdf', () => {
  it('a justified Chinese line set with wide character spacing reads without the spaces pdf.js puts between glyphs', async () => {
    const bytes = await renderPdf({}, (doc) => {
      doc.font('WenQuanYiMicroHei').fontSize(10.5);
      doc.text('资企业200余家。全年实现生物医药总产值1000亿余元，保持20%以上增幅。', 60, 80, { lineBreak: false, characterSpacing: 4 });
      doc.text('Letter spacing in English stays: the MEMS sensors.', 60, 100, { lineBreak: false });
    });
    const result = await extractPdf(bytes, 'spaced.pdf');
    const text = result.blocks.map((block) => block.text).join('\n');
    expect(text).toContain('资企业200余家。全年实现生物医药总产值1000亿余元，保持20%以上增幅。');
    expect(text).toContain('Letter spacing in English stays: the MEMS sensors.');
  });
});

describe('undoLetterSpacing', () => {
  it('removes single spaces between letter-spaced Chinese characters and digits, and only in letter-spaced runs', () => {
    expect(undoLetterSpacing('资 企 业 2 0 0 余 家 。')).toBe('资企业200余家。');
    expect(undoLetterSpacing('园区 2020 年 GDP')).toBe('园区 2020 年 GDP');
    expect(undoLetterSpacing('the MEMS sensors')).toBe('the MEMS sensors');
  });
});
