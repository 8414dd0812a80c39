import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStrapiProcess } from '../../../bench/support/strapi-process';
import { createScriptedLlm, type ScriptedLlm } from '../../../simulator/scripted-llm';
import { createTwilioEmulator, type TwilioEmulator } from '../../../simulator/twilio-emulator';
import { ACCOUNT_SID, AUTH_TOKEN, SERVICE_NUMBER } from '../../support/pipeline';
import { freePort } from '../../support/playground';

/** Set by environment, so the panel must show the model read-only. */
export const ENV_MODEL = 'e2e-scripted-model';

export type Stack = {
  /** http://127.0.0.1:<port>: the admin panel is under /admin, the REST API under /api. */
  baseUrl: string;
  twilio: TwilioEmulator;
  /** The OpenAI-compatible endpoint (the offline demo model's rules) the admin points the plugin at. */
  llm: ScriptedLlm;
  /** The playground's SQLite file, for tests that seed what no API writes (the usage ledger). */
  databaseFile: string;
  stop(): Promise<void>;
};

/**
 * The playground as a production process serving its built admin panel, on a fresh SQLite file,
 * seeded with the demo admin and members. Twilio is the emulator, reached through the plugin's
 * real client; its credentials are deliberately NOT in the environment: the test types them
 * into the settings page, as an admin would.
 */
export const startStack = async (): Promise<Stack> => {
  for (const name of [
    'TWILIO_ACCOUNT_SID',
    'TWILIO_AUTH_TOKEN',
    'TWILIO_WHATSAPP_NUMBER',
    'WHATSAPP_AGENT_WEBHOOK_TOKEN',
    'OPENAI_API_KEY',
    'OPENAI_BASE_URL',
    'WHATSAPP_AGENT_MODEL',
  ]) {
    // The child inherits this environment; a value there would lock the field in the panel.
    delete process.env[name];
  }
  const twilio = await createTwilioEmulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    serviceNumber: `whatsapp:${SERVICE_NUMBER}`,
  }).start();
  const llm = await createScriptedLlm().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-e2e-'));
  const databaseFile = path.join(dataDir, 'data.db');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;

  try {
    const strapi = await startStrapiProcess({
      port,
      env: {
        SERVE_ADMIN: 'true',
        PLAYGROUND_SEED: 'true',
        DATABASE_CLIENT: 'sqlite',
        DATABASE_FILENAME: databaseFile,
        WHATSAPP_AGENT_TWILIO_API_URL: twilio.url,
        WHATSAPP_AGENT_PUBLIC_URL: baseUrl,
        WHATSAPP_AGENT_MODEL: ENV_MODEL,
        UP_RATELIMIT_MAX: '1000',
      },
    });
    return {
      baseUrl,
      twilio,
      llm,
      databaseFile,
      async stop() {
        await strapi.stop();
        await twilio.stop();
        await llm.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await twilio.stop();
    await llm.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
};
