import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startStrapiProcess } from '../../bench/support/strapi-process';
import { createScriptedLlm } from '../../simulator/scripted-llm';
import { createSimulator } from '../../simulator/simulator';
import { ACCOUNT_SID, AUTH_TOKEN, SERVICE_NUMBER, WEBHOOK_TOKEN } from '../support/pipeline';
import { freePort } from '../support/playground';
import { ARTIFACTS_DIR, launchChromium } from './support/browser';
import { DEMO_MEMBER } from './support/member';

/**
 * The plugin's ready-made linking page in a desktop browser, as a member uses it: log in, get a
 * phrase with its QR code, send the phrase from the phone (the simulator's phone page), see the
 * phone appear on the page, unlink it. Runs under the page's own Content-Security-Policy: any
 * violation (an inline script, a blocked call) would show in the console and fail the test.
 */

let browser: Browser;
let desktop: Page;
let phone: Page;
let stopAll: () => Promise<void>;
const consoleProblems: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  const llm = await createScriptedLlm().start();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const simulator = createSimulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    serviceNumber: `whatsapp:${SERVICE_NUMBER}`,
    phones: [{ number: DEMO_MEMBER.phone, label: "Ada's phone" }],
  });
  await simulator.start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-e2e-linking-page-'));
  const strapi = await startStrapiProcess({
    port,
    env: {
      PLAYGROUND_SEED: 'true',
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: path.join(dataDir, 'data.db'),
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_WHATSAPP_NUMBER: SERVICE_NUMBER,
      WHATSAPP_AGENT_TWILIO_API_URL: simulator.url,
      WHATSAPP_AGENT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      WHATSAPP_AGENT_PUBLIC_URL: baseUrl,
      WHATSAPP_AGENT_BURST_WINDOW_MS: '0',
      OPENAI_BASE_URL: llm.url,
      OPENAI_API_KEY: 'e2e',
      WHATSAPP_AGENT_MODEL: 'offline-demo-model',
      WHATSAPP_AGENT_LINKING_PAGE: 'on',
    },
  });
  simulator.setWebhookUrl(`${baseUrl}/api/whatsapp-agent/webhooks/twilio/${WEBHOOK_TOKEN}`);
  desktop = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  desktop.setDefaultTimeout(20_000);
  desktop.on('console', (message) => {
    // The browser's own /favicon.ico request is the host app's business (the playground answers
    // it 500, a known playground defect), not the page's.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
      consoleProblems.push(`${message.text()} (${message.location().url})`);
  });
  desktop.on('pageerror', (error) => consoleProblems.push(error.message));
  await desktop.goto(`${baseUrl}/api/whatsapp-agent/link`);
  phone = await browser.newPage({ viewport: { width: 480, height: 900 } });
  phone.setDefaultTimeout(20_000);
  await phone.goto(simulator.url);
  stopAll = async () => {
    await strapi.stop();
    await simulator.stop();
    await llm.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}, 180_000);

/** The page scrolls in the document: a full-page shot, as a CI artifact (tests/e2e/artifacts). */
const screenshot = async (page: Page, name: string) => {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
};

afterAll(async () => {
  await browser?.close();
  await stopAll?.();
});

test('log in, get the phrase and its QR code, link the phone with it, see it listed, unlink it', async () => {
  await desktop.locator('#identifier').fill(DEMO_MEMBER.email);
  await desktop.locator('#password').fill(DEMO_MEMBER.password);
  await desktop.locator('#login-form button[type=submit]').click();
  await desktop.locator('#get-phrase').waitFor();
  await desktop.locator('#no-channels').waitFor();

  await desktop.locator('#get-phrase').click();
  // Locators, not waitForFunction: the page's policy forbids the eval that one needs.
  await desktop.locator('#qr[src^="data:image/svg+xml"]').waitFor();
  const qrBox = await desktop.locator('#qr').boundingBox();
  expect(qrBox?.width).toBeGreaterThan(100);
  const phrase = (await desktop.locator('#phrase').textContent()) ?? '';
  expect(phrase).toMatch(/^[a-z]+-[a-z]+-[a-z]+-\d{4}$/);
  const deepLink = (await desktop.locator('#deep-link').getAttribute('href')) ?? '';
  expect(deepLink).toMatch(new RegExp(`^https://wa\\.me/${SERVICE_NUMBER.slice(1)}\\?text=`));
  await screenshot(desktop, 'linking-page-qr-code');

  // The phone sends what the QR code's link pre-fills.
  await phone.locator('#body').fill(new URL(deepLink).searchParams.get('text') ?? '');
  await phone.locator('#composer button[type=submit]').click();
  await phone.waitForFunction(
    "[...document.querySelectorAll('.bubble.out')].some((b) => /^Linked to/.test(b.textContent))"
  );

  // The page looks every few seconds while the phrase is valid.
  await desktop.locator('#linked').waitFor();
  expect(await desktop.locator('#linked').textContent()).toMatch(/^Linked: \+49 .*0001 now talks/);
  expect(await desktop.locator('#channels li').count()).toBe(1);
  expect(await desktop.locator('#phrase-box').isHidden()).toBe(true);
  await screenshot(desktop, 'linking-page-linked');

  desktop.once('dialog', (dialog) => void dialog.accept());
  await desktop.locator('#channels li button', { hasText: 'Unlink' }).click();
  await desktop.locator('#no-channels').waitFor();
  expect(await desktop.locator('#channels li').count()).toBe(0);

  expect(consoleProblems).toEqual([]);
});
