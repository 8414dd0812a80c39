import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { createScriptedLlm } from '../../simulator/scripted-llm';
import { createTwilioEmulator } from '../../simulator/twilio-emulator';
import { buildPluginAndPlayground } from '../../tests/support/global-setup';
import { freePort } from '../../tests/support/playground';
import { processCpuSeconds } from './cpu';
import { pluginEnv } from './plugin-env';
import { startStrapiProcess } from './strapi-process';

const ACCOUNT_SID = `AC${'c'.repeat(32)}`;
const AUTH_TOKEN = 'bench-auth-token-0123456789';
const TOKEN = 'bench-webhook-token-0123456789abcdef';

/**
 * The whole pipeline for a benchmark that needs answers: the built plugin, a seeded playground
 * Strapi in its own process on a fresh SQLite file, the Twilio emulator and the scripted model.
 * The per-sender send rate is lifted: it would measure WhatsApp's throughput, not the plugin.
 * `database` points Strapi elsewhere (PostgreSQL); `instances` runs several Strapi processes on
 * the one database, each with its own env on top (a role), booted one after the other so the
 * first alone migrates and seeds.
 */
export const startAgentStack = async ({
  name,
  env = {},
  database = {},
  instances = [{}],
  built = false,
}: {
  name: string;
  env?: Record<string, string>;
  database?: Record<string, string>;
  instances?: Array<Record<string, string>>;
  /** The plugin and playground were built already (a benchmark starting several stacks). */
  built?: boolean;
}) => {
  if (!built) buildPluginAndPlayground();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wa-bench-${name}-`));
  const twilio = await createTwilioEmulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    callbackStatuses: [],
  }).start();
  const llm = await createScriptedLlm().start();
  const strapis: Array<Awaited<ReturnType<typeof startStrapiProcess>>> = [];
  const stopStrapis = () => Promise.all(strapis.map((strapi) => strapi.stop()));
  try {
    for (const [index, instanceEnv] of instances.entries()) {
      const port = await freePort();
      // Each instance checks signatures against its own URL, as behind a load balancer that keeps the path.
      const instanceUrl = `http://127.0.0.1:${port}`;
      strapis.push(
        await startStrapiProcess({
          port,
          env: {
            PLAYGROUND_SEED: index === 0 ? 'true' : 'false',
            UP_RATELIMIT_MAX: '10000',
            ...pluginEnv({
              dir,
              baseUrl: instanceUrl,
              twilioUrl: twilio.url,
              accountSid: ACCOUNT_SID,
              authToken: AUTH_TOKEN,
              webhookToken: TOKEN,
            }),
            ...database,
            WHATSAPP_AGENT_MESSAGES_PER_SECOND: '1000',
            OPENAI_BASE_URL: llm.url,
            OPENAI_API_KEY: 'bench',
            ...env,
            ...instanceEnv,
          },
        })
      );
    }
  } catch (error) {
    await Promise.all([twilio.stop(), llm.stop(), stopStrapis()]);
    throw error;
  }
  const webhooks = strapis.map((strapi) => ({
    url: `${strapi.baseUrl}/api/whatsapp-agent/webhooks/twilio/${TOKEN}`,
  }));
  const { baseUrl } = strapis[0];
  twilio.setWebhookUrl(webhooks[0].url);

  return {
    baseUrl,
    /** The webhook of each instance, in `instances` order (`sendInbound`'s second argument). */
    webhooks,
    /** Each instance's process id, in `instances` order. */
    pids: strapis.map((strapi) => strapi.pid),
    twilio,
    llm,
    /** CPU time of the Strapi process(es) so far, in ms. */
    strapiCpuMs: () => strapis.reduce((sum, { pid }) => sum + processCpuSeconds(pid) * 1000, 0),
    /**
     * Gives a community a plan no benchmark reaches (its members are still checked against it on
     * every turn): the default plan's 50 turns a month would turn most answers into the over-limit reply.
     */
    async liftUsageLimits(community = 'default') {
      const login = await fetch(`${baseUrl}/admin/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
      });
      const { data } = (await login.json()) as { data: { token: string } };
      const response = await fetch(`${baseUrl}/whatsapp-agent/communities/${community}/plan`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${data.token}` },
        body: JSON.stringify({ kind: 'free', turnsPerMonth: 100_000_000, memberTurnsPerDay: 100_000 }),
      });
      if (!response.ok)
        throw new Error(`Setting the plan failed: ${response.status} ${await response.text()}`);
    },
    async stop() {
      // The emulator first: no status callback may reach a Strapi that is shutting down.
      await twilio.stop();
      await llm.stop();
      await stopStrapis();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};
