import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startStrapiProcess } from '../../bench/support/strapi-process';
import { createScriptedLlm, type ScriptedLlm } from '../../simulator/scripted-llm';
import { createMetaSimulator, createSimulator } from '../../simulator/simulator';
import { ACCOUNT_SID, AUTH_TOKEN, SERVICE_NUMBER, WEBHOOK_TOKEN } from '../support/pipeline';
import { freePort } from '../support/playground';
import { launchChromium, screenshot } from './support/browser';
import { DEMO_MEMBER } from './support/member';

/**
 * The demo's WhatsApp simulator in a browser, as a person tries the product: link Ada's phone
 * from the page, ask the offline demo model to book an event, tap the Yes button the plugin sends,
 * and see it done; then send a voice note and a picture from the page's samples.
 */

/** Strapi configured for one provider, the phone page on that provider's emulator, and a browser tab on it. */
const startPhonePage = async (provider: 'twilio' | 'meta') => {
  const llm: ScriptedLlm = await createScriptedLlm().start();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const page = {
    phones: [{ number: DEMO_MEMBER.phone, label: "Ada's phone" }],
    // The page's "link a demo account" panel logs in here, as the community's website would.
    strapiUrl: baseUrl,
  };
  const simulator =
    provider === 'meta'
      ? createMetaSimulator({ ...META_ACCOUNT, ...page })
      : createSimulator({
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          serviceNumber: `whatsapp:${SERVICE_NUMBER}`,
          ...page,
        });
  await simulator.start();
  const providerEnv: Record<string, string> =
    provider === 'meta'
      ? {
          META_WHATSAPP_PHONE_NUMBER_ID: META_ACCOUNT.phoneNumberId,
          META_WHATSAPP_BUSINESS_ACCOUNT_ID: META_ACCOUNT.businessAccountId,
          META_WHATSAPP_ACCESS_TOKEN: META_ACCOUNT.accessToken,
          META_APP_SECRET: META_ACCOUNT.appSecret,
          META_WEBHOOK_VERIFY_TOKEN: 'e2e-verify-token-0123456789',
          WHATSAPP_AGENT_META_API_URL: simulator.url,
        }
      : {
          TWILIO_ACCOUNT_SID: ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: AUTH_TOKEN,
          TWILIO_WHATSAPP_NUMBER: SERVICE_NUMBER,
          WHATSAPP_AGENT_TWILIO_API_URL: simulator.url,
        };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `wa-e2e-phone-${provider}-`));
  const strapi = await startStrapiProcess({
    port,
    env: {
      PLAYGROUND_SEED: 'true',
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: path.join(dataDir, 'data.db'),
      ...providerEnv,
      WHATSAPP_AGENT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      WHATSAPP_AGENT_PUBLIC_URL: baseUrl,
      WHATSAPP_AGENT_BURST_WINDOW_MS: '0',
      OPENAI_BASE_URL: llm.url,
      OPENAI_API_KEY: 'e2e',
      WHATSAPP_AGENT_MODEL: 'offline-demo-model',
      // As the demo runs the offline model: it takes pictures.
      WHATSAPP_AGENT_VISION: 'on',
    },
  });
  simulator.setWebhookUrl(`${baseUrl}/api/whatsapp-agent/webhooks/${provider}/${WEBHOOK_TOKEN}`);
  const tab = await browser.newPage({ viewport: { width: 480, height: 900 } });
  tab.setDefaultTimeout(20_000);
  await tab.goto(simulator.url);
  return {
    tab,
    stop: async () => {
      await strapi.stop();
      await simulator.stop();
      await llm.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

const META_ACCOUNT = {
  phoneNumberId: '106540352242922',
  businessAccountId: '102290129340398',
  displayPhoneNumber: '+15550001234',
  accessToken: 'EAAe2e-access-token-0123456789',
  appSecret: 'e2e-app-secret-0123456789',
};

let browser: Browser;
let page: Page;
let stopAll: () => Promise<void>;

beforeAll(async () => {
  browser = await launchChromium();
  const started = await startPhonePage('twilio');
  page = started.tab;
  stopAll = started.stop;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopAll?.();
});

const send = async (text: string) => {
  await page.locator('#body').fill(text);
  await page.locator('#composer button[type=submit]').click();
};
const lastReply = () => page.locator('.bubble.out').last();
/** Ada's phone linked from the page's panel: a phrase pre-filled, sent, and the confirmation back. */
const linkFromThePage = async (tab: Page) => {
  await tab.locator('#linking summary').click();
  await tab.locator('#link-form button[type=submit]').click();
  await tab.waitForFunction("document.getElementById('body').value.length > 0");
  await tab.locator('#composer button[type=submit]').click();
  await tab.waitForFunction(
    "[...document.querySelectorAll('.bubble.out')].some((b) => /^Linked to/.test(b.textContent))"
  );
};

test('a member links, asks to book an event, taps Yes on the buttons, and it is done', async () => {
  expect(await page.locator('#provider').textContent()).toBe('via Twilio');
  await linkFromThePage(page);

  await send('Book me into the next climate meetup');
  const question = page.locator('.bubble.out', { hasText: 'Reply YES to confirm' }).last();
  await question.waitFor();
  expect(await question.locator('.buttons button').allTextContents()).toEqual(['Yes', 'No']);
  await screenshot(page, 'phone-page-confirmation-buttons');

  await question.locator('.buttons button', { hasText: 'Yes' }).click();
  await page.waitForFunction(
    "[...document.querySelectorAll('.bubble.out')].some((b) => /^Done: RSVP/.test(b.textContent))"
  );
  // WhatsApp's *bold* shows as bold, as on the phone, not as asterisks.
  expect(await lastReply().textContent()).toMatch(/^Done: RSVP going to /);
  expect(await lastReply().locator('strong').first().textContent()).toBe('going');
  await screenshot(page, 'phone-page-confirmed');
});

test('the events a reply lists come as a list to pick from; a pick proposes the RSVP', async () => {
  await send('Any events this month?');
  const listed = page.locator('.bubble.out', { hasText: 'Here is what I found' }).last();
  await listed.waitFor();
  await listed.locator('.list summary').click();
  const items = listed.locator('.list button');
  expect(await items.count()).toBeGreaterThanOrEqual(2);
  await screenshot(page, 'phone-page-list-picker');

  const picked = (await items.first().textContent())?.split(' — ')[0] ?? '';
  await items.first().click();
  const question = page.locator('.bubble.out', { hasText: 'Reply YES to confirm' }).last();
  await page.waitForFunction(
    "[...document.querySelectorAll('.bubble.out')].filter((b) => /Reply YES to confirm/.test(b.textContent)).length >= 2"
  );
  expect(await question.textContent()).toContain(picked.replace(/…$/, ''));
  await screenshot(page, 'phone-page-list-picked');
});

test('the linked member sends a voice note and a picture, and gets answers to them', async () => {
  await page.locator('#attach').selectOption('who-should-i-meet.ogg');
  await page.locator('#composer button[type=submit]').click();
  // Transcribed before the turn: the offline model answers "who should I meet?" with suggestions.
  await page.waitForFunction(
    "[...document.querySelectorAll('.bubble.out')].some((b) => /^People you could meet/.test(b.textContent))"
  );
  expect(await page.locator('.bubble.in audio').count()).toBe(1);
  await screenshot(page, 'phone-page-voice-note');

  await page.locator('#attach').selectOption('picture.png');
  await send('What do you see?');
  await page.waitForFunction(
    "[...document.querySelectorAll('.bubble.out')].some((b) => /^I can see your picture \\(image\\/png/.test(b.textContent))"
  );
  expect(await lastReply().textContent()).toContain('captioned "What do you see?"');
  expect(await page.locator('.bubble.in img').count()).toBe(1);
  await screenshot(page, 'phone-page-picture');
});

describe("on Meta's Cloud API (DEMO_PROVIDER=meta)", () => {
  let meta: Awaited<ReturnType<typeof startPhonePage>>;
  beforeAll(async () => {
    meta = await startPhonePage('meta');
  }, 180_000);
  afterAll(async () => {
    await meta?.stop();
  });

  test('the same page links the phone, and a tap on a reply button reaches the plugin through Meta', async () => {
    const tab = meta.tab;
    expect(await tab.locator('#provider').textContent()).toBe("via Meta's Cloud API");
    await linkFromThePage(tab);
    await tab.locator('#body').fill('Book me into the next climate meetup');
    await tab.locator('#composer button[type=submit]').click();
    const question = tab.locator('.bubble.out', { hasText: 'Reply YES to confirm' }).last();
    await question.waitFor();
    await question.locator('.buttons button', { hasText: 'Yes' }).click();
    await tab.waitForFunction(
      "[...document.querySelectorAll('.bubble.out')].some((b) => /^Done: RSVP/.test(b.textContent))"
    );
    await screenshot(tab, 'phone-page-meta-confirmed');
  });
});
