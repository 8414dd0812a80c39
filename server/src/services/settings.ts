import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { TwilioCredentials } from '../channels/twilio-client';
import { PLUGIN_ID } from '../plugin-id';
import { getService } from '../utils/get-service';

const WEBHOOK_STORE_KEY = 'webhook';

/**
 * The plugin's effective settings. Today: the environment/config values and the webhook path
 * token (generated once and kept in the plugin store when the environment does not set one).
 * The admin panel's settings will be layered here, the environment still winning.
 */
export const createSettingsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService(strapi, 'pluginConfig').get();
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });
  let webhookToken: string | undefined;

  return {
    /** Called at bootstrap: the token must exist before the first webhook arrives. */
    async loadWebhookToken(): Promise<string> {
      const fromConfig = config().webhook.token;
      if (fromConfig) return (webhookToken = fromConfig);

      const stored = (await store().get({ key: WEBHOOK_STORE_KEY })) as { token?: string } | null;
      if (stored?.token) return (webhookToken = stored.token);

      const token = crypto.randomBytes(24).toString('base64url');
      await store().set({ key: WEBHOOK_STORE_KEY, value: { token } });
      return (webhookToken = token);
    },

    webhookToken(): string {
      if (!webhookToken) throw new Error('The webhook token is not loaded yet (bootstrap has not run)');
      return webhookToken;
    },

    /** The base URL Twilio calls, used to check signatures and to build callback URLs. */
    publicUrl(): string {
      const serverUrl = strapi.config.get<string>('server.url');
      if (config().webhook.publicUrl) return config().webhook.publicUrl as string;
      if (serverUrl && /^https?:\/\//.test(serverUrl)) return serverUrl.replace(/\/+$/, '');
      return `http://localhost:${strapi.config.get<number>('server.port')}`;
    },

    webhookUrls() {
      const inbound = `${this.publicUrl()}/api/${PLUGIN_ID}/webhooks/twilio/${this.webhookToken()}`;
      return { inbound, status: `${inbound}/status` };
    },

    /** Twilio credentials, or undefined while the Account SID or Auth Token is missing. */
    twilio(): (TwilioCredentials & { whatsappNumber?: string; smsNumber?: string }) | undefined {
      const { accountSid, authToken, whatsappNumber, smsNumber, region, edge, apiUrl } = config().twilio;
      if (!accountSid || !authToken) return undefined;
      return { accountSid, authToken, whatsappNumber, smsNumber, region, edge, apiUrl };
    },
  };
};

export type SettingsService = ReturnType<typeof createSettingsService>;
