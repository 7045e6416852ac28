import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealService, type RealService } from '../server/real-engine.ts';
import { chromiumMissing, launchChromium, screenshot, skipNote, watchPageErrors } from './launch-chromium.ts';
import { listenOnLoopback } from './listen-on-loopback.ts';

const zhQuestion = '2020年园区生物医药产业产值是多少？';
const enQuestion = "What was the output value of SIP's biomedicine industry in 2020?";
/** The demo page's data-primary-color (#0a6e5c). */
const demoPrimary = 'rgb(10, 110, 92)';

let service: RealService;
let browser: Browser;
/** The API, which allows only the demo origin. */
let apiOrigin: string;
/** Serves the demo partner page: a different origin (port) from the API's. */
let demoOrigin: string;
/** Also serves the demo page, but the API does not allow it. */
let strangerOrigin: string;
const apps: FastifyInstance[] = [];

async function serve(app: Promise<FastifyInstance>): Promise<string> {
  const instance = await app;
  apps.push(instance);
  return listenOnLoopback(instance);
}

/** The class of the focused element inside the widget's shadow root. */
const focusedClass = (page: Page) => page.locator('sip-qa-widget').evaluate((host) => host.shadowRoot?.activeElement?.className ?? '');

async function openDemo(context: BrowserContext, origin = demoOrigin): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/demo?api=${encodeURIComponent(apiOrigin)}`);
  await page.locator('sip-qa-widget .launcher').waitFor();
  return page;
}

/** Types a question into the widget, sends it with Enter and waits for the turn to finish. */
async function ask(page: Page, question: string): Promise<void> {
  const turns = page.locator('sip-qa-widget .sipqa-turn');
  const before = await turns.count();
  const input = page.locator('sip-qa-widget .sipqa-input');
  await input.fill(question);
  await input.press('Enter');
  await turns.nth(before).locator('.sipqa-actions, .sipqa-error').first().waitFor({ timeout: 20_000 });
}

beforeAll(async () => {
  if (chromiumMissing) return;
  service = await startRealService();
  demoOrigin = await serve(service.app());
  strangerOrigin = await serve(service.app());
  apiOrigin = await serve(service.app({ ALLOWED_ORIGINS: [demoOrigin] }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe.skipIf(chromiumMissing)(chromiumMissing ? skipNote : 'widget on a partner page from another origin (real Chromium)', () => {
  it(
    'answers Chinese and English questions with streamed text, sources and a highlighted passage; survives hostile CSS; Esc closes',
    { timeout: 90_000 },
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      // A cookie the API origin would receive if the widget sent credentials.
      await context.addCookies([{ name: 'partner_session', value: 'secret', url: apiOrigin }]);
      const page = await openDemo(context);
      const errors = watchPageErrors(page);

      // The widget tells the page what happens, with events that cross the shadow boundary.
      await page.evaluate(() => {
        const seen: string[] = [];
        Object.assign(window, { widgetEvents: seen });
        for (const name of ['sip-qa-open', 'sip-qa-close', 'sip-qa-answer', 'sip-qa-passage-open', 'sip-qa-language-change']) {
          document.addEventListener(name, (event) => seen.push(`${event.type}:${event.composed}`));
        }
      });

      // The launcher is a real button; opening moves focus into the panel.
      const launcher = page.locator('sip-qa-widget .launcher');
      await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false');
      await launcher.click();
      await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('true');
      expect(await focusedClass(page)).toContain('sipqa-input');

      // Record every state the answer text goes through, to see it stream.
      await page.locator('sip-qa-widget').evaluate((host) => {
        const root = host.shadowRoot;
        const snapshots: string[] = [];
        Object.assign(window, { snapshots });
        new MutationObserver((records) => {
          for (const record of records) {
            const target = record.target as HTMLElement;
            if (target.classList?.contains('sipqa-answer-text') && record.addedNodes.length > 0) {
              snapshots.push([...record.addedNodes].map((node) => node.textContent).join('\n'));
            }
          }
        }).observe(root as ShadowRoot, { subtree: true, childList: true });
      });

      const firstRequest = page.waitForRequest((request) => request.url() === `${apiOrigin}/api/answer` && request.method() === 'POST');
      const firstResponse = page.waitForResponse((response) => response.url() === `${apiOrigin}/api/answer` && response.request().method() === 'POST');
      await ask(page, zhQuestion);
      const request = await firstRequest;
      expect((await request.allHeaders()).cookie).toBeUndefined();
      expect(request.headers().accept).toBe('text/event-stream');
      const response = await firstResponse;
      expect(response.headers()['content-type']).toContain('text/event-stream');
      expect(response.headers()['access-control-allow-origin']).toBe(demoOrigin);

      const firstTurn = page.locator('sip-qa-widget .sipqa-turn').nth(0);
      const zhAnswer = (await firstTurn.locator('.sipqa-answer-text').textContent()) ?? '';
      expect(zhAnswer).toContain('1022亿元');
      const snapshots = await page.evaluate(() => (window as unknown as { snapshots: string[] }).snapshots);
      // Several partial states before the final one: the answer arrived in pieces.
      expect(new Set(snapshots.filter((text) => text.length > 0 && text.length < zhAnswer.length)).size).toBeGreaterThan(1);
      await expect(firstTurn.locator('.sipqa-sources-list li').count()).resolves.toBeGreaterThan(0);
      await expect(firstTurn.locator('.sipqa-source-title').first().textContent()).resolves.toBe('SIP Yearbook: Emerging Industries');
      await expect(firstTurn.locator('.sipqa-answer-text button.sipqa-cite').count()).resolves.toBeGreaterThan(0);

      // The English follow-up carries the conversation so far.
      const secondRequest = page.waitForRequest((candidate) => candidate.url() === `${apiOrigin}/api/answer` && candidate.method() === 'POST');
      await ask(page, enQuestion);
      const body = JSON.parse((await secondRequest).postData() ?? '{}') as { question: string; history?: Array<{ role: string; content: string }> };
      expect(body.question).toBe(enQuestion);
      expect(body.history?.map((turn) => turn.role)).toEqual(['user', 'assistant']);
      expect(body.history?.[0]?.content).toBe(zhQuestion);
      const secondTurn = page.locator('sip-qa-widget .sipqa-turn').nth(1);
      const enAnswer = (await secondTurn.locator('.sipqa-answer-text').textContent()) ?? '';
      expect(enAnswer).toMatch(/billion yuan/);
      // English prose from the passage's English edition; the Chinese original travels in the citation.
      expect(enAnswer).not.toContain('Source text (Chinese)');
      await screenshot(page, 'widget-desktop-en');

      // A citation opens the passage with its document, section, year and the quote highlighted.
      const cite = secondTurn.locator('.sipqa-answer-text button.sipqa-cite').first();
      await cite.click();
      const passage = page.locator('sip-qa-widget .sipqa-passage');
      await passage.waitFor();
      await expect(passage.locator('.sipqa-passage-document').textContent()).resolves.toBe('SIP Yearbook: Emerging Industries');
      await expect(passage.locator('.sipqa-passage-meta').textContent()).resolves.toContain('2020');
      // An English reader sees the passage's English edition first, the quote highlighted in it.
      const marked = await passage.locator('mark').allTextContents();
      expect(marked.join(' ')).toContain('102.2 billion yuan');
      expect(await focusedClass(page)).toContain('sipqa-passage-close');
      await screenshot(page, 'widget-desktop-passage-en');
      // The Chinese original, with its section path and the same quote highlighted, is one switch away.
      await passage.locator('input[data-action="show-original"]').check();
      await expect(passage.locator('.sipqa-passage-meta').textContent()).resolves.toContain('新兴产业 › ');
      expect((await passage.locator('mark').allTextContents()).join('')).toContain('1022亿元');
      await passage.locator('input[data-action="show-original"]').uncheck();

      // Hostile page CSS changes nothing inside; the widget's CSS changes nothing outside.
      const styles = await page.locator('sip-qa-widget').evaluate((host) => {
        const root = host.shadowRoot as ShadowRoot;
        const style = (element: Element | null) => {
          if (element === null) throw new Error('missing element');
          const computed = getComputedStyle(element);
          return {
            fontFamily: computed.fontFamily,
            color: computed.color,
            background: computed.backgroundColor,
            padding: computed.paddingTop,
            border: computed.borderTopStyle,
            textTransform: computed.textTransform,
            fontSize: computed.fontSize,
          };
        };
        return {
          launcher: style(root.querySelector('.launcher')),
          answer: style(root.querySelector('.sipqa-answer-text p')),
          input: style(root.querySelector('.sipqa-input')),
          mark: style(root.querySelector('mark')),
          host: { filter: getComputedStyle(host).filter, transform: getComputedStyle(host).transform },
          pageButton: style(document.querySelector('.contact-cta')),
          pageLead: style(document.querySelector('.lead')),
        };
      });
      expect(styles.launcher.background).toBe(demoPrimary);
      expect(styles.launcher.fontFamily).toMatch(/^system-ui/);
      expect(styles.launcher.border).toBe('none');
      expect(styles.launcher.textTransform).toBe('none');
      expect(styles.answer.color).toBe('rgb(23, 33, 43)');
      expect(styles.answer.fontFamily).toMatch(/^system-ui/);
      expect(styles.answer.fontSize).toBe('15px');
      expect(styles.input.background).toBe('rgb(255, 255, 255)');
      expect(styles.mark.background).toBe('rgb(255, 229, 138)');
      expect(styles.host).toEqual({ filter: 'none', transform: 'none' });
      expect(styles.pageButton.background).toBe('rgb(255, 212, 0)');
      expect(styles.pageLead.fontFamily).toContain('Georgia');

      // Esc closes the passage first (focus back on its [n]), then the panel (focus back on the launcher).
      await page.keyboard.press('Escape');
      await passage.waitFor({ state: 'hidden' });
      expect(await page.locator('sip-qa-widget').evaluate((host) => (host.shadowRoot?.activeElement as HTMLElement | null)?.dataset.cite)).toBe('1');

      // Switching the interface language re-labels everything.
      await page.locator('sip-qa-widget .sipqa-lang').click();
      await expect(page.locator('sip-qa-widget .sipqa-sources-heading').first().textContent()).resolves.toBe('来源');
      await expect(firstTurn.locator('.sipqa-about summary').textContent()).resolves.toBe('关于此回答');
      await expect(page.locator('sip-qa-widget .sipqa-input').getAttribute('placeholder')).resolves.toContain('请输入问题');
      await expect(page.locator('sip-qa-widget .sipqa-source-title').first().textContent()).resolves.toBe('苏州工业园区年鉴 · 新兴产业');
      await expect(page.locator('sip-qa-widget .launcher-label').textContent()).resolves.toBe('园区问答');
      await firstTurn.locator('.sipqa-answer-text button.sipqa-cite').first().click();
      await passage.locator('mark').first().waitFor();
      await screenshot(page, 'widget-desktop-passage-zh');
      await page.keyboard.press('Escape');
      await passage.waitFor({ state: 'hidden' });
      await page.locator('sip-qa-widget').evaluate((host) => host.shadowRoot?.querySelector('.sipqa-log')?.scrollTo({ top: 0, behavior: 'instant' }));
      await screenshot(page, 'widget-desktop-zh');

      await page.keyboard.press('Escape');
      await page.locator('sip-qa-widget .panel').waitFor({ state: 'hidden' });
      expect(await focusedClass(page)).toBe('launcher');
      await expect(launcher.getAttribute('aria-expanded')).resolves.toBe('false');
      const events = await page.evaluate(() => (window as unknown as { widgetEvents: string[] }).widgetEvents);
      expect(new Set(events)).toEqual(
        new Set(['sip-qa-open:true', 'sip-qa-answer:true', 'sip-qa-passage-open:true', 'sip-qa-language-change:true', 'sip-qa-close:true']),
      );
      expect(errors).toEqual([]);

      // The conversation survives a reload (same tab session); passage texts are fetched again.
      await page.reload();
      await launcher.click();
      await expect(page.locator('sip-qa-widget .sipqa-turn').count()).resolves.toBe(2);
      const passageRequest = page.waitForRequest((candidate) => candidate.url().startsWith(`${apiOrigin}/api/passages/`));
      await page.locator('sip-qa-widget .sipqa-turn').nth(0).locator('.sipqa-answer-text button.sipqa-cite').first().click();
      expect((await passageRequest).url()).toBe(`${apiOrigin}/api/passages/yearbook-2020-emerging%231`);
      await passage.locator('mark').first().waitFor();
      expect((await passage.locator('mark').allTextContents()).join('')).toContain('1022亿元');
      await context.close();
    },
  );

  it('keeps keyboard focus inside the open panel and opens from the keyboard', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await openDemo(context);
    await page.locator('sip-qa-widget .launcher').focus();
    await page.keyboard.press('Enter');
    expect(await focusedClass(page)).toContain('sipqa-input');
    const insidePanel = () =>
      page
        .locator('sip-qa-widget')
        .evaluate((host) => document.activeElement === host && host.shadowRoot?.querySelector('.panel')?.contains(host.shadowRoot.activeElement) === true);
    const visited = new Set<string>();
    for (let step = 0; step < 14; step += 1) {
      await page.keyboard.press(step < 7 ? 'Tab' : 'Shift+Tab');
      expect(await insidePanel()).toBe(true);
      visited.add(await focusedClass(page));
    }
    // It cycled through the panel's controls (starters, header buttons, input, send), never leaving it.
    expect(visited.size).toBeGreaterThan(3);
    await page.keyboard.press('Escape');
    expect(await focusedClass(page)).toBe('launcher');
    await context.close();
  });

  it('shows a clear error when the page origin is not allowed by the API (CORS)', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await openDemo(context, strangerOrigin);
    // The partner's own button opens the widget through its API (show()).
    await page.locator('.ask-cta').click();
    await page.locator('sip-qa-widget .panel').waitFor();
    await ask(page, enQuestion);
    const error = page.locator('sip-qa-widget .sipqa-error');
    await expect(error.getAttribute('class')).resolves.toContain('sipqa-error-blocked');
    await expect(error.locator('.sipqa-error-message').textContent()).resolves.toContain("isn't allowed to use the answer service");
    await expect(error.getAttribute('role')).resolves.toBe('alert');
    await expect(page.locator('sip-qa-widget .sipqa-badge:not([hidden])').textContent()).resolves.toBe('unavailable');
    await screenshot(page, 'widget-blocked-origin-en');
    await context.close();
  });

  for (const language of ['zh', 'en'] as const) {
    it(`fills a phone screen (390×844, ${language})`, { timeout: 60_000 }, async () => {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        locale: language === 'zh' ? 'zh-CN' : 'en-US',
        hasTouch: true,
        isMobile: true,
        deviceScaleFactor: 2,
      });
      const page = await openDemo(context);
      await screenshot(page, `widget-phone-closed-${language}`);
      await page.locator('sip-qa-widget .launcher').click();
      // Measure after the opening animation.
      await page.locator('sip-qa-widget .panel').evaluate((panel) => Promise.all(panel.getAnimations().map((animation) => animation.finished)));
      const box = await page.locator('sip-qa-widget .panel').boundingBox();
      expect(box).toEqual({ x: 0, y: 0, width: 390, height: 844 });
      await ask(page, language === 'zh' ? zhQuestion : enQuestion);
      await screenshot(page, `widget-phone-${language}`);
      await page.locator('sip-qa-widget .sipqa-answer-text button.sipqa-cite').first().click();
      await page.locator('sip-qa-widget .sipqa-passage mark').first().waitFor();
      await screenshot(page, `widget-phone-passage-${language}`);
      // The close button in the header closes the full-screen panel and the launcher comes back.
      await page.keyboard.press('Escape');
      await page.locator('sip-qa-widget .sipqa-close').click();
      await page.locator('sip-qa-widget .launcher').waitFor();
      await context.close();
    });
  }
});
