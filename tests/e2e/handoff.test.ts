import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startStrapiProcess } from '../../bench/support/strapi-process';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { createScriptedLlm, type ScriptedLlm } from '../../simulator/scripted-llm';
import { createSimulator } from '../../simulator/simulator';
import { ACCOUNT_SID, AUTH_TOKEN, SERVICE_NUMBER, WEBHOOK_TOKEN } from '../support/pipeline';
import { freePort } from '../support/playground';
import { launchChromium, screenshot } from './support/browser';
import { DEMO_MEMBER } from './support/member';

/**
 * People in the loop in two browser pages, as the demo runs it (offline model, simulator): the
 * member asks for a person on the phone page; the Inbox shows it without a reload; the manager
 * takes over and replies; the phone shows the reply; the manager resolves; the member's next
 * question is the assistant's again.
 */

let browser: Browser;
let phone: Page;
let admin: Page;
let baseUrl: string;
let stopAll: () => Promise<void>;

beforeAll(async () => {
  browser = await launchChromium();
  const llm: ScriptedLlm = await createScriptedLlm().start();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const simulator = createSimulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    serviceNumber: `whatsapp:${SERVICE_NUMBER}`,
    phones: [{ number: DEMO_MEMBER.phone, label: "Ada's phone" }],
    strapiUrl: baseUrl,
  });
  await simulator.start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-e2e-handoff-'));
  const strapi = await startStrapiProcess({
    port,
    env: {
      // The manager's side is the built admin panel, served by the same process.
      SERVE_ADMIN: 'true',
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
    },
  });
  simulator.setWebhookUrl(`${baseUrl}/api/whatsapp-agent/webhooks/twilio/${WEBHOOK_TOKEN}`);
  phone = await browser.newPage({ viewport: { width: 480, height: 900 } });
  admin = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  for (const page of [phone, admin]) page.setDefaultTimeout(20_000);
  await phone.goto(simulator.url);
  stopAll = async () => {
    await strapi.stop();
    await simulator.stop();
    await llm.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopAll?.();
});

const send = async (text: string) => {
  await phone.locator('#body').fill(text);
  await phone.locator('#composer button[type=submit]').click();
};
/**
 * A second community manager, made as an admin would make one: a role holding the conversation
 * permissions, an invited admin user, and their registration (which activates them).
 */
const inviteManager = async (firstname: string, lastname: string) => {
  const call = async (method: string, url: string, token: string | null, body: unknown) => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { data: Record<string, unknown> }).data;
  };
  const { token } = await call('POST', '/admin/login', null, {
    email: DEMO_ADMIN.email,
    password: DEMO_ADMIN.password,
  });
  const role = await call('POST', '/admin/roles', String(token), { name: 'Community manager' });
  await call('PUT', `/admin/roles/${String(role.id)}/permissions`, String(token), {
    permissions: ['read', 'reply', 'assign'].map((name) => ({
      action: `plugin::whatsapp-agent.conversations.${name}`,
      subject: null,
      properties: {},
      conditions: [],
    })),
  });
  const user = await call('POST', '/admin/users', String(token), {
    firstname,
    lastname,
    email: `${firstname.toLowerCase()}@example.com`,
    roles: [role.id],
  });
  await call('POST', '/admin/register', null, {
    registrationToken: user.registrationToken,
    userInfo: { firstname, lastname, password: 'Manager-pass-2026!' },
  });
};

/** Waits until the phone page shows a message from us matching `pattern`. */
const phoneShows = (pattern: RegExp) =>
  phone.waitForFunction(
    `[...document.querySelectorAll('.bubble.out')].some((b) => new RegExp(${JSON.stringify(pattern.source)}).test(b.textContent))`
  );

test('the member asks for a person; the Inbox and the menu show it without a reload; the manager assigns, takes over, replies and resolves', async () => {
  await inviteManager('Maya', 'Manager');
  // Link Ada's phone from the page, as the demo does.
  await phone.locator('#linking summary').click();
  await phone.locator('#link-form button[type=submit]').click();
  await phone.waitForFunction("document.getElementById('body').value.length > 0");
  await phone.locator('#composer button[type=submit]').click();
  await phoneShows(/^Linked to/);

  // The manager opens the Inbox first: what follows must appear without a reload.
  await admin.goto(`${baseUrl}/admin/auth/login`);
  await admin.locator('input[name="email"]').fill(DEMO_ADMIN.email);
  await admin.locator('input[name="password"]').fill(DEMO_ADMIN.password);
  await admin.getByRole('button', { name: 'Login' }).click();
  await admin.waitForURL((url) => !url.pathname.includes('/auth/'));
  await admin.goto(`${baseUrl}/admin/plugins/whatsapp-agent/inbox`);
  await admin.getByText('Nobody is waiting for a person.').waitFor();
  let navigations = 0;
  admin.on('framenavigated', (frame) => {
    if (frame === admin.mainFrame()) navigations += 1;
  });

  await send('can I talk to a person?');
  await phoneShows(/A community manager will answer here/);
  const row = admin.getByTestId('inbox-row').first();
  await row.waitFor();
  expect(navigations).toBe(0);
  expect(await row.textContent()).toContain('Waiting');
  // The main menu's icon counts the members waiting, on every page of the admin.
  await admin.getByTestId('menu-waiting').filter({ hasText: /^1$/ }).waitFor();
  await screenshot(admin, 'handoff-inbox');

  await row.click();
  // To another manager: the picker offers those who may answer it.
  await admin.getByRole('combobox', { name: 'Assign to…' }).click();
  await admin.getByRole('option', { name: 'Maya Manager' }).click();
  await admin.getByTestId('handoff-state').filter({ hasText: 'Maya Manager has it' }).waitFor();
  await admin.getByTestId('event-assigned').first().waitFor();
  // Nobody waits any more: the menu's count goes.
  await admin.getByTestId('menu-waiting').waitFor({ state: 'detached' });

  await admin.getByTestId('assign-to-me').click();
  await admin.getByTestId('handoff-state').filter({ hasText: 'has it' }).waitFor();
  await admin
    .getByRole('textbox', { name: 'Reply to the member' })
    .fill('Hi Ada, Demo here. How can I help?');
  await admin.getByTestId('send-reply').click();
  await phoneShows(/Demo \(community team\): Hi Ada, Demo here\. How can I help\?/);

  // The member's answer reaches the open conversation without a reload.
  await send('I need help with my membership fee');
  await admin.getByTestId('handoff-timeline').getByText('I need help with my membership fee').waitFor();
  await screenshot(admin, 'handoff-conversation-reply-box');

  await admin.getByTestId('resolve').click();
  await admin.getByTestId('handoff-state').filter({ hasText: 'The assistant answers' }).waitFor();
  await phoneShows(/back with the community assistant/);

  await send('any events next week?');
  await phoneShows(/^(Here is what I found|I found nothing)/);
  await screenshot(phone, 'handoff-phone');
});

test("an admin sets the members' words for a person and limits a manager to a community in Settings", async () => {
  await admin.goto(`${baseUrl}/admin/settings/whatsapp-agent/handoff`);
  const words = admin.getByTestId('setting-handoff.requestWords');
  await words.fill('HUMAN, PERSON, MENSCH');
  const [saved] = await Promise.all([
    admin.waitForResponse(
      (response) =>
        response.url().endsWith('/whatsapp-agent/settings') && response.request().method() === 'PUT'
    ),
    admin.getByTestId('settings-save').click(),
  ]);
  expect(saved.status()).toBe(200);

  const scopes = admin.getByTestId('settings-scopes');
  await scopes.getByTestId('scopes-add').click();
  await scopes.getByRole('combobox', { name: 'Admin user' }).click();
  await admin.getByRole('option', { name: 'Maya Manager' }).click();
  await scopes.getByRole('combobox', { name: 'Communities' }).click();
  const community = admin.getByRole('option').first();
  const communityName = (await community.textContent())?.trim() ?? '';
  await community.click();
  await admin.keyboard.press('Escape');
  const [stored] = await Promise.all([
    admin.waitForResponse(
      (response) =>
        response.url().endsWith('/whatsapp-agent/manager-scopes') && response.request().method() === 'PUT'
    ),
    scopes.getByTestId('scopes-save').click(),
  ]);
  expect(stored.status()).toBe(200);
  await screenshot(admin, 'handoff-settings');

  // Both survive a reload, and the member's new word asks for a person.
  await admin.reload();
  expect(await admin.getByTestId('setting-handoff.requestWords').inputValue()).toBe('HUMAN, PERSON, MENSCH');
  await admin.getByTestId('scope-0').getByText('Maya Manager').waitFor();
  await admin.getByTestId('scope-0').getByText(communityName).waitFor();
  const handoffNotices = `[...document.querySelectorAll('.bubble.out')].filter((b) => /A community manager will answer here/.test(b.textContent)).length`;
  const before = Number(await phone.evaluate(handoffNotices));
  await send('mensch');
  await phone.waitForFunction(`${handoffNotices} > ${before}`);
});
