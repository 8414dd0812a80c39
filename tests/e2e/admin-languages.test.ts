import type { Browser, Page } from 'playwright-core';
import de from '../../admin/src/translations/de.json';
import { fieldTexts } from '../../server/src/settings/field-texts';
import { launchChromium, screenshot } from './support/browser';
import { logInToAdmin, stepsWithScreenshots } from './support/admin';
import { startStack, type Stack } from './support/stack';

/**
 * An admin who reads German: once Strapi's interface language is German (the playground lists
 * de, fr and es in its admin config), the plugin's pages speak German too — its menu, its
 * sub-navigation, the settings and the usage dashboard — with no English sentence left over.
 */

let stack: Stack;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startStack();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(20_000);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const step = stepsWithScreenshots('languages', () => page);

step('the admin logs in and switches the interface to German', async () => {
  await logInToAdmin(page, stack.baseUrl);
  // What Strapi's profile page stores when the admin picks "Deutsch" as interface language.
  await page.evaluate("localStorage.setItem('strapi-admin-language', 'de')");
  await page.reload();
});

step('the plugin’s menu, its pages and their headings are German', async () => {
  await page.getByRole('link', { name: de['menu.link'], exact: true }).click();
  await page.getByRole('link', { name: de['nav.channels'] }).waitFor();
  await page.getByText(de['channels.subtitle']).waitFor();
  await screenshot(page, 'de-linked-members');

  await page.getByRole('link', { name: de['nav.usage'] }).click();
  await page.getByRole('heading', { name: de['usage.title'] }).waitFor();
  await page.getByText(de['usage.subtitle']).waitFor();
  await screenshot(page, 'de-usage');

  await page.getByRole('link', { name: de['nav.inbox'] }).click();
  await page.getByText(de['inbox.empty']).waitFor();
  await screenshot(page, 'de-inbox');
});

step('the settings pages are German, down to their buttons and help texts', async () => {
  await page.goto(`${stack.baseUrl}/admin/settings/whatsapp-agent/connection`);
  await page.getByRole('heading', { name: de['settings.pages.connection'], exact: true }).waitFor();
  await page.getByText(de['settings.subtitle']).waitFor();
  await page.getByText(de['settings.twilio.description']).waitFor();
  await page
    .getByRole('button', { name: de['settings.twilio.check.unsaved'] })
    .or(page.getByRole('button', { name: de['settings.twilio.check'] }))
    .first()
    .waitFor();
  expect(await page.getByText('Connect Twilio and an AI model').count()).toBe(0);
  await screenshot(page, 'de-settings');

  // Every page of the settings menu, by its German name, with its German heading.
  for (const id of ['ai', 'tools', 'messages', 'prices', 'handoff'] as const) {
    await page.getByRole('link', { name: de[`settings.pages.${id}`], exact: true }).click();
    await page.getByTestId(`settings-page-${id}`).waitFor();
    await page.getByRole('heading', { name: de[`settings.pages.${id}`], exact: true }).waitFor();
    await page.getByText(de[`settings.pages.${id}.subtitle`]).waitFor();
    // The fixed replies under German headings of what they are about.
    if (id === 'messages') await page.getByText(de['settings.messages.groups.linking']).waitFor();
    // Fields labelled from their entries in the settings table, not from a translation file.
    if (id === 'ai') {
      const fields = fieldTexts('de');
      for (const key of ['settings.ai.systemPrompt', 'settings.media.transcriptionMaxSeconds'])
        await page.getByText(fields[key], { exact: true }).waitFor();
      expect(await page.getByText('Longest voice note (seconds)').count()).toBe(0);
    }
    await screenshot(page, `de-settings-${id}`);
  }
});
