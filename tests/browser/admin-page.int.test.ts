import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createIndexReloader, servedIndexVersion } from '../../src/engine/index-reloader.ts';
import { createSwappableEngine } from '../../src/engine/swappable-engine.ts';
import { loadAnswerEngine } from '../../src/engine/load-answer-engine.ts';
import { buildIndex } from '../../src/ingest/build-index.ts';
import { buildApp } from '../../src/server/app.ts';
import { makeDocx } from '../fixtures/make-docx-fixture.ts';
import { corpusDir as realCorpus } from '../server/real-engine.ts';
import { chromiumMissing, launchChromium, screenshot, skipNote, watchPageErrors } from './launch-chromium.ts';
import { listenOnLoopback } from './listen-on-loopback.ts';

const adminKey = 'admin-key-0123456789abcdef';
let dir: string;
let app: FastifyInstance;
let browser: Browser;
let origin: string;

beforeAll(async () => {
  if (chromiumMissing) return;
  dir = mkdtempSync(join(tmpdir(), 'sip-admin-page-'));
  cpSync(realCorpus, join(dir, 'corpus'), { recursive: true });
  const config = loadConfig({
    CORPUS_DIR: join(dir, 'corpus'),
    INDEX_DIR: join(dir, 'index'),
    EMBEDDING_MODEL: 'none',
    FEEDBACK_FILE: join(dir, 'f.jsonl'),
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'silent',
    ADMIN_API_KEY: adminKey,
  });
  await buildIndex({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    embedding: { enabled: false, model: 'none', cacheDir: '/tmp', allowRemote: false },
  });
  const swappable = createSwappableEngine(await loadAnswerEngine({ config }), servedIndexVersion(config.indexDir));
  app = await buildApp({
    engine: swappable.engine,
    config,
    reloader: createIndexReloader({ config, swappable, loadEngine: () => loadAnswerEngine({ config }) }),
  });
  origin = await listenOnLoopback(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(chromiumMissing)(chromiumMissing ? skipNote : 'admin page /admin (real Chromium)', () => {
  it('with the admin key: uploads a .docx, lists it with its chunks, removes it', { timeout: 90_000 }, async () => {
    const file = join(dir, 'policy.docx');
    writeFileSync(
      file,
      await makeDocx({
        title: '园区数据中心节能办法',
        sections: [{ heading: '补贴标准', paragraphs: ['对能效达到一级的数据中心，园区按年度用电量给予每千瓦时五分钱的奖励。'] }],
      }),
    );
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const errors = watchPageErrors(page);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${origin}/admin`);
    await page.locator('#admin-key').fill(adminKey);
    await page.locator('#key-form button').click();
    await page.locator('#documents tbody tr').nth(4).waitFor();
    expect(await page.locator('#documents tbody tr').count()).toBe(5);
    await expect(page.locator('#index-status').textContent()).resolves.toMatch(/^Index [0-9a-f]{12}, built /);

    await page.locator('#file').setInputFiles(file);
    await page.locator('#title-en').fill('SIP Data Centre Energy Rules');
    await page.locator('#upload-form button').click();
    await page.locator('#message.ok', { hasText: 'Added sip-data-centre-energy-rules' }).waitFor();
    await page.locator('#documents tbody tr', { hasText: 'sip-data-centre-energy-rules' }).waitFor();
    await page.locator('#documents tbody tr', { hasText: 'sip-data-centre-energy-rules' }).getByRole('button', { name: 'Chunks' }).click();
    await page.locator('#chunk-list li').first().waitFor();
    await expect(page.locator('#chunk-list li').first().textContent()).resolves.toContain('园区数据中心节能办法 › 补贴标准');
    await screenshot(page, 'admin-page');

    await page.locator('#documents tbody tr', { hasText: 'sip-data-centre-energy-rules' }).getByRole('button', { name: 'Remove' }).click();
    await page.locator('#message.ok', { hasText: 'Removed sip-data-centre-energy-rules' }).waitFor();
    expect(await page.locator('#documents tbody tr', { hasText: 'sip-data-centre-energy-rules' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('a wrong key shows the refusal and lists nothing', { timeout: 30_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/admin`);
    await page.locator('#admin-key').fill('wrong-key-0123456789');
    await page.locator('#key-form button').click();
    await page.locator('#message', { hasText: 'the admin key is not valid' }).waitFor();
    expect(await page.locator('#documents tbody tr').count()).toBe(0);
  });
});
