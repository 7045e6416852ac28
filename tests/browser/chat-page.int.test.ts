import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeedback } from '../../src/question-log/feedback-store.ts';
import { startRealService, type RealService } from '../server/real-engine.ts';
import { chromiumMissing, launchChromium, screenshot, skipNote, watchPageErrors } from './launch-chromium.ts';
import { listenOnLoopback } from './listen-on-loopback.ts';
import { freePort } from '../fixtures/free-port.ts';

const zhQuestion = '2020年园区生物医药产业产值是多少？';
const zhFollowUp = '那纳米技术应用产业呢？';
const enQuestion = "What was the output value of SIP's biomedicine industry in 2020?";

let service: RealService;
let browser: Browser;
let origin: string;

async function serve(app: FastifyInstance): Promise<string> {
  return listenOnLoopback(app);
}

/** Sends a question from the composer and waits until its turn has finished (answer or error). */
async function ask(page: Page, question: string): Promise<void> {
  const turns = page.locator('.sipqa-turn');
  const before = await turns.count();
  await page.locator('.sipqa-input').fill(question);
  await page.locator('.sipqa-input').press('Enter');
  await turns.nth(before).locator('.sipqa-actions, .sipqa-error').first().waitFor({ timeout: 20_000 });
}

beforeAll(async () => {
  if (chromiumMissing) return;
  service = await startRealService();
  origin = await serve(await service.app());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe.skipIf(chromiumMissing)(chromiumMissing ? skipNote : 'chat page / (real Chromium)', () => {
  it('answers, keeps the conversation for a follow-up, copies the answer and stores feedback', { timeout: 90_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto(`${origin}/`);
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('sipqa-input');
    await expect(page.title()).resolves.toBe('苏州工业园区智能问答');

    // A starter question in the interface language.
    await page.getByRole('button', { name: zhQuestion }).click();
    const first = page.locator('.sipqa-turn').nth(0);
    await first.locator('.sipqa-actions').waitFor();
    await expect(first.locator('.sipqa-answer-text').textContent()).resolves.toContain('1022亿元');
    await expect(page.locator('.sipqa-starters').count()).resolves.toBe(0);

    // The follow-up sends the previous exchange as history and is answered in context.
    const followUpRequest = page.waitForRequest((request) => request.url() === `${origin}/api/answer` && request.method() === 'POST');
    await ask(page, zhFollowUp);
    const body = JSON.parse((await followUpRequest).postData() ?? '{}') as { question: string; history?: Array<{ role: string; content: string }> };
    expect(body.question).toBe(zhFollowUp);
    expect(body.history).toHaveLength(2);
    expect(body.history?.[0]).toEqual({ role: 'user', content: zhQuestion });
    expect(body.history?.[1]?.role).toBe('assistant');
    expect(body.history?.[1]?.content).toContain('1022亿元');
    const second = page.locator('.sipqa-turn').nth(1);
    const followUpAnswer = (await second.locator('.sipqa-answer-text').textContent()) ?? '';
    expect(followUpAnswer).toContain('1010亿元');
    await expect(second.locator('.sipqa-understood').textContent()).resolves.toContain('纳米');

    // Copy puts the answer and its sources on the clipboard.
    await second.locator('.sipqa-copy').click();
    // The label changes once the clipboard write resolves, which is not instant on a busy machine.
    await second.locator('.sipqa-copy', { hasText: '已复制' }).waitFor({ timeout: 5_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain('1010亿元');
    expect(copied).toContain('**来源：**\n- [1] 苏州工业园区年鉴 · 新兴产业');

    // Thumbs down with a comment is stored by the server.
    await second.locator('.sipqa-thumb-down').click();
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('sipqa-comment');
    await page.keyboard.type('缺少增长率');
    await second.locator('.sipqa-feedback-send').click();
    await expect(second.locator('.sipqa-feedback-thanks').textContent()).resolves.toBe('已收到您的反馈，谢谢！');
    await expect(second.locator('.sipqa-thumb-down').getAttribute('aria-pressed')).resolves.toBe('true');
    const stored = await readFeedback(service.config.FEEDBACK_FILE);
    const record = stored.find((candidate) => candidate.question === zhFollowUp);
    expect(record).toMatchObject({ rating: 'down', comment: '缺少增长率' });
    expect(record?.answer).toContain('1010亿元');
    expect(record?.citations?.[0]).toMatch(/#\d+$/);
    // The request id the page sent as x-request-id, under which the server logged the question (linked in the insights).
    expect(record?.answerId).toMatch(/^[0-9a-f]{24}$/);
    await screenshot(page, 'chat-desktop-zh');

    // The passage opens beside the conversation on a wide screen.
    await second.locator('.sipqa-answer-text button.sipqa-cite').first().click();
    await page.locator('.sipqa-passage mark').first().waitFor();
    expect(await page.locator('.sipqa-passage').evaluate((panel) => getComputedStyle(panel).position)).toBe('static');
    await expect(page.locator('.sipqa-passage-document').textContent()).resolves.toBe('苏州工业园区年鉴 · 新兴产业');
    await screenshot(page, 'chat-desktop-passage-zh');

    // Switching language re-labels the page, its title and the passage.
    await page.locator('.sipqa-lang').click();
    await expect(page.title()).resolves.toBe('Suzhou Industrial Park Q&A');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expect(page.locator('.sipqa-sources-heading').first().textContent()).resolves.toBe('Sources');
    await expect(page.locator('.sipqa-passage-document').textContent()).resolves.toBe('SIP Yearbook: Emerging Industries');
    await expect(page.locator('.sipqa-feedback-thanks').textContent()).resolves.toBe('Thank you, your feedback was received.');
    await screenshot(page, 'chat-desktop-passage-en');
    await page.keyboard.press('Escape');
    await page.locator('.sipqa-passage').waitFor({ state: 'hidden' });
    await screenshot(page, 'chat-desktop-en');
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const language of ['zh', 'en'] as const) {
    it(`follows navigator.language and fits a phone (390×844, ${language})`, { timeout: 60_000 }, async () => {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        locale: language === 'zh' ? 'zh-CN' : 'en-GB',
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      });
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      await expect(page.locator('.sipqa-title').textContent()).resolves.toBe(language === 'zh' ? '苏州工业园区智能问答' : 'Suzhou Industrial Park Q&A');
      await screenshot(page, `chat-phone-start-${language}`);
      await ask(page, language === 'zh' ? zhQuestion : enQuestion);
      // Nothing is wider than the screen.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await screenshot(page, `chat-phone-${language}`);
      const cite = page.locator('.sipqa-answer-text button.sipqa-cite').first();
      await cite.click();
      await page.locator('.sipqa-passage mark').first().waitFor();
      // On a phone the passage covers the conversation, which is inert meanwhile.
      expect(await page.locator('.sipqa-log').evaluate((log) => (log as HTMLElement).inert)).toBe(true);
      await screenshot(page, `chat-phone-passage-${language}`);
      await page.keyboard.press('Escape');
      await page.locator('.sipqa-passage').waitFor({ state: 'hidden' });
      expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.cite)).toBe('1');
      await context.close();
    });
  }

  it('reads traditional Chinese to a Taiwan or Hong Kong browser, and answers in it (390×844, zh-TW)', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-TW', isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors = watchPageErrors(page);
    await page.goto(`${origin}/`);
    await expect(page.locator('.sipqa-title').textContent()).resolves.toBe('蘇州工業園區智能問答');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hant');
    await expect(page.locator('.sipqa-input').getAttribute('placeholder')).resolves.toBe('請輸入問題');
    // A starter question in traditional characters gets a traditional answer (the service's zh-Hant).
    const starter = page.locator('[data-starter]').first();
    await expect(starter.textContent()).resolves.toBe('2020年園區生物醫藥產業產值是多少？');
    await starter.click();
    await page.locator('.sipqa-turn .sipqa-actions').first().waitFor({ timeout: 20_000 });
    const answer = (await page.locator('.sipqa-answer-text').first().textContent()) ?? '';
    expect(answer).toContain('1022億元');
    expect(answer).not.toMatch(/[亿产业园区药]/);
    await expect(page.locator('.sipqa-sources-heading').first().textContent()).resolves.toBe('來源');
    await screenshot(page, 'chat-phone-zh-Hant');
    // English and back: the switch returns to the script the visitor reads.
    await page.locator('.sipqa-lang').click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.locator('.sipqa-lang').click();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-Hant');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says clearly when the service is down', { timeout: 60_000 }, async () => {
    const app = await service.app();
    const downOrigin = await serve(app);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    const health = page.waitForResponse((response) => response.url().endsWith('/api/health'));
    await page.goto(`${downOrigin}/`);
    expect((await health).status()).toBe(200);
    await app.close();
    await ask(page, enQuestion);
    const error = page.locator('.sipqa-error');
    await expect(error.getAttribute('class')).resolves.toContain('sipqa-error-offline');
    await expect(error.textContent()).resolves.toContain("Can't reach the answer service");
    await screenshot(page, 'chat-offline-en');
    await context.close();
  });

  it(
    'works with API_KEYS set once the server’s own origin is in ALLOWED_ORIGINS (answer, passage, feedback); without it, says the key is missing',
    { timeout: 90_000 },
    async () => {
      // The origin has to be known before the app is built: take a free port, then listen on it.
      const port = await freePort();
      const ownOrigin = `http://127.0.0.1:${port}`;
      const app = await service.app({ API_KEYS: ['server-to-server-key'], ALLOWED_ORIGINS: [ownOrigin] });
      await app.listen({ host: '127.0.0.1', port });
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
      const page = await context.newPage();
      const errors = watchPageErrors(page);
      const statuses: string[] = [];
      page.on('response', (response) => {
        if (response.url().includes('/api/')) statuses.push(`${response.request().method()} ${new URL(response.url()).pathname} ${response.status()}`);
      });
      await page.goto(`${ownOrigin}/`);
      await ask(page, zhQuestion);
      const turn = page.locator('.sipqa-turn').nth(0);
      await expect(turn.locator('.sipqa-answer-text').textContent()).resolves.toContain('1022亿元');
      await turn.locator('.sipqa-thumb-up').click();
      await turn.locator('.sipqa-feedback-send').click();
      await expect(turn.locator('.sipqa-feedback-thanks').textContent()).resolves.toBe('已收到您的反馈，谢谢！');
      expect((await readFeedback(service.config.FEEDBACK_FILE)).some((record) => record.question === zhQuestion && record.rating === 'up')).toBe(true);
      // A restored conversation fetches its passages: a same-origin GET, which carries no Origin, only the page as Referer.
      await page.reload();
      await page.locator('.sipqa-turn').nth(0).locator('.sipqa-answer-text button.sipqa-cite').first().click();
      await page.locator('.sipqa-passage mark').first().waitFor();
      expect(statuses).toEqual(
        expect.arrayContaining(['POST /api/answer 200', expect.stringMatching(/^GET \/api\/passages\/.+ 200$/), 'POST /api/feedback 201']),
      );
      expect(statuses.filter((status) => !/ 20\d$/.test(status))).toEqual([]);
      expect(errors).toEqual([]);

      // The same page on a server that lists no origin: the key is required, and the page says so.
      const unlisted = await serve(await service.app({ API_KEYS: ['server-to-server-key'] }));
      await page.goto(`${unlisted}/`);
      await ask(page, zhQuestion);
      await expect(page.locator('.sipqa-error-detail').textContent()).resolves.toContain('UNAUTHORIZED');
      await context.close();
    },
  );

  it('says when to retry when rate-limited (429)', { timeout: 60_000 }, async () => {
    // One request a minute: one question (the page's health check is not counted).
    const limitedOrigin = await serve(await service.app({ RATE_LIMIT_PER_MINUTE: 1 }));
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    const health = page.waitForResponse((response) => response.url().endsWith('/api/health'));
    await page.goto(`${limitedOrigin}/`);
    await health;
    await ask(page, enQuestion);
    await expect(page.locator('.sipqa-turn').nth(0).locator('.sipqa-sources').count()).resolves.toBe(1);
    const limited = page.waitForResponse((response) => response.url().endsWith('/api/answer'));
    await ask(page, 'Which three future industries is SIP building up?');
    const response = await limited;
    expect(response.status()).toBe(429);
    const retryAfter = Number(response.headers()['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    const error = page.locator('.sipqa-turn').nth(1).locator('.sipqa-error');
    await expect(error.getAttribute('class')).resolves.toContain('sipqa-error-rate-limited');
    await expect(error.locator('.sipqa-error-message').textContent()).resolves.toBe(`Too many questions in a short time. Please try again in ${retryAfter} s.`);
    await screenshot(page, 'chat-rate-limited-en');
    await context.close();
  });
});
