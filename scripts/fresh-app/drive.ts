/**
 * The last step of scripts/fresh-app-check.sh: boots the fresh app (`npm run start`, as the
 * README says) wired to this repository's Twilio emulator and offline model, then does what a
 * new member does: registers, opens the linking page, gets a phrase, sends it from a phone
 * (a signed webhook), and asks a question the agent answers from the app's own events.
 * Usage: tsx drive.ts <app dir>. Exits non-zero, saying which step failed.
 */
import { spawn } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { createScriptedLlm } from '../../simulator/scripted-llm';
import { createTwilioEmulator } from '../../simulator/twilio-emulator';

const appDir = process.argv[2];
const ACCOUNT_SID = `AC${'f'.repeat(32)}`;
const AUTH_TOKEN = 'fresh-app-auth-token-0123456789';
const WEBHOOK_TOKEN = 'fresh-app-webhook-token-0123456789abcdef';
const SERVICE_NUMBER = '+14155238886';
const PHONE = 'whatsapp:+4917612345678';
/** Generous: a loaded 2-core machine boots Strapi in seconds, not minutes. */
const BOOT_BUDGET_MS = 180_000;
const REPLY_BUDGET_MS = 120_000;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

const step = (text: string) => console.log(`  · ${text}`);
const until = async <T>(what: string, budgetMs: number, probe: () => Promise<T | undefined>) => {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: nothing within ${budgetMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

const main = async () => {
  const twilio = await createTwilioEmulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    serviceNumber: `whatsapp:${SERVICE_NUMBER}`,
  }).start();
  const llm = await createScriptedLlm().start();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  twilio.setWebhookUrl(`${baseUrl}/api/whatsapp-agent/webhooks/twilio/${WEBHOOK_TOKEN}`);

  const output: string[] = [];
  const strapi = spawn('npm', ['run', 'start'], {
    cwd: appDir,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      STRAPI_TELEMETRY_DISABLED: 'true',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_WHATSAPP_NUMBER: SERVICE_NUMBER,
      WHATSAPP_AGENT_TWILIO_API_URL: twilio.url,
      WHATSAPP_AGENT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
      WHATSAPP_AGENT_PUBLIC_URL: baseUrl,
      OPENAI_BASE_URL: llm.url,
      OPENAI_API_KEY: 'offline',
      WHATSAPP_AGENT_MODEL: 'offline-demo-model',
    },
  });
  strapi.stdout.setEncoding('utf8').on('data', (text: string) => output.push(text));
  strapi.stderr.setEncoding('utf8').on('data', (text: string) => output.push(text));
  const stop = async () => {
    // The whole group: npm and the Strapi process it started.
    if (strapi.exitCode === null && strapi.pid) process.kill(-strapi.pid, 'SIGTERM');
    await twilio.stop();
    await llm.stop();
  };

  try {
    step(`npm run start on ${baseUrl}`);
    await until('Strapi answering /_health', BOOT_BUDGET_MS, async () => {
      if (strapi.exitCode !== null) throw new Error(`Strapi exited with code ${strapi.exitCode}`);
      return fetch(`${baseUrl}/_health`).then(
        (response) => (response.ok ? true : undefined),
        () => undefined
      );
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${output.join('').slice(-4000)}`);
    });

    const post = async (path: string, body: unknown, jwt?: string) => {
      const response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(jwt ? { Authorization: `Bearer ${jwt}` } : {}) },
        body: JSON.stringify(body),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(json)}`);
      return json;
    };

    step('a member registers (POST /api/auth/local/register)');
    const member = await post('/api/auth/local/register', {
      username: 'fresh-member',
      email: 'fresh-member@example.com',
      password: 'Fresh-pass-2026',
    });
    if (typeof member.refreshToken !== 'string')
      throw new Error("No refreshToken at login: users-permissions is not in jwtManagement: 'refresh' mode");

    step('the linking page answers (GET /api/whatsapp-agent/link)');
    const page = await fetch(`${baseUrl}/api/whatsapp-agent/link`);
    if (page.status !== 200 || !(await page.text()).includes('/whatsapp-agent/link/app.js'))
      throw new Error(`The linking page answered ${page.status}`);

    step('a linking phrase (POST /api/whatsapp-agent/link-codes)');
    const code = await post('/api/whatsapp-agent/link-codes', {}, member.jwt as string);
    const text = new URL(String(code.deepLink)).searchParams.get('text') ?? '';

    const say = async (body: string) => {
      const before = twilio.sentTo(PHONE).length;
      const { status } = await twilio.sendInbound({ from: PHONE, body });
      if (status !== 200) throw new Error(`The webhook answered ${status} to "${body}"`);
      return until(`a reply to "${body}"`, REPLY_BUDGET_MS, async () => {
        const replies = twilio.sentTo(PHONE).slice(before);
        return replies.length > 0 ? replies.map((reply) => reply.body).join('\n') : undefined;
      });
    };

    step(`the phone sends "${text}" (signed webhook)`);
    const linked = await say(text);
    if (!/^Linked to /.test(linked)) throw new Error(`Linking failed, the phone got: ${linked}`);
    console.log(`    ← ${linked.split('\n')[0]}`);

    step('the member asks "Any events this month?"');
    const answer = await say('Any events this month?');
    console.log(`    ← ${answer.replace(/\n/g, '\n      ')}`);
    if (!answer.includes('Fresh app climate meetup'))
      throw new Error(`The answer does not name the app's event: ${answer}`);
  } finally {
    await stop();
  }
};

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`✖ ${error.message}`);
    process.exit(1);
  }
);
