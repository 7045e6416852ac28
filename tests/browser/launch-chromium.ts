import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium (STACK.md); CI installs it. Playwright's own browser download cannot work here. */
export const chromiumPath = '/usr/bin/chromium';
export const chromiumMissing = !existsSync(chromiumPath);
export const skipNote = `browser tests skipped: ${chromiumPath} not found (apt-get install -y chromium fonts-wqy-microhei)`;

if (chromiumMissing) console.warn(skipNote);

export const screenshotDir = fileURLToPath(new URL('./screenshots/', import.meta.url));

export async function launchChromium(): Promise<Browser> {
  await mkdir(screenshotDir, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects uncaught page errors so a test can assert the UI threw none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** Waits for finite animations (panels sliding in, also inside shadow roots), then saves `screenshots/<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.evaluate(async () => {
    // Animations start on the next frame after the change that triggers them.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const roots: Array<Document | ShadowRoot> = [
      document,
      ...[...document.querySelectorAll('*')].flatMap((element) => (element.shadowRoot !== null ? [element.shadowRoot] : [])),
    ];
    await Promise.all(
      roots
        .flatMap((root) => root.getAnimations())
        .filter((animation) => animation.effect?.getTiming().iterations !== Infinity)
        .map((animation) => animation.finished.catch(() => undefined)),
    );
  });
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
}
