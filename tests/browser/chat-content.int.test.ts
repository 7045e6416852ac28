import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealService, type RealService } from '../server/real-engine.ts';
import { controllableEngine, type EngineControls } from './controllable-engine.ts';
import { chromiumMissing, launchChromium, screenshot, skipNote, watchPageErrors } from './launch-chromium.ts';
import { listenOnLoopback } from './listen-on-loopback.ts';

// Issue 14 items 4, 5, 6, 7, 9 and the widget half of item 2, on the chat page and the widget.
const zhQuestion = '2020年园区生物医药产业产值是多少？';
const enQuestion = "What was the output value of SIP's biomedicine industry in 2020?";
const viewports = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
const hasChinese = (text: string) => /[\u3400-\u9fff]/.test(text);

let service: RealService;
let browser: Browser;
/** The API (and its own chat page) on the controllable engine; it allows the demo origin. */
let apiOrigin: string;
/** Serves the demo partner page. */
let demoOrigin: string;
let controls: EngineControls;

async function open(
  viewport: keyof typeof viewports,
  language: 'zh' | 'en',
  { path = '/', colorScheme = 'light' }: { path?: string; colorScheme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: viewports[viewport],
    locale: language === 'zh' ? 'zh-CN' : 'en-GB',
    colorScheme,
    ...(viewport === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  const errors = watchPageErrors(page);
  await page.goto(path === '/demo' ? `${demoOrigin}/demo?api=${encodeURIComponent(apiOrigin)}` : `${apiOrigin}${path}`);
  return { context, page, errors };
}

/** Sends a question and waits for its turn to finish; `scope` is `sip-qa-widget` for the widget. */
async function ask(page: Page, question: string, scope = ''): Promise<void> {
  const turns = page.locator(`${scope} .sipqa-turn`.trim());
  const before = await turns.count();
  const input = page.locator(`${scope} .sipqa-input`.trim());
  await input.fill(question);
  await input.press('Enter');
  await turns.nth(before).locator('.sipqa-actions, .sipqa-error').first().waitFor({ timeout: 20_000 });
}

function resetControls(): void {
  Object.assign(controls, { deltaDelayMs: 0, fail: false, rewrite: undefined, suggestions: undefined, english: undefined });
}

/** Relative luminance (WCAG) of a computed `rgb(…)` colour. */
function luminance(rgb: string): number {
  const [red = 0, green = 0, blue = 0] = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map((value) => {
    const channel = Number(value) / 255;
    return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

beforeAll(async () => {
  if (chromiumMissing) return;
  service = await startRealService();
  const controllable = controllableEngine(service.engine);
  controls = controllable.controls;
  demoOrigin = await listenOnLoopback(await service.app());
  apiOrigin = await listenOnLoopback(await service.app({ ALLOWED_ORIGINS: [demoOrigin] }, { engine: controllable.engine }));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await service?.close();
});

describe.skipIf(chromiumMissing)(
  chromiumMissing ? skipNote : 'chat content: formatting, suggestions, English passages, about, accessibility, themes (real Chromium)',
  () => {
    it('renders lists, bold figures and line breaks as elements (never server markup) and copies them as Markdown', { timeout: 60_000 }, async () => {
      resetControls();
      controls.rewrite = (answer) =>
        `${answer.split('\n')[0]}\n2020年园区生物医药产业：\n· 产值 **1022亿元** [1]\n· 标记 **<b>不是粗体</b>**\n1. 第一项\n2. 第二项`;
      const { context, page, errors } = await open('desktop', 'zh');
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: apiOrigin });
      await ask(page, zhQuestion);
      const answer = page.locator('.sipqa-turn .sipqa-answer-text');
      await expect(answer.locator('ul > li').count()).resolves.toBe(2);
      await expect(answer.locator('ol > li').count()).resolves.toBe(2);
      await expect(answer.locator('p').count()).resolves.toBe(2);
      await expect(answer.locator('ul > li').first().locator('strong').textContent()).resolves.toBe('1022亿元');
      await expect(answer.locator('ul > li').first().locator('button.sipqa-cite').count()).resolves.toBe(1);
      await expect(answer.locator('ul > li').nth(1).locator('strong').textContent()).resolves.toBe('<b>不是粗体</b>');
      await expect(answer.locator('b').count()).resolves.toBe(0);
      const text = (await answer.textContent()) ?? '';
      expect(text).not.toContain('**');
      expect(text).not.toContain('·');
      await page.locator('.sipqa-copy').click();
      await page.locator('.sipqa-copy', { hasText: '已复制' }).waitFor({ timeout: 5_000 });
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain('2020年园区生物医药产业：\n\n- 产值 **1022亿元** [1]\n- 标记 **<b>不是粗体</b>**\n\n1. 第一项\n2. 第二项');
      expect(copied).toMatch(/\*\*来源：\*\*\n- \[1\] /);
      await screenshot(page, 'second-round-formatting-zh');
      expect(errors).toEqual([]);
      await context.close();
    });

    for (const [viewport, language] of [
      ['desktop', 'zh'],
      ['phone', 'en'],
    ] as const) {
      it(`keeps jargon out of the header: how the answer was made is in "about this answer" (${viewport}, ${language})`, { timeout: 60_000 }, async () => {
        resetControls();
        const { context, page } = await open(viewport, language);
        await ask(page, language === 'zh' ? zhQuestion : enQuestion);
        const header = (await page.locator('.sipqa-header').innerText()).toLowerCase();
        for (const jargon of ['抽取式', '词法', 'extractive', 'lexical']) expect(header).not.toContain(jargon);
        const about = page.locator('.sipqa-turn .sipqa-about');
        await expect(about.locator('summary').textContent()).resolves.toBe(language === 'zh' ? '关于此回答' : 'About this answer');
        await expect(about.locator('p').isVisible()).resolves.toBe(false);
        await about.locator('summary').click();
        await expect(about.locator('p').textContent()).resolves.toContain(
          language === 'zh' ? '回答直接摘录原文句子' : 'Answers quote sentences from the documents',
        );
        await screenshot(page, `second-round-about-${viewport}-${language}`);
        await context.close();
      });
    }

    it('names each source once: [n] buttons are "Source n", the sources list gives the title', { timeout: 60_000 }, async () => {
      resetControls();
      const { context, page } = await open('desktop', 'en');
      await ask(page, enQuestion);
      const turn = page.locator('.sipqa-turn').nth(0);
      const inline = turn.locator('.sipqa-answer-text button.sipqa-cite');
      const names = await inline.evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) expect(name).toMatch(/^Source \d+$/);
      await expect(turn.getByRole('button', { name: /^Source 1: SIP Yearbook: Emerging Industries/ }).count()).resolves.toBe(1);
      const snapshot = await turn.ariaSnapshot();
      expect(snapshot.split('Source 1:').length - 1).toBe(1);
      await context.close();
    });

    it('follows prefers-color-scheme on the chat page', { timeout: 60_000 }, async () => {
      resetControls();
      for (const colorScheme of ['dark', 'light'] as const) {
        const { context, page } = await open('phone', 'zh', { colorScheme });
        await ask(page, zhQuestion);
        const colors = await page.evaluate(() => ({
          reply: getComputedStyle(document.querySelector('.sipqa-reply') as Element).backgroundColor,
          text: getComputedStyle(document.querySelector('.sipqa-answer-text') as Element).color,
          body: getComputedStyle(document.body).backgroundColor,
        }));
        if (colorScheme === 'dark') {
          expect(luminance(colors.reply)).toBeLessThan(0.05);
          expect(luminance(colors.body)).toBeLessThan(0.05);
          expect(luminance(colors.text)).toBeGreaterThan(0.6);
        } else {
          expect(luminance(colors.reply)).toBeGreaterThan(0.9);
          expect(luminance(colors.text)).toBeLessThan(0.05);
        }
        await screenshot(page, `second-round-chat-${colorScheme}-phone-zh`);
        await context.close();
      }
    });

    it('the widget takes data-theme=auto|light|dark (and follows the system on auto)', { timeout: 60_000 }, async () => {
      resetControls();
      const { context, page } = await open('desktop', 'en', { path: '/demo', colorScheme: 'dark' });
      const widget = page.locator('sip-qa-widget');
      const replyBackground = () => widget.locator('.sipqa-welcome').evaluate((element) => getComputedStyle(element).backgroundColor);
      await widget.evaluate((host) => host.setAttribute('theme', 'light'));
      await widget.locator('.launcher').click();
      expect(luminance(await replyBackground())).toBeGreaterThan(0.9);
      await widget.evaluate((host) => host.setAttribute('theme', 'auto'));
      expect(luminance(await replyBackground())).toBeLessThan(0.05);
      await screenshot(page, 'second-round-widget-dark-desktop-en');
      await page.emulateMedia({ colorScheme: 'light' });
      expect(luminance(await replyBackground())).toBeGreaterThan(0.9);
      await widget.evaluate((host) => host.setAttribute('theme', 'dark'));
      expect(luminance(await replyBackground())).toBeLessThan(0.05);
      await context.close();
    });

    it('offers the suggested follow-ups, else starters in the UI language only (chat page)', { timeout: 90_000 }, async () => {
      resetControls();
      controls.suggestions = (_response, request) =>
        hasChinese(request.question)
          ? ['园区布局了哪三大“未来产业”？', '2023年苏州工业园区地区生产总值是多少？']
          : ['Which three future industries is SIP building up?', 'What was the GDP of SIP in 2023?'];
      const { context, page, errors } = await open('phone', 'en');
      const starters = await page.locator('.sipqa-starter').allTextContents();
      expect(starters.length).toBeGreaterThan(0);
      expect(starters.filter(hasChinese)).toEqual([]);
      await ask(page, enQuestion);
      await expect(page.locator('.sipqa-suggestions-heading').textContent()).resolves.toBe('You could also ask');
      await expect(page.locator('.sipqa-suggestion').allTextContents()).resolves.toEqual([
        'Which three future industries is SIP building up?',
        'What was the GDP of SIP in 2023?',
      ]);
      await screenshot(page, 'second-round-suggestions-phone-en');
      const next = page.waitForRequest((request) => request.url().endsWith('/api/answer'));
      await page.locator('.sipqa-suggestion').first().click();
      expect(JSON.parse((await next).postData() ?? '{}').question).toBe('Which three future industries is SIP building up?');
      await page.locator('.sipqa-turn').nth(1).locator('.sipqa-actions').waitFor({ timeout: 20_000 });

      // No suggestions from the server: English starters not yet asked, nothing in Chinese.
      controls.suggestions = () => [];
      await ask(page, 'What was the GDP of SIP in 2023?');
      const fallback = await page.locator('.sipqa-suggestion').allTextContents();
      expect(fallback.length).toBeGreaterThan(0);
      expect(fallback.filter(hasChinese)).toEqual([]);
      expect(fallback).not.toContain('Which three future industries is SIP building up?');
      // Switching to Chinese switches the fallback and starters to Chinese.
      await page.locator('.sipqa-lang').click();
      const chinese = await page.locator('.sipqa-suggestion').allTextContents();
      expect(chinese.length).toBeGreaterThan(0);
      expect(chinese.every(hasChinese)).toBe(true);
      expect(errors).toEqual([]);
      await context.close();
    });

    for (const language of ['en', 'zh'] as const) {
      it(`the widget's starters follow the UI language, never mixed (partner starters in both languages, ${language})`, { timeout: 60_000 }, async () => {
        resetControls();
        const { context, page } = await open('phone', language, { path: '/demo' });
        await page.locator('sip-qa-widget .launcher').click();
        const starters = await page.locator('sip-qa-widget .sipqa-starter').allTextContents();
        expect(starters.length).toBeGreaterThan(0);
        expect(starters.every((starter) => hasChinese(starter) === (language === 'zh'))).toBe(true);
        await screenshot(page, `second-round-widget-start-phone-${language}`);
        await context.close();
      });
    }

    for (const viewport of ['desktop', 'phone'] as const) {
      it(`English readers see the English edition first, with a switch to the highlighted Chinese original (${viewport})`, { timeout: 90_000 }, async () => {
        resetControls();
        const quote = 'The output value reached 102.2 billion yuan.';
        controls.english = (citation) => ({
          title: `Emerging industries (${citation.id.split('#')[1]})`,
          text: `Overview. ${quote} More text follows.`,
          quote,
        });
        const { context, page, errors } = await open(viewport, 'en');
        await ask(page, enQuestion);
        await page.locator('.sipqa-turn .sipqa-answer-text button.sipqa-cite').first().click();
        const passage = page.locator('.sipqa-passage');
        await passage.locator('mark').first().waitFor();
        await expect(passage.locator('blockquote').getAttribute('lang')).resolves.toBe('en');
        await expect(passage.locator('mark').textContent()).resolves.toBe(quote);
        await expect(passage.locator('.sipqa-passage-edition').textContent()).resolves.toBe('English edition');
        await screenshot(page, `second-round-passage-english-${viewport}`);
        await passage.getByLabel('Show the Chinese original').check();
        await expect(passage.locator('blockquote').getAttribute('lang')).resolves.toBe('zh-CN');
        await expect(passage.locator('.sipqa-passage-edition').textContent()).resolves.toBe('Chinese original');
        const chineseMark = (await passage.locator('mark').first().textContent()) ?? '';
        expect(hasChinese(chineseMark)).toBe(true);
        await screenshot(page, `second-round-passage-original-${viewport}`);

        // A restored conversation fetches the passage again, English edition included.
        await page.reload();
        const fetched = page.waitForResponse((response) => /\/api\/passages\//.test(response.url()));
        await page.locator('.sipqa-turn .sipqa-answer-text button.sipqa-cite').first().click();
        expect(((await (await fetched).json()) as { english?: { text: string } }).english?.text).toContain(quote);
        await passage.locator('mark').first().waitFor();
        await expect(passage.locator('blockquote').textContent()).resolves.toContain('Overview.');
        await expect(passage.locator('mark').textContent()).resolves.toBe(quote);

        // Chinese readers get the Chinese passage and no switch.
        await page.keyboard.press('Escape');
        await page.locator('.sipqa-lang').click();
        await page.locator('.sipqa-turn .sipqa-answer-text button.sipqa-cite').first().click();
        await passage.locator('mark').first().waitFor();
        await expect(passage.locator('blockquote').getAttribute('lang')).resolves.toBe('zh-CN');
        await expect(passage.locator('input[type="checkbox"]').count()).resolves.toBe(0);
        expect(errors).toEqual([]);
        await context.close();
      });
    }

    for (const language of ['zh', 'en'] as const) {
      it(
        `tells apart two sources that would read the same (same document, entry title and year) by passage number (${language})`,
        { timeout: 60_000 },
        async () => {
          resetControls();
          const { context, page } = await open('desktop', language);
          // The yearbook cites two passages of its 【概况】 entry for this question.
          await ask(page, zhQuestion);
          const lines = await page.locator('.sipqa-turn .sipqa-source-text').evaluateAll((items) => items.map((item) => item.textContent ?? ''));
          expect(lines.length).toBeGreaterThan(1);
          expect(new Set(lines).size).toBe(lines.length);
          const numbered = lines.filter((line) => (language === 'zh' ? /第 \d+ 段$/ : /passage \d+$/).test(line));
          expect(numbered.length).toBeGreaterThanOrEqual(2);
          await context.close();
        },
      );
    }

    it('the widget reopens at the latest answer, not at the top (phone)', { timeout: 90_000 }, async () => {
      resetControls();
      const { context, page } = await open('phone', 'zh', { path: '/demo' });
      const widget = page.locator('sip-qa-widget');
      await widget.locator('.launcher').click();
      for (const question of [zhQuestion, '园区布局了哪三大“未来产业”？', '2023年苏州工业园区地区生产总值是多少？']) await ask(page, question, 'sip-qa-widget');
      await widget.locator('.sipqa-close').click();
      await widget.locator('.panel').waitFor({ state: 'hidden' });
      await widget.locator('.launcher').click();
      const position = await widget.locator('.sipqa-log').evaluate((log) => ({ top: log.scrollTop, room: log.scrollHeight - log.clientHeight }));
      expect(position.room).toBeGreaterThan(0);
      expect(position.top).toBeGreaterThanOrEqual(position.room - 2);
      // Also after a reload (the conversation comes back from session storage).
      await page.reload();
      await widget.locator('.launcher').click();
      await widget.locator('.sipqa-turn').nth(2).waitFor();
      const restored = await widget.locator('.sipqa-log').evaluate((log) => ({ top: log.scrollTop, room: log.scrollHeight - log.clientHeight }));
      expect(restored.top).toBeGreaterThanOrEqual(restored.room - 2);
      await screenshot(page, 'second-round-widget-reopened-phone-zh');
      await context.close();
    });
  },
);
