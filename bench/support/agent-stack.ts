import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createScriptedLlm } from '../../simulator/scripted-llm';
import { createTwilioEmulator } from '../../simulator/twilio-emulator';
import globalSetup from '../../tests/support/global-setup';
import { freePort } from '../../tests/support/playground';
import { pluginEnv } from './plugin-env';
import { startStrapiProcess } from './strapi-process';

const ACCOUNT_SID = `AC${'c'.repeat(32)}`;
const AUTH_TOKEN = 'bench-auth-token-0123456789';
const TOKEN = 'bench-webhook-token-0123456789abcdef';

/**
 * The whole pipeline for a benchmark that needs answers: the built plugin, a seeded playground
 * Strapi in its own process on a fresh SQLite file, the Twilio emulator and the scripted model.
 * The per-sender send rate is lifted: it would measure WhatsApp's throughput, not the plugin.
 */
export const startAgentStack = async ({ name, env = {} }: { name: string; env?: Record<string, string> }) => {
  globalSetup();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wa-bench-${name}-`));
  const twilio = await createTwilioEmulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    callbackStatuses: [],
  }).start();
  const llm = await createScriptedLlm().start();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  twilio.setWebhookUrl(`${baseUrl}/api/whatsapp-agent/webhooks/twilio/${TOKEN}`);
  const strapi = await startStrapiProcess({
    port,
    env: {
      PLAYGROUND_SEED: 'true',
      UP_RATELIMIT_MAX: '10000',
      ...pluginEnv({
        dir,
        baseUrl,
        twilioUrl: twilio.url,
        accountSid: ACCOUNT_SID,
        authToken: AUTH_TOKEN,
        webhookToken: TOKEN,
      }),
      WHATSAPP_AGENT_MESSAGES_PER_SECOND: '1000',
      OPENAI_BASE_URL: llm.url,
      OPENAI_API_KEY: 'bench',
      ...env,
    },
  });

  return {
    baseUrl,
    twilio,
    llm,
    async stop() {
      // The emulator first: no status callback may reach a Strapi that is shutting down.
      await twilio.stop();
      await llm.stop();
      await strapi.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};
