// Temporary: CPU profile of the Strapi process under webhook-only or floor-only load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { createTwilioEmulator, newSid } from '../simulator/twilio-emulator';
import { freePort } from '../tests/support/playground';
import { pluginEnv } from './support/plugin-env';
import { startStrapiProcess } from './support/strapi-process';

const ACCOUNT_SID = `AC${'b'.repeat(32)}`;
const AUTH_TOKEN = 'bench-auth-token';
const TOKEN = 'bench-webhook-token-0123456789abcdef';
const main = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-prof-'));
  const twilio = await createTwilioEmulator({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, enforceWindow: false }).start();
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const webhookPath = `/api/whatsapp-agent/webhooks/twilio/${TOKEN}`;
  const env = pluginEnv({ dir, baseUrl: publicUrl, twilioUrl: twilio.url, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, webhookToken: TOKEN });
  const strapi = await startStrapiProcess({ port, env: { WHATSAPP_AGENT_WORKER: 'off', ...env } });
  let counter = 0;
  const urls = { webhook: `${strapi.baseUrl}${webhookPath}`, floor: `${strapi.baseUrl}/api/noop/insert` };
  let kind: 'webhook' | 'floor' = 'webhook';
  const request = (r: autocannon.Request) => {
    counter += 1;
    const params = { MessageSid: newSid('SM'), AccountSid: ACCOUNT_SID, From: `whatsapp:+49151${String(counter % 200).padStart(7, '0')}`, To: 'whatsapp:+14155238886', Body: `Bench message ${counter}`, NumMedia: '0' };
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (kind === 'webhook') headers['x-twilio-signature'] = getExpectedTwilioSignature(AUTH_TOKEN, `${publicUrl}${webhookPath}`, params);
    return { ...r, method: 'POST' as const, headers, body: new URLSearchParams(params).toString() };
  };
  for (const k of ['webhook', 'floor'] as const) { kind = k; await autocannon({ url: urls[k], connections: 20, duration: 3, requests: [{ setupRequest: request }] }); }
  for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round += 1)
    for (const k of ['floor', 'webhook'] as const) {
      kind = k;
      const start = counter;
      const t0 = process.hrtime.bigint() / 1000n;
      const result = await autocannon({ url: urls[k], connections: 20, duration: Number(process.env.DUR ?? 5), requests: [{ setupRequest: request }] });
      const t1 = process.hrtime.bigint() / 1000n;
      console.log('WINDOW', k, String(t0), String(t1), counter - start, result.requests.average, result.non2xx);
    }
  await strapi.stop();
  await twilio.stop();
  fs.rmSync(dir, { recursive: true, force: true });
};
main().catch((e) => { console.error(e); process.exit(1); });
