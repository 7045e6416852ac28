import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DocumentError, extractDocument } from '../../../src/ingest/extract/extract-document.ts';
import { makeDocx } from '../../fixtures/make-docx-fixture.ts';
import { encryptedPdf, renderPdf, scannedPdf, yearbookPdf } from '../../fixtures/make-pdf-fixtures.ts';
import { webArticle, webPageHtml } from '../../fixtures/web-page-fixture.ts';
import { yearbookChapter } from '../../fixtures/yearbook-excerpts.ts';

const maxBytes = 10 * 1024 * 1024;
const extract = (bytes: Uint8Array, fileName: string, mediaType?: string) =>
  extractDocument({ bytes, fileName, maxBytes, ...(mediaType !== undefined ? { mediaType } : {}) });

/** The error a call rejects with, checked to be a DocumentError. */
async function failure(promise: Promise<unknown>): Promise<DocumentError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(DocumentError.isInstance(error)).toBe(true);
  return error as DocumentError;
}

describe('extractDocument: formats', () => {
  it('a Word .docx: title and headings as headings, page header, footer and caption left out', async () => {
    const bytes = await makeDocx({
      title: '园区人才政策汇编',
      sections: [
        { heading: '一、人才安居', paragraphs: ['园区对新引进的高层次人才提供安家补贴。', 'Eligible talents receive a housing subsidy.'] },
        { heading: '二、子女教育', paragraphs: ['人才子女可按规定享受入学保障。'] },
      ],
      caption: '图1 人才公寓外景',
    });
    const result = await extract(bytes, '人才政策.docx');
    expect(result.format).toBe('docx');
    expect(result.title).toBe('园区人才政策汇编');
    expect(result.text).toBe(
      [
        '# 园区人才政策汇编',
        '## 一、人才安居',
        '园区对新引进的高层次人才提供安家补贴。',
        'Eligible talents receive a housing subsidy.',
        '## 二、子女教育',
        '人才子女可按规定享受入学保障。',
      ].join('\n\n'),
    );
  });

  it('a web page: the article through Readability, navigation, byline, caption, related news and footer dropped', async () => {
    const result = await extract(Buffer.from(webPageHtml()), 'news.html', 'text/html; charset=utf-8');
    expect(result.format).toBe('html');
    expect(result.title).toBe(webArticle.title);
    expect(result.text).toBe([`# ${webArticle.title}`, ...webArticle.paragraphs].join('\n\n'));
  });

  it('a GBK web page declared in its <meta> is decoded as such', async () => {
    const result = await extract(iconv.encode(webPageHtml('gbk'), 'gbk'), 'news.htm');
    expect(result.detectedEncoding).toBe('gb18030');
    expect(result.text).toContain(webArticle.paragraphs[1]);
  });

  it('Markdown: front-matter title, headings, links as their text, images dropped', async () => {
    const source =
      '---\ntitle: 园区办事指南\n---\n# 企业开办\n\n办理营业执照请登录[政务服务网](https://example.org)。\n\n![大厅](hall.jpg)\n\n## 所需材料\n\n- 身份证明\n- 住所证明\n';
    const result = await extract(Buffer.from(source), 'guide.md');
    expect(result.format).toBe('markdown');
    expect(result.title).toBe('园区办事指南');
    expect(result.text).toBe(['# 企业开办', '办理营业执照请登录政务服务网。', '## 所需材料', '身份证明', '住所证明'].join('\n\n'));
  });

  const chinese = '苏州工业园区成立于1994年，是中国和新加坡两国政府间的重要合作项目。';
  it.each([
    ['UTF-8', Buffer.from(chinese), 'utf-8'],
    ['GBK', iconv.encode(chinese, 'gbk'), 'gb18030'],
    ['Big5', iconv.encode('蘇州工業園區成立於1994年，是中國和新加坡兩國政府間的重要合作項目。', 'big5'), 'big5'],
  ])('plain text in %s is detected and decoded', async (_name, bytes, encoding) => {
    const result = await extract(bytes, 'notes.txt');
    expect(result.detectedEncoding).toBe(encoding);
    expect(result.text).toMatch(/1994年，是中.和新加坡/);
  });

  it("plain text keeps its lines as they are (the cleaners read the seeds' quirks), CRLF normalised", async () => {
    const result = await extract(Buffer.from('第一行\r\n第二行\r\n'), 'a.txt');
    expect(result.text).toBe('第一行\n第二行\n');
  });

  it('a PDF: running headers, folios and the caption dropped, the lines of each paragraph joined', async () => {
    const result = await extract(await yearbookPdf(), '新兴产业.pdf');
    expect(result.format).toBe('pdf');
    expect(result.pages).toBe(3);
    expect(result.title).toBe(yearbookChapter.title);
    expect(result.warnings).toEqual([]);
    const blocks = result.text.split('\n\n');
    expect(blocks).toEqual([
      `# ${yearbookChapter.title}`,
      `## ${yearbookChapter.overviewSection}`,
      yearbookChapter.overview,
      yearbookChapter.expo,
      `## ${yearbookChapter.bioSection}`,
      yearbookChapter.bioOverview,
      `### ${yearbookChapter.boruiTitle}`,
      yearbookChapter.borui,
      `## ${yearbookChapter.nanoSection}`,
      yearbookChapter.nanoOverview,
    ]);
  });
});

describe('extractDocument: bad input is refused with the file named, nothing returned', () => {
  it('a corrupt (truncated) PDF', async () => {
    const bytes = await yearbookPdf();
    const error = await failure(extract(bytes.subarray(0, Math.floor(bytes.length * 0.6)), 'broken.pdf'));
    expect(error.code).toBe('DOC_CORRUPT');
    expect(error.statusCode).toBe(422);
    expect(error.message).toMatch(/^broken\.pdf: .*damaged/);
  });

  it('a password-protected PDF', async () => {
    const error = await failure(extract(await encryptedPdf(), 'secret.pdf'));
    expect(error.code).toBe('DOC_ENCRYPTED');
    expect(error.message).toMatch(/^secret\.pdf: .*password/);
  });

  it('a scanned PDF without a text layer', async () => {
    const error = await failure(extract(await scannedPdf(), 'scan.pdf'));
    expect(error.code).toBe('DOC_NO_TEXT_LAYER');
    expect(error.message).toBe('scan.pdf: has no text layer (a scanned document?); OCR is not supported');
  });

  it('a file over the size limit, before anything is parsed', async () => {
    const error = await failure(extractDocument({ bytes: Buffer.alloc(2048, 0x41), fileName: 'big.txt', maxBytes: 1024 }));
    expect(error.code).toBe('DOC_TOO_LARGE');
    expect(error.statusCode).toBe(413);
    expect(error.message).toMatch(/^big\.txt: /);
  });

  it.each([
    ['photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]), /PNG image/],
    ['report.doc', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(64)]), /legacy Office/],
    ['sheet.xlsx', Buffer.from('PK\u0003\u0004xl/workbook.xml', 'latin1'), /ZIP archive that is not a Word/],
    ['data.bin', Buffer.from([1, 2, 0, 0, 5]), /binary file/],
  ])('an unknown type: %s', async (name, bytes, reason) => {
    const error = await failure(extract(bytes, name));
    expect(error.code).toBe('DOC_UNKNOWN_TYPE');
    expect(error.statusCode).toBe(415);
    expect(error.message).toMatch(reason);
  });

  it('a .pdf that is not one, and an empty file', async () => {
    expect((await failure(extract(Buffer.from('hello'), 'fake.pdf'))).code).toBe('DOC_CORRUPT');
    expect((await failure(extract(Buffer.alloc(0), 'empty.txt'))).code).toBe('DOC_EMPTY');
  });

  it('a PDF with text only in a picture on one page and text on another: a warning, not an error', async () => {
    const scan = await scannedPdf();
    expect(scan.length).toBeGreaterThan(0);
    const bytes = await renderPdf({}, (doc) => {
      doc.font('WenQuanYiMicroHei').fontSize(11).text(yearbookChapter.borui, 60, 80, { width: 475 });
      doc.addPage();
    });
    const result = await extract(bytes, 'mixed.pdf');
    expect(result.warnings).toEqual(['page 2 has no text layer (scanned or blank); OCR is not supported, so their content is missing']);
  });
});
