import { createScriptedLlm, type ScriptedLlm } from '../../simulator/scripted-llm';
import {
  createTwilioEmulator,
  type TwilioEmulator,
  type TwilioEmulatorOptions,
} from '../../simulator/twilio-emulator';
import type { TestDatabase } from './database';
import { freePort, startPlayground, type Playground } from './playground';

export const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
export const AUTH_TOKEN = 'test-auth-token-0123456789abcdef';
export const WEBHOOK_TOKEN = 'test-webhook-token-0123456789abcdefghij';
export const SERVICE_NUMBER = '+14155238886';
export const WEBHOOK_PATH = `/api/whatsapp-agent/webhooks/twilio/${WEBHOOK_TOKEN}`;

export type Pipeline = {
  playground: Playground;
  twilio: TwilioEmulator;
  /** The OpenAI-compatible endpoint the plugin's openai client talks to. */
  llm: ScriptedLlm;
  /** Restarts Strapi on the same database and port (the emulator keeps running), `env` on top. */
  restart(env?: Record<string, string>): Promise<void>;
  stop(): Promise<void>;
};

/**
 * The playground wired to a Twilio emulator exactly as the demo is: the plugin's real twilio
 * client talks HTTP to the emulator, and the emulator posts signed webhooks to Strapi.
 * `publicUrl` simulates a proxy in front of Strapi (requests are then signed for that URL).
 */
export const startPipeline = async ({
  publicUrl,
  env = {},
  twilioFromEnvironment = true,
  twilioAccount,
  callbackStatuses,
  rcs,
  database,
}: {
  publicUrl?: string;
  env?: Record<string, string>;
  /** false: Twilio credentials are left for the admin panel to set. */
  twilioFromEnvironment?: boolean;
  /** How the emulator describes the account (a `parentSid` makes it a sub-account). */
  twilioAccount?: TwilioEmulatorOptions['account'];
  /** The status callbacks the emulator posts after each send (default sent, delivered). */
  callbackStatuses?: string[];
  /** An RCS sender in a Messaging Service at the emulator (the plugin is told of it by `env`). */
  rcs?: TwilioEmulatorOptions['rcs'];
  /** Boot on this database (a benchmark's prepared one) instead of a fresh one. */
  database?: TestDatabase;
} = {}): Promise<Pipeline> => {
  const twilio = await createTwilioEmulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    serviceNumber: `whatsapp:${SERVICE_NUMBER}`,
    account: twilioAccount,
    callbackStatuses,
    rcs,
  }).start();
  const llm = await createScriptedLlm().start();
  const port = await freePort();
  const localUrl = `http://127.0.0.1:${port}`;
  const pipelineEnv = {
    ...(twilioFromEnvironment
      ? {
          TWILIO_ACCOUNT_SID: ACCOUNT_SID,
          TWILIO_AUTH_TOKEN: AUTH_TOKEN,
          TWILIO_WHATSAPP_NUMBER: SERVICE_NUMBER,
        }
      : {}),
    WHATSAPP_AGENT_TWILIO_API_URL: twilio.url,
    WHATSAPP_AGENT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    WHATSAPP_AGENT_PUBLIC_URL: publicUrl ?? localUrl,
    OPENAI_BASE_URL: llm.url,
    OPENAI_API_KEY: 'test-key',
    WHATSAPP_AGENT_MODEL: 'scripted-model',
    // Reminders and digests only when a test looks (scheduler.runOnce): none may slip into
    // another test's conversation (the playground's digest goes out on Monday mornings).
    WHATSAPP_AGENT_SCHEDULER: 'off',
    ...env,
  };
  twilio.setWebhookUrl(`${localUrl}${WEBHOOK_PATH}`, publicUrl ? `${publicUrl}${WEBHOOK_PATH}` : undefined);

  const boot = (database?: TestDatabase, extraEnv: Record<string, string> = {}) =>
    startPlayground({ env: { ...pipelineEnv, ...extraEnv }, database, port });
  const pipeline: Pipeline = {
    playground: await boot(database),
    twilio,
    llm,
    async restart(extraEnv) {
      // Status callbacks on their way reach this Strapi, not one that is stopping (a request
      // caught in its shutdown would fail after the test file ended).
      await twilio.idle();
      await pipeline.playground.stop({ keepDatabase: true });
      pipeline.playground = await boot(pipeline.playground.database, extraEnv);
    },
    async stop() {
      // The emulator first: no status callback may reach a Strapi that is shutting down.
      await twilio.stop();
      await llm.stop();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await pipeline.playground?.stop();
    },
  };
  return pipeline;
};
