import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config.ts';
import { createIndexReloader, servedIndexVersion } from '../../src/engine/index-reloader.ts';
import { createSwappableEngine } from '../../src/engine/swappable-engine.ts';
import type { AnswerResponse } from '../../src/question/answer-parts.ts';
import { loadAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import { buildIndex } from '../../src/ingest/build-index.ts';
import { buildApp } from '../../src/server/app.ts';
import { makeDocx } from '../fixtures/make-docx-fixture.ts';
import { encryptedPdf, renderPdf, scannedPdf } from '../fixtures/make-pdf-fixtures.ts';
import { corpusDir as realCorpus } from './real-engine.ts';

const adminKey = 'admin-key-0123456789abcdef';
const auth = { authorization: `Bearer ${adminKey}` };
let dir: string;
let config: Config;
let app: FastifyInstance;

/** A one-page notice with a running header, a folio and facts no seed document has. */
const robotPdf = () =>
  renderPdf({}, (doc) => {
    doc.font('WenQuanYiMicroHei').fontSize(9).text('苏州工业园区公告', 60, 36, { lineBreak: false }).text('· 1 ·', 285, 806, { lineBreak: false });
    doc.fontSize(20).text('园区机器人产业扶持办法', 60, 80, { lineBreak: false });
    doc
      .fontSize(11)
      .text(
        '园区对新购置工业机器人的制造企业，按设备投资额的百分之十五给予补贴，单个企业每年最高补贴八百万元。申请材料每年九月底前提交至园区科技创新委员会。',
        60,
        120,
        { width: 475 },
      );
  });
let quantumBytes: Promise<Buffer> | undefined;
/** Generated once: Word files carry their creation time, and a duplicate is the same bytes. */
const quantumDocx = () =>
  (quantumBytes ??= makeDocx({
    title: '园区量子计算实验室建设方案',
    sections: [{ heading: '建设目标', paragraphs: ['园区量子计算实验室计划于2026年建成，总投资十二亿元，将建设一台一百量子比特的超导量子计算原型机。'] }],
  }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sip-admin-docs-'));
  const corpusDir = join(dir, 'corpus');
  cpSync(realCorpus, corpusDir, { recursive: true });
  config = loadConfig({
    CORPUS_DIR: corpusDir,
    INDEX_DIR: join(dir, 'index'),
    EMBEDDING_MODEL: 'none',
    FEEDBACK_FILE: join(dir, 'f.jsonl'),
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'silent',
    ADMIN_API_KEY: adminKey,
    MAX_DOCUMENT_MB: '1',
  });
  await buildIndex({ corpusDir, indexDir: config.indexDir, embedding: { enabled: false, model: 'none', cacheDir: '/tmp', allowRemote: false } });
  const swappable = createSwappableEngine(await loadAnswerEngine({ config }), servedIndexVersion(config.indexDir));
  const reloader = createIndexReloader({ config, swappable, loadEngine: () => loadAnswerEngine({ config }) });
  app = await buildApp({ engine: swappable.engine, config, reloader });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = async (question: string) => (await app.inject({ method: 'POST', url: '/api/answer', payload: { question } })).json<AnswerResponse>();
const upload = (bytes: Buffer, name: string, type: string, query = '') =>
  app.inject({
    method: 'POST',
    url: `/api/admin/documents?name=${encodeURIComponent(name)}${query}`,
    headers: { ...auth, 'content-type': type },
    payload: bytes,
  });

describe('documents through the admin API, served without a restart', () => {
  it('a generated PDF and .docx are added; Chinese and English questions about them get cited answers; one is removed and its passages are gone', async () => {
    const before = (await app.inject({ method: 'GET', url: '/api/health' })).json<{ indexVersion: string; indexBuiltAt: string; documents: number }>();
    expect(before.indexVersion).toMatch(/^[0-9a-f]{12}$/);

    const pdf = await upload(await robotPdf(), 'robot-subsidy.pdf', 'application/pdf', '&titleEn=SIP%20Industrial%20Robot%20Subsidy');
    expect(pdf.statusCode).toBe(201);
    expect(pdf.json()).toMatchObject({ document: { slug: 'sip-industrial-robot-subsidy', title: { zh: '园区机器人产业扶持办法' } }, chunks: 1, warnings: [] });
    const docx = await upload(
      await quantumDocx(),
      'quantum-lab.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      '&titleEn=SIP%20Quantum%20Computing%20Lab',
    );
    expect(docx.statusCode).toBe(201);

    const after = (await app.inject({ method: 'GET', url: '/api/health' })).json<{ indexVersion: string; indexBuiltAt: string; documents: number }>();
    expect(after.documents).toBe(before.documents + 2);
    expect(after.indexVersion).not.toBe(before.indexVersion);
    expect(Date.parse(after.indexBuiltAt)).toBeGreaterThanOrEqual(Date.parse(before.indexBuiltAt));

    const zh = await ask('园区对购置工业机器人的企业每年最高补贴多少？');
    expect(zh.answered).toBe(true);
    expect(zh.citations[0]?.docId).toBe('sip-industrial-robot-subsidy');
    expect(zh.answer).toContain('八百万元');
    // The running header and folio are not part of the passage.
    expect(zh.citations[0]?.text).not.toContain('苏州工业园区公告');

    const en = await ask('How much will the SIP quantum computing laboratory invest in total?');
    expect(en.answered).toBe(true);
    expect(en.citations.map((citation) => citation.docId)).toContain('sip-quantum-computing-lab');

    const listed = (await app.inject({ method: 'GET', url: '/api/admin/documents', headers: auth })).json<{
      documents: Array<{ slug: string; chunks: number }>;
    }>();
    expect(listed.documents.find((document) => document.slug === 'sip-quantum-computing-lab')?.chunks).toBe(1);
    const chunks = (await app.inject({ method: 'GET', url: '/api/admin/documents/sip-quantum-computing-lab', headers: auth })).json<{
      chunks: Array<{ section: string[]; text: string }>;
    }>();
    expect(chunks.chunks).toEqual([
      { id: 'sip-quantum-computing-lab#1', section: ['园区量子计算实验室建设方案', '建设目标'], text: expect.stringContaining('十二亿元') },
    ]);

    const removed = await app.inject({ method: 'DELETE', url: '/api/admin/documents/sip-industrial-robot-subsidy', headers: auth });
    expect(removed.statusCode).toBe(200);
    const gone = await ask('园区对购置工业机器人的企业每年最高补贴多少？');
    expect(gone.citations.map((citation) => citation.docId)).not.toContain('sip-industrial-robot-subsidy');
    expect(gone.answer).not.toContain('八百万元');
    expect((await app.inject({ method: 'GET', url: '/api/passages/sip-industrial-robot-subsidy%231' })).statusCode).toBe(404);
  }, 120_000);

  it('refuses bad uploads with a 4xx naming the file, and the previous index is still served', async () => {
    const version = (await app.inject({ method: 'GET', url: '/api/health' })).json<{ indexVersion: string }>().indexVersion;
    const cases: Array<[Promise<{ statusCode: number; json: () => { code: string; message: string } }>, number, string, RegExp]> = [
      [upload(Buffer.from('%PDF-1.7\n1 0 obj\n'), 'broken.pdf', 'application/pdf'), 422, 'DOC_CORRUPT', /^broken\.pdf: /],
      [upload(await encryptedPdf(), 'secret.pdf', 'application/pdf'), 422, 'DOC_ENCRYPTED', /^secret\.pdf: .*password/],
      [upload(await scannedPdf(), 'scan.pdf', 'application/pdf'), 422, 'DOC_NO_TEXT_LAYER', /^scan\.pdf: has no text layer .*OCR is not supported/],
      [upload(Buffer.alloc(1024 * 1024 + 10, 0x41), 'huge.txt', 'text/plain'), 413, 'DOC_TOO_LARGE', /^huge\.txt: is over the 1 MB limit/],
      [upload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), 'photo.pdf', 'image/png'), 415, 'DOC_UNKNOWN_TYPE', /^photo\.pdf: was sent as image\/png/],
      [upload(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), 'photo.png', 'application/octet-stream'), 415, 'DOC_UNKNOWN_TYPE', /^photo\.png: is a PNG image/],
      [
        upload(await quantumDocx(), 'again.docx', 'application/octet-stream'),
        409,
        'DOC_DUPLICATE',
        /^again\.docx: is already in the corpus as "sip-quantum-computing-lab"/,
      ],
    ];
    for (const [pending, status, code, message] of cases) {
      const response = await pending;
      expect(response.statusCode, code).toBe(status);
      expect(response.json().code).toBe(code);
      expect(response.json().message).toMatch(message);
    }
    expect((await app.inject({ method: 'DELETE', url: '/api/admin/documents/no-such-doc', headers: auth })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/health' })).json<{ indexVersion: string }>().indexVersion).toBe(version);
    expect(existsSync(join(config.corpusDir, 'broken.pdf'))).toBe(false);
  }, 60_000);

  it('is behind the admin key: no key, a public key or an allowed origin cannot list, add or remove', async () => {
    for (const [method, url] of [
      ['GET', '/api/admin/documents'],
      ['POST', '/api/admin/documents?name=a.txt'],
      ['DELETE', '/api/admin/documents/sip-quantum-computing-lab'],
      ['POST', '/api/admin/reload'],
    ] as const) {
      const response = await app.inject({ method, url, headers: { 'content-type': 'text/plain' }, ...(method === 'POST' ? { payload: 'x' } : {}) });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
    expect((await app.inject({ method: 'GET', url: '/api/admin', headers: auth })).json()).toEqual({ sections: ['documents', 'questions', 'insights'] });
  });

  it('the admin page is served with the same security headers as the chat page', async () => {
    const page = await app.inject({ method: 'GET', url: '/admin' });
    const chat = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    for (const header of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy'])
      expect(page.headers[header], header).toBe(chat.headers[header]);
    expect((await app.inject({ method: 'GET', url: '/assets/admin-page.js' })).statusCode).toBe(200);
  });
});
