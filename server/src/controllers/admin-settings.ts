import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { createLlmClient } from '../agent/llm';
import { createTwilioClient, describeTwilioError } from '../channels/twilio-client';
import { SettingsValidationError } from '../services/settings';
import { getService } from '../utils/get-service';

const validationFailed = (ctx: Context, error: SettingsValidationError) => {
  ctx.status = 400;
  ctx.body = { data: null, error: { status: 400, name: 'ValidationError', message: error.message, details: { errors: error.errors } } };
};

/** Scalar attributes an admin may expose to the agent (relations, media and private fields are not offered). */
const EXPOSABLE = new Set(['string', 'text', 'richtext', 'email', 'uid', 'enumeration', 'integer', 'biginteger', 'decimal', 'float', 'boolean', 'date', 'datetime', 'time', 'blocks']);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');

  return {
    async find(ctx: Context) {
      ctx.body = { data: settings().view() };
    },

    async update(ctx: Context) {
      try {
        await settings().update(ctx.request.body);
      } catch (error) {
        if (error instanceof SettingsValidationError) return validationFailed(ctx, error);
        throw error;
      }
      ctx.body = { data: settings().view() };
    },

    async rotateWebhookToken(ctx: Context) {
      try {
        await settings().rotateWebhookToken();
      } catch (error) {
        if (error instanceof SettingsValidationError) return validationFailed(ctx, error);
        throw error;
      }
      ctx.body = { data: settings().view() };
    },

    /** Asks Twilio (or the emulator) for the account, with the saved credentials. */
    async checkTwilio(ctx: Context) {
      const credentials = settings().twilio();
      if (!credentials) {
        ctx.body = { data: { ok: false, message: 'Set the Account SID and the Auth Token first (and save).' } };
        return;
      }
      try {
        const account = await createTwilioClient(credentials).api.v2010.accounts(credentials.accountSid).fetch();
        ctx.body = { data: { ok: true, message: `Connected to Twilio account "${account.friendlyName}" (${account.status}).` } };
      } catch (error) {
        const { status, code, message } = describeTwilioError(error);
        const text =
          status === 401 || code === 20003
            ? `Twilio rejected the credentials (${code ?? status}): check the Account SID and Auth Token.`
            : status
              ? `Twilio answered ${status}${code ? ` (error ${code})` : ''}: ${message}`
              : `Could not reach Twilio: ${message}`;
        ctx.body = { data: { ok: false, message: text } };
      }
    },

    /** One tiny completion with the saved AI settings. */
    async testLlm(ctx: Context) {
      const llm = settings().llm();
      if (!llm.apiKey && !llm.baseUrl) {
        ctx.body = { data: { ok: false, message: 'Set an API key or a base URL first (and save).' } };
        return;
      }
      try {
        const { message, usage } = await createLlmClient({ ...llm, maxRetries: 0 }).complete([{ role: 'user', content: 'Reply with the single word OK.' }], []);
        ctx.body = { data: { ok: true, message: `${usage.model} answered "${(message.content ?? '').slice(0, 80)}" in ${usage.durationMs} ms.` } };
      } catch (error) {
        ctx.body = { data: { ok: false, message: `The model did not answer: ${error instanceof Error ? error.message : String(error)}` } };
      }
    },

    /** The collection types an admin can expose as tools, with the attributes they may pick. */
    async contentTypes(ctx: Context) {
      const data = Object.values(strapi.contentTypes)
        .filter((contentType) => contentType.kind === 'collectionType' && contentType.uid.startsWith('api::'))
        .map((contentType) => ({
          uid: contentType.uid,
          displayName: contentType.info.displayName,
          attributes: Object.entries(contentType.attributes as Record<string, { type: string; private?: boolean }>)
            .filter(([, attribute]) => EXPOSABLE.has(attribute.type) && !attribute.private)
            .map(([name, attribute]) => ({ name, type: attribute.type })),
        }));
      ctx.body = { data };
    },
  };
};
