import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealService, type RealService } from '../server/real-engine.ts';
import { controllableEngine, type EngineControls, type EngineProbe } from './controllable-engine.ts';
import { chromiumMissing, launchChromium, screenshot, skipNote, watchPageErrors } from './launch-chromium.ts';
import { listenOnLoopback } from './listen-on-loopback.ts';

// Issue 14 items 1, 2, 3 and 8: the page's layout, the phone, Stop/regenerate/edit, and errors.
const zhQuestion = '2020年园区生物医药产业产值是多少？';
const enQuestion = "What was the output value of SIP's biomedicine industry in 2020?";
const questions = [
  zhQuestion,
  '园区布局了哪三大“未来产业”？',
  '2023年苏州工业园区地区生产总值是多少？',
  '那纳米技术应用产业呢？',
  enQuestion,
  'Which three future industries is SIP building up?',
];
const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

let service: RealService;
let browser: Browser;
let origin: string;
let controls: EngineControls;
let probe: EngineProbe;

async function newPage(
  viewport: keyof typeof viewports,
  language: 'zh' | 'en',
  path = '/',
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const phone = viewport === 'phone';
  const context = await browser.newContext({
    viewport: viewports[viewport],
    locale: language === 'zh' ? 'zh-CN' : 'en-GB',
    ...(phone ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(`${origin}${path}`);
  return { context, page, errors };
}

/** Sends a question from the composer and waits until its turn has finished (answer, error or stop). */
async function ask(page: Page, question: string, scope = ''): Promise<void> {
  const turns = page.locator(`${scope} .sipqa-turn`.trim());
  const before = await turns.count();
  const input = page.locator(`${scope} .sipqa-input`.trim());
  await input.fill(question);
  await input.press('Enter');
  await turns.nth(before).locator('.sipqa-actions, .sipqa-error').first().waitFor({ timeout: 20_000 });
}

beforeAll(async () => {
  if (chromiumMissing) return;
  service = await startRealService();
  const controllable = controllableEngine(service.engine);
  controls = controllable.controls;
  probe = controllable.probe;
  origin = await listenOnLoopback(await service.app({}, { engine: controllable.engine }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

function resetControls(): void {
  Object.assign(controls, { deltaDelayMs: 0, fail: false, rewrite: undefined, suggestions: undefined, english: undefined });
}

describe.skipIf(chromiumMissing)(chromiumMissing ? skipNote : 'chat page: layout, phone, stop/regenerate/edit, errors (real Chromium)', () => {
  for (const viewport of ['desktop', 'phone'] as const) {
    it(`keeps the page one screen tall while the conversation grows; only the log scrolls (${viewport})`, { timeout: 120_000 }, async () => {
      resetControls();
      const { context, page, errors } = await newPage(viewport, 'zh');
      for (const question of questions) await ask(page, question);
      const height = viewports[viewport].height;
      const layout = await page.evaluate(() => {
        const log = document.querySelector('.sipqa-log') as HTMLElement;
        // A script scroll (or scrollIntoView of the last answer) must move the log, not the page.
        window.scrollTo(0, 100_000);
        document.querySelector('.sipqa-turn:last-child')?.scrollIntoView();
        return {
          pageHeight: document.documentElement.scrollHeight,
          bodyHeight: document.body.scrollHeight,
          pageScroll: document.scrollingElement?.scrollTop ?? -1,
          headerTop: document.querySelector('.sipqa-header')?.getBoundingClientRect().top,
          logScrolls: log.scrollHeight > log.clientHeight,
          composerBottom: document.querySelector('.sipqa-composer')?.getBoundingClientRect().bottom,
        };
      });
      expect(layout.pageHeight).toBeLessThanOrEqual(height);
      expect(layout.bodyHeight).toBeLessThanOrEqual(height);
      expect(layout.pageScroll).toBe(0);
      expect(layout.headerTop).toBe(0);
      expect(layout.logScrolls).toBe(true);
      expect(layout.composerBottom).toBeLessThanOrEqual(height);
      await screenshot(page, `second-round-long-conversation-${viewport}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it(
    'on a phone: the passage slides in without widening the page, [n] buttons are 24×24 with a 44×44 touch area, the English placeholder fits',
    { timeout: 90_000 },
    async () => {
      resetControls();
      const { context, page, errors } = await newPage('phone', 'en');
      const placeholder = await page.locator('.sipqa-input').evaluate((input: HTMLTextAreaElement) => {
        const style = getComputedStyle(input);
        const context2d = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
        context2d.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { text: input.placeholder, width: context2d.measureText(input.placeholder).width, room };
      });
      expect(placeholder.text).not.toBe('');
      expect(placeholder.width).toBeLessThanOrEqual(placeholder.room);

      await ask(page, enQuestion);
      const cite = page.locator('.sipqa-answer-text button.sipqa-cite').first();
      await cite.evaluate((button) => button.scrollIntoView({ block: 'center' }));
      const box = await cite.boundingBox();
      expect(box?.width).toBeGreaterThanOrEqual(24);
      expect(box?.height).toBeGreaterThanOrEqual(24);
      // Points just outside the visible button still hit it (the touch area is 44×44).
      const hits = await cite.evaluate((button) => {
        const rect = button.getBoundingClientRect();
        const centerX = rect.left + rect.width / 2;
        const centerY = rect.top + rect.height / 2;
        return [
          [centerX, centerY - 21.5],
          [centerX, centerY + 21.5],
          [centerX - 21.5, centerY],
          [centerX + 21.5, centerY],
        ].map(([x, y]) => {
          const hit = document.elementFromPoint(x as number, y as number);
          return hit === button ? true : `${hit?.tagName}.${hit?.className}`;
        });
      });
      expect(hits).toEqual([true, true, true, true]);

      // Slow the slide-in down so the page is measured while the panel is still moving.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Animation.enable');
      await cdp.send('Animation.setPlaybackRate', { playbackRate: 0.02 });
      await cite.click();
      const during = await page.evaluate(async () => {
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        return { animating: document.getAnimations().length, width: document.documentElement.scrollWidth, bodyWidth: document.body.scrollWidth };
      });
      expect(during.animating).toBeGreaterThan(0);
      expect(during.width).toBeLessThanOrEqual(390);
      expect(during.bodyWidth).toBeLessThanOrEqual(390);
      await cdp.send('Animation.setPlaybackRate', { playbackRate: 1 });
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`Stop aborts the request and the server stops the work; regenerate and edit replace the answer (${viewport})`, { timeout: 120_000 }, async () => {
      resetControls();
      controls.deltaDelayMs = 500;
      const { context, page, errors } = await newPage(viewport, viewport === 'phone' ? 'zh' : 'en');
      const input = page.locator('.sipqa-input');
      await input.fill(zhQuestion);
      // On the desktop the question goes out from the keyboard on the Send button: focus moves to Stop.
      if (viewport === 'desktop') {
        await page.locator('.sipqa-send:not(.sipqa-stop)').focus();
        await page.keyboard.press('Enter');
      } else await input.press('Enter');
      const stop = page.locator('.sipqa-stop');
      await stop.waitFor();
      if (viewport === 'desktop') expect(await page.evaluate(() => document.activeElement?.className)).toContain('sipqa-stop');
      await expect(page.locator('.sipqa-send:not(.sipqa-stop)').isHidden()).resolves.toBe(true);
      await expect(stop.getAttribute('aria-label')).resolves.toBe(viewport === 'phone' ? '停止' : 'Stop');
      // Wait for the first words, then stop mid-answer.
      await page.locator('.sipqa-answer-text.sipqa-streaming').waitFor();
      await screenshot(page, `second-round-streaming-stop-${viewport}`);
      await stop.click();
      const turn = page.locator('.sipqa-turn').nth(0);
      await turn.locator('.sipqa-stopped').waitFor();
      await expect.poll(() => probe.lastSignal?.aborted, { timeout: 5000 }).toBe(true);
      await expect.poll(() => probe.lastEnded, { timeout: 5000 }).toBe(true);
      expect(probe.lastCompleted).toBe(false);
      await expect(page.locator('.sipqa-send:not(.sipqa-stop)').isVisible()).resolves.toBe(true);
      await expect(stop.isHidden()).resolves.toBe(true);
      expect(await page.evaluate(() => document.activeElement?.className)).toContain('sipqa-input');
      await screenshot(page, `second-round-stopped-${viewport}`);

      // Regenerate asks the same question again, in place of the stopped answer.
      controls.deltaDelayMs = 0;
      const requestsBefore = probe.requests;
      await turn.locator('.sipqa-regenerate').click();
      await page.locator('.sipqa-turn').nth(0).locator('.sipqa-sources').waitFor({ timeout: 20_000 });
      expect(probe.requests).toBe(requestsBefore + 1);
      await expect(page.locator('.sipqa-turn').count()).resolves.toBe(1);
      await expect(page.locator('.sipqa-turn .sipqa-answer-text').textContent()).resolves.toContain('1022亿元');
      await expect(page.locator('.sipqa-stopped').count()).resolves.toBe(0);

      // A second exchange, then the first question is edited: it and everything after it are replaced.
      await ask(page, '那纳米技术应用产业呢？');
      await expect(page.locator('.sipqa-turn').count()).resolves.toBe(2);
      await expect(page.locator('.sipqa-turn').nth(0).locator('.sipqa-regenerate').count()).resolves.toBe(0);
      await page.locator('.sipqa-turn').nth(0).locator('.sipqa-edit').click();
      await expect(input.inputValue()).resolves.toBe(zhQuestion);
      await page.locator('.sipqa-editing').waitFor();
      const edited = page.waitForRequest((request) => request.url().endsWith('/api/answer') && request.method() === 'POST');
      await input.fill(enQuestion);
      await input.press('Enter');
      const body = JSON.parse((await edited).postData() ?? '{}') as { question: string; history?: unknown[] };
      expect(body).toEqual({ question: enQuestion });
      await page.locator('.sipqa-turn').nth(0).locator('.sipqa-actions').waitFor({ timeout: 20_000 });
      await expect(page.locator('.sipqa-turn').count()).resolves.toBe(1);
      await expect(page.locator('.sipqa-question p').textContent()).resolves.toBe(enQuestion);
      await expect(page.locator('.sipqa-editing').isHidden()).resolves.toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  for (const language of ['en', 'zh'] as const) {
    it(`a 500 says what happened in the reader's language, with the request id and a working retry (${language})`, { timeout: 90_000 }, async () => {
      resetControls();
      controls.fail = true;
      const { context, page } = await newPage('desktop', language);
      const failed = page.waitForResponse((response) => response.url().endsWith('/api/answer'));
      await ask(page, language === 'zh' ? zhQuestion : enQuestion);
      const response = await failed;
      expect(response.status()).toBe(500);
      const requestId = response.headers()['x-request-id'] ?? '';
      expect(requestId).toMatch(/^[0-9a-f]{24}$/);
      const error = page.locator('.sipqa-error');
      await expect(error.locator('.sipqa-error-message').textContent()).resolves.toBe(
        language === 'zh' ? '问答服务出错了，请稍后再试。' : 'The answer service ran into a problem. Please try again later.',
      );
      await expect(error.locator('.sipqa-error-detail').textContent()).resolves.toBe(language === 'zh' ? `请求编号：${requestId}` : `Request ID: ${requestId}`);
      await expect(error.textContent()).resolves.not.toMatch(/INTERNAL|Internal Server Error/);
      await screenshot(page, `second-round-error-500-${language}`);
      controls.fail = false;
      await error.locator('.sipqa-retry').click();
      await page.locator('.sipqa-turn').nth(0).locator('.sipqa-sources').waitFor({ timeout: 20_000 });
      await expect(page.locator('.sipqa-turn').count()).resolves.toBe(1);
      await expect(page.locator('.sipqa-error').count()).resolves.toBe(0);
      await context.close();
    });
  }

  it('on its own origin a dropped request is a lost connection, not a refused website', { timeout: 60_000 }, async () => {
    resetControls();
    const { context, page } = await newPage('phone', 'en');
    await page.route(`${origin}/api/answer`, (route) => route.abort('connectionreset'));
    await ask(page, enQuestion);
    const error = page.locator('.sipqa-error');
    await expect(error.getAttribute('class')).resolves.toContain('sipqa-error-network');
    await expect(error.locator('.sipqa-error-message').textContent()).resolves.toBe('The connection to the answer service dropped. Please try again.');
    await expect(error.textContent()).resolves.not.toContain("isn't allowed");
    await expect(error.locator('.sipqa-error-detail').textContent()).resolves.toMatch(/^Request ID: [0-9a-f]{24}$/);
    await screenshot(page, 'second-round-error-network-phone-en');
    await page.unroute(`${origin}/api/answer`);
    await error.locator('.sipqa-retry').click();
    await page.locator('.sipqa-turn').nth(0).locator('.sipqa-sources').waitFor({ timeout: 20_000 });
    await context.close();
  });
});
