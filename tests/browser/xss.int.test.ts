import { createServer } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidgetAssets } from '../../src/widget/build.ts';
import { renderDemoPage } from '../../src/widget/demo-page.ts';
import { chromiumMissing, launchChromium, screenshot, skipNote, watchPageErrors } from './launch-chromium.ts';
import { listenServer } from './listen-on-loopback.ts';
import { startFakeAnswerServer, type FakeAnswerServer } from './start-fake-answer-server.ts';

/** Would set window.pwned if it ever became an element. */
const payload = '<img src=x onerror="window.pwned=1">';

const citation = {
  n: 1,
  id: 'evil#1',
  docId: 'evil',
  title: `【${payload}】`,
  section: ['新兴产业', payload],
  year: 2020,
  text: `前文。${payload}这是被引用的句子。后文。`,
  quote: `${payload}这是被引用的句子。`,
  score: 1,
  documentTitle: { zh: `文档${payload}`, en: `Document ${payload}` },
};

const finalAnswer = `最终回答：${payload} 见 [1]。`;

let fake: FakeAnswerServer;
let browser: Browser;
let pageOrigin: string;
let closePageServer: () => void;

beforeAll(async () => {
  if (chromiumMissing) return;
  fake = await startFakeAnswerServer({
    citations: [citation],
    // The streamed draft differs from `done` (as when an LLM fails midway): `done` must win.
    deltas: ['流式草稿：', payload, ' [1]'],
    done: {
      answer: finalAnswer,
      answered: true,
      language: 'zh',
      citations: [citation],
      mode: { retrieval: 'hybrid', generator: 'llm' },
      timingsMs: { retrieval: 1, generation: 1, total: 2 },
      notice: `notice ${payload}`,
    },
  });
  // The partner page, without any CSP of its own: if markup ever got through, it would run.
  const { widget } = await buildWidgetAssets();
  const server = createServer((request, response) => {
    if (request.url === '/widget.js') response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(widget.code);
    else if (request.url === '/demo')
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderDemoPage({ apiBase: fake.origin, apiOverridden: true }));
    else response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
  });
  pageOrigin = await listenServer(server);
  closePageServer = () => {
    server.closeAllConnections();
    server.close();
  };
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  closePageServer?.();
  await fake?.close();
});

describe.skipIf(chromiumMissing)(chromiumMissing ? skipNote : 'server text is shown as text, never run (real Chromium, fake API)', () => {
  it('renders markup in answers, notices, sources and passages as visible text', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto(`${pageOrigin}/demo`);
    await page.locator('sip-qa-widget .launcher').click();
    await page.locator('sip-qa-widget .sipqa-input').fill('测试问题');
    await page.locator('sip-qa-widget .sipqa-input').press('Enter');
    const turn = page.locator('sip-qa-widget .sipqa-turn').first();
    await turn.locator('.sipqa-actions').waitFor();

    // The final answer replaced the streamed draft, markup and all, as text.
    await expect(turn.locator('.sipqa-answer-text').textContent()).resolves.toBe(finalAnswer.replace(' [1]', ' 1'));
    await expect(turn.locator('.sipqa-answer-text').innerText()).resolves.toContain(payload);
    await expect(turn.locator('.sipqa-notice').textContent()).resolves.toBe(`notice ${payload}`);
    await expect(turn.locator('.sipqa-source-title').textContent()).resolves.toBe(`文档${payload}`);
    await expect(turn.locator('.sipqa-source-meta').textContent()).resolves.toBe(`【${payload}】 · 2020`);

    await turn.locator('.sipqa-answer-text button.sipqa-cite').click();
    const passage = page.locator('sip-qa-widget .sipqa-passage');
    await expect(passage.locator('.sipqa-passage-text').textContent()).resolves.toBe(citation.text);
    await expect(passage.locator('mark').textContent()).resolves.toBe(citation.quote);
    await expect(passage.locator('.sipqa-passage-meta').textContent()).resolves.toContain(`新兴产业 › ${payload}`);
    await screenshot(page, 'widget-xss-as-text');

    const found = await page.locator('sip-qa-widget').evaluate((host) => ({
      imagesInWidget: host.shadowRoot?.querySelectorAll('img').length,
      imagesInPage: document.querySelectorAll('img').length,
      pwned: (window as unknown as { pwned?: number }).pwned,
    }));
    expect(found).toEqual({ imagesInWidget: 0, imagesInPage: 0, pwned: undefined });
    expect(errors).toEqual([]);
    expect(fake.requests.some((request) => request.url === '/api/answer' && request.method === 'POST')).toBe(true);
    await context.close();
  });
});
