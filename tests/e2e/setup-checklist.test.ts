import type { Browser, Page } from 'playwright-core';
import de from '../../admin/src/translations/de.json';
import { ACCOUNT_SID, AUTH_TOKEN, SERVICE_NUMBER } from '../support/pipeline';
import { launchChromium, screenshot } from './support/browser';
import { ADMIN, logInToAdmin, stepsWithScreenshots } from './support/admin';
import { startStack, type Stack } from './support/stack';

/**
 * An admin opens WhatsApp agent → Setup after entering the Twilio credentials. Twilio (the
 * emulator) still posts the number's messages to an old tunnel: the webhook line is red and says
 * which URL to set. The admin sets it at Twilio, runs the checks again, and the line turns green.
 */

const OLD_TUNNEL = 'https://old-tunnel.example.com/api/whatsapp-agent/webhooks/twilio/old-token';

let stack: Stack;
let browser: Browser;
let page: Page;
let inboundUrl: string;

/** The plugin's admin API with an admin's token, as the panel calls it. */
const adminRequest = async (method: 'GET' | 'PUT', path: string, token: string, body?: unknown) => {
  const response = await fetch(`${stack.baseUrl}/whatsapp-agent${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { data: { webhook: { inboundUrl: string } } };
};

const webhookLine = () => page.getByTestId('setup-check-webhook');
const statusOf = async () => webhookLine().getAttribute('data-status');

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

const step = stepsWithScreenshots('setup', () => page);

step('the admin has entered the Twilio credentials; Twilio still points at an old tunnel', async () => {
  const login = await fetch(`${stack.baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const token = ((await login.json()) as { data: { token: string } }).data.token;
  const saved = await adminRequest('PUT', '/settings', token, {
    twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, whatsappNumber: SERVICE_NUMBER },
  });
  inboundUrl = saved.data.webhook.inboundUrl;
  stack.twilio.numbers.setServiceNumberWebhook(OLD_TUNNEL);

  await logInToAdmin(page, stack.baseUrl);
});

step('WhatsApp agent → Setup shows the webhook line red, with the URL to set at Twilio', async () => {
  await page.getByRole('link', { name: 'WhatsApp agent', exact: true }).click();
  await page.getByRole('link', { name: 'Setup' }).click();
  await page.waitForURL(/\/admin\/plugins\/whatsapp-agent\/setup/);
  await webhookLine().waitFor();

  expect(await statusOf()).toBe('fail');
  expect(await webhookLine().textContent()).toContain('Twilio sends incoming messages to this install');
  expect(await webhookLine().textContent()).toContain(
    `Twilio posts incoming messages for ${SERVICE_NUMBER} to ${OLD_TUNNEL}, not to this install.`
  );
  expect(await page.getByTestId('setup-fix-webhook').textContent()).toBe(
    `On the number ${SERVICE_NUMBER} (Console → Phone Numbers → Active numbers → Messaging → "A message comes in"), set it to ${inboundUrl} (method POST).`
  );
  expect(await page.getByTestId('setup-check-credentials').getAttribute('data-status')).toBe('ok');
  await screenshot(page, 'setup-checklist-webhook-wrong');
});

step('after the fix at Twilio, running the checks again turns the line green', async () => {
  stack.twilio.numbers.setServiceNumberWebhook(inboundUrl);
  await page.getByTestId('setup-rerun').click();
  await page.locator('[data-testid="setup-check-webhook"][data-status="ok"]').waitFor();
  expect(await page.getByTestId('setup-fix-webhook').count()).toBe(0);
  await screenshot(page, 'setup-checklist-webhook-fixed');
});

step('a test message to the admin’s phone reaches Twilio', async () => {
  await page.getByTestId('setup-test-to').fill('+49 151 2345 6789');
  await page.getByTestId('setup-test-send').click();
  await page.locator('[data-testid="setup-test-result"][data-ok="true"]').waitFor();
  expect(await page.getByTestId('setup-test-result').textContent()).toMatch(/^Sent to \+4915123456789/);
  expect(stack.twilio.sentTo('+4915123456789')).toHaveLength(1);
  await screenshot(page, 'setup-checklist-test-message');
});

step('in German, the checklist’s titles, badges and buttons are German', async () => {
  // What Strapi's profile page stores when the admin picks "Deutsch" as interface language.
  await page.evaluate("localStorage.setItem('strapi-admin-language', 'de')");
  try {
    await page.reload();
    await page.getByRole('heading', { name: de['setup.title'] }).first().waitFor();
    expect(await webhookLine().textContent()).toContain(de['setup.check.webhook']);
    expect(await webhookLine().textContent()).toContain(de['setup.status.ok']);
    expect(await page.getByTestId('setup-rerun').textContent()).toBe(de['setup.rerun']);
    await screenshot(page, 'de-setup-checklist');
  } finally {
    await page.evaluate("localStorage.setItem('strapi-admin-language', 'en')");
  }
});
