import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealService, type RealService } from '../server/real-engine.ts';
import { chromiumMissing, launchChromium, screenshot, skipNote, watchPageErrors } from './launch-chromium.ts';
import { listenOnLoopback } from './listen-on-loopback.ts';

const adminKey = 'admin-key-for-the-browser-test';
const declinedQuestion = '上海迪士尼乐园门票多少钱？';
const comment = '投资者常问门票，请补充';

let service: RealService;
let app: FastifyInstance;
let browser: Browser;
let origin: string;

async function ask(page: Page, question: string): Promise<void> {
  const turns = page.locator('.sipqa-turn');
  const before = await turns.count();
  await page.locator('.sipqa-input').fill(question);
  await page.locator('.sipqa-input').press('Enter');
  await turns.nth(before).locator('.sipqa-actions, .sipqa-error').first().waitFor({ timeout: 20_000 });
}

beforeAll(async () => {
  if (chromiumMissing) return;
  service = await startRealService({ ADMIN_API_KEY: adminKey });
  app = await service.app();
  origin = await listenOnLoopback(app);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe.skipIf(chromiumMissing)(chromiumMissing ? skipNote : 'admin insights page (real Chromium)', () => {
  it('shows what visitors asked in the chat page, the declined question grouped and its thumbs-down comment linked', { timeout: 120_000 }, async () => {
    // A visitor asks in the chat page (the widget sends its answer id as x-request-id) and marks a decline down.
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const chat = await visitor.newPage();
    await chat.goto(`${origin}/`);
    await ask(chat, '2020年园区生物医药产业产值是多少？');
    await ask(chat, declinedQuestion);
    await ask(chat, '迪士尼乐园的门票价格是多少？');
    const declinedTurn = chat.locator('.sipqa-turn').nth(1);
    await declinedTurn.locator('.sipqa-thumb-down').click();
    await chat.keyboard.type(comment);
    await declinedTurn.locator('.sipqa-feedback-send').click();
    await declinedTurn.locator('.sipqa-feedback-thanks').waitFor();
    await visitor.close();
    await app.questionLogger.flush();

    // The team opens the page; Chromium answers the Basic challenge with the admin key.
    // Without the key the browser is challenged (headless Chromium, with nothing to answer, gives up).
    const denied = await browser.newContext();
    await expect((await denied.newPage()).goto(`${origin}/api/admin/insights.html`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
    await denied.close();

    const team = await browser.newContext({ viewport: { width: 1100, height: 1500 }, httpCredentials: { username: 'team', password: adminKey } });
    const page = await team.newPage();
    const errors = watchPageErrors(page);
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto(`${origin}/api/admin/insights.html`);
    expect(response?.status()).toBe(200);
    await expect(page.locator('.total b').first().textContent()).resolves.toBe('3');
    // Both wordings of the Disneyland question are one group of two.
    const declinedRows = page.locator('table.declined-groups tbody tr');
    await expect(declinedRows.count()).resolves.toBe(1);
    await expect(declinedRows.first().locator('td.count').first().textContent()).resolves.toBe('2');
    await expect(declinedRows.first().textContent()).resolves.toContain('迪士尼乐园的门票价格是多少？');
    // The thumbs-down is linked to the logged (declined) question.
    const down = page.locator('#thumbs-down tbody tr');
    await expect(down.count()).resolves.toBe(1);
    await expect(down.first().textContent()).resolves.toContain(comment);
    await expect(down.first().locator('td').nth(2).textContent()).resolves.toBe('declined');
    // The charts are drawn: one bar per day (one day here), one bar per declined group.
    await expect(page.locator('#per-day svg g.day rect').count()).resolves.toBe(2);
    const bar = await page.locator('#declined svg g.group rect').first().boundingBox();
    expect(bar?.width ?? 0).toBeGreaterThan(100);
    await screenshot(page, 'insights-page');
    // The CSV export link downloads with the same credentials.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('nav a', { hasText: 'questions CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('questions.csv');
    const saved = await download.path();
    expect(readFileSync(saved, 'utf8')).toContain(comment);
    expect(errors).toEqual([]);
    expect(violations).toEqual([]);
    await team.close();
  });
});
