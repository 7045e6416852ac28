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
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Collects uncaught page errors so a test can assert the UI threw none. */
export function watchPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${screenshotDir}${name}.png` });
}
