import type { Page } from 'playwright-core';
import { screenshot } from './browser';

/** The playground's seeded super admin (PLAYGROUND_SEED). */
export const ADMIN = { email: 'admin@example.com', password: 'Admin-pass-2026!' };

/** Logs in through Strapi's own login form, as a person would, and waits for the dashboard. */
export const logInToAdmin = async (page: Page, baseUrl: string, admin = ADMIN) => {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(admin.email);
  await page.locator('input[name="password"]').fill(admin.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'));
};

/**
 * `test`, for a story told in steps on one page: a failing step leaves a picture of what the
 * browser showed (`failed-<story>-<step>.png` in the artifacts).
 */
export const stepsWithScreenshots =
  (story: string, page: () => Page) => (name: string, run: () => Promise<void>) =>
    test(name, async () => {
      try {
        await run();
      } catch (error) {
        await screenshot(page(), `failed-${story}-${name.replace(/\W+/g, '-').slice(0, 60)}`).catch(
          () => undefined
        );
        throw error;
      }
    });

/** The pages of Settings → WhatsApp agent: their address under /admin/settings/whatsapp-agent. */
export const SETTINGS_PAGES = {
  connection: '/connection',
  ai: '/ai',
  tools: '/tools',
  messages: '/messages',
  prices: '/prices',
  handoff: '/handoff',
} as const;

/**
 * Opens a page of Settings → WhatsApp agent through the settings menu, by its link's name, as
 * an admin would, and waits for its sections.
 */
export const openSettingsPage = async (page: Page, which: keyof typeof SETTINGS_PAGES, linkName: string) => {
  if (!new URL(page.url()).pathname.startsWith('/admin/settings')) {
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
  }
  await page
    .getByRole('link', { name: linkName, exact: true })
    .and(page.locator(`[href$="/settings/whatsapp-agent${SETTINGS_PAGES[which]}"]`))
    .click();
  await page.waitForURL(new RegExp(`/admin/settings/whatsapp-agent${SETTINGS_PAGES[which]}$`));
  await page.getByTestId(`settings-page-${which}`).waitFor();
};
