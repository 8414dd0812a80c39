import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { startStrapiProcess } from '../../bench/support/strapi-process';
import { freePort } from '../support/playground';
import { ARTIFACTS_DIR, launchChromium } from './support/browser';
import { DEMO_MEMBER } from './support/member';

/**
 * The MCP OAuth consent page in a real browser, as a member meets it when their assistant's
 * "Connect" opens it: under its own Content-Security-Policy (no script, a hashed style, its form
 * allowed to post here and to be redirected to the client's loopback address), sign in, allow,
 * and land on the client's redirect URI with a code the client can exchange.
 */

let browser: Browser;
let page: Page;
let baseUrl: string;
let callbackUrl: string;
let stopAll: () => Promise<void>;
const consoleProblems: string[] = [];
const callbacks: URL[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  // The client's own redirect listener, as a desktop client runs one on loopback.
  const listener = http.createServer((request, response) => {
    callbacks.push(new URL(request.url ?? '/', 'http://127.0.0.1'));
    response.writeHead(200, { 'Content-Type': 'text/html' }).end('<p>You can close this window.</p>');
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  callbackUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/callback`;
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-e2e-mcp-oauth-'));
  const strapi = await startStrapiProcess({
    port,
    env: {
      PLAYGROUND_SEED: 'true',
      // Only the plugin's own page is under test here, not the admin bundle.
      SERVE_ADMIN: 'false',
      DATABASE_CLIENT: 'sqlite',
      DATABASE_FILENAME: path.join(dataDir, 'data.db'),
      WHATSAPP_AGENT_PUBLIC_URL: baseUrl,
      WHATSAPP_AGENT_MCP: 'on',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      OPENAI_API_KEY: 'e2e',
    },
  });
  page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  page.setDefaultTimeout(20_000);
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico'))
      consoleProblems.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => consoleProblems.push(error.message));
  stopAll = async () => {
    await strapi.stop();
    await new Promise((resolve) => listener.close(resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await stopAll?.();
});

test('the member signs in on the consent page, allows, and the client gets a code it can exchange', async () => {
  const registered = await fetch(`${baseUrl}/api/whatsapp-agent/oauth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_name: 'Claude', redirect_uris: [callbackUrl] }),
  });
  expect(registered.status).toBe(201);
  const { client_id: clientId } = (await registered.json()) as { client_id: string };
  const verifier = crypto.randomBytes(32).toString('base64url');
  const authorize = new URL(`${baseUrl}/api/whatsapp-agent/oauth/authorize`);
  for (const [name, value] of Object.entries({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: callbackUrl,
    code_challenge: crypto.createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    state: 'e2e-state',
    resource: `${baseUrl}/api/whatsapp-agent/mcp`,
  }))
    authorize.searchParams.set(name, value);

  await page.goto(authorize.href);
  await page.getByRole('heading', { name: 'Claude asks to use the community assistant as you' }).waitFor();
  await page.getByText('rsvp_event').waitFor();
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'mcp-oauth-consent.png'), fullPage: true });

  await page.locator('#identifier').fill(DEMO_MEMBER.email);
  await page.locator('#password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in and allow' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();

  await page.locator('#password').fill(DEMO_MEMBER.password);
  await page.getByRole('button', { name: 'Sign in and allow' }).click();
  await page.getByText('You can close this window.').waitFor();
  const [callback] = callbacks;
  expect(callback?.pathname).toBe('/callback');
  expect(callback?.searchParams.get('state')).toBe('e2e-state');
  const code = String(callback?.searchParams.get('code'));

  const exchanged = await fetch(`${baseUrl}/api/whatsapp-agent/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      client_id: clientId,
      redirect_uri: callbackUrl,
    }),
  });
  expect(exchanged.status).toBe(200);
  expect(await exchanged.json()).toMatchObject({ access_token: expect.stringMatching(/^wamcpa_/) });
  // The wrong password's page answers 401, which Chromium logs; nothing else (no CSP violation).
  expect(consoleProblems).toEqual([expect.stringMatching(/status of 401 .*\/oauth\/authorize/)]);
});
