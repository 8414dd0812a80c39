import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/paths';

/** Debian's `chromium` package: playwright-core drives it and downloads no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'tests', 'e2e', 'artifacts');

export const launchChromium = async (): Promise<Browser> => {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The e2e test needs Chromium at ${CHROMIUM_PATH}: install Debian's package with "apt-get install chromium".`
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
};

/** Toasts would cover the page header in the screenshots. */
const dismissToasts = async (page: Page) => {
  const toasts = page.locator('[data-sonner-toast]');
  const deadline = Date.now() + 6_000;
  // Stacked toasts come to the front one at a time; each closes with its own button.
  while ((await toasts.count()) > 0 && Date.now() < deadline) {
    await toasts
      .first()
      .getByRole('button', { name: 'Close' })
      .click({ timeout: 500 })
      .catch(() => undefined);
    await page.waitForTimeout(100);
  }
};

/**
 * The whole page as a CI artifact (tests/e2e/artifacts is git-ignored). The admin panel scrolls
 * inside its own layout, not the document, so the viewport is stretched to the content instead.
 */
export const screenshot = async (page: Page, name: string) => {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await dismissToasts(page);
  // Let accordions finish opening before measuring.
  await page.waitForTimeout(400);
  const viewport = page.viewportSize() ?? { width: 1440, height: 1000 };
  // A string, evaluated in the page: the tests' own TypeScript has no DOM types.
  const height = await page.evaluate<number>(
    "Math.max(...Array.from(document.querySelectorAll('body *'), (element) => element.scrollHeight))"
  );
  await page.setViewportSize({
    width: viewport.width,
    height: Math.min(Math.max(height + 120, viewport.height), 6_000),
  });
  await page.waitForTimeout(200);
  await page.screenshot({ path: file });
  await page.setViewportSize(viewport);
  return file;
};
