import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import { templateSettingSchema } from '../settings/template-schemas';
import { createLlmClient } from '../agent/llm';
import { silenceWav } from '../media/silence';
import { createTranscriber } from '../media/transcribe';
import { describeIssues, zodIssues } from '../utils/zod-issues';
import { ACTION } from '../permissions';
import { getService } from '../utils/get-service';
import { may, requireAbility } from '../utils/require-ability';

/** Scalar attributes an admin may expose to the agent (relations, media and private fields are not offered). */
const EXPOSABLE = new Set([
  'string',
  'text',
  'richtext',
  'email',
  'uid',
  'enumeration',
  'integer',
  'biginteger',
  'decimal',
  'float',
  'boolean',
  'date',
  'datetime',
  'time',
  'blocks',
]);

const checkTemplateBody = z.object({ contentSid: templateSettingSchema.shape.contentSid }).strict();

/**
 * Settings → WhatsApp agent. Validation errors are Strapi ValidationErrors thrown by the settings
 * service (with per-field `details.errors`); Strapi's error middleware formats them.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');

  /**
   * A change answers the settings as saved, but only to an admin who may read them: "Change
   * settings" alone learns that the change was saved (204), not the values around it.
   */
  const answerView = (ctx: Context) => {
    if (may(ctx, ACTION.settingsRead)) ctx.body = { data: settings().view() };
    else ctx.status = 204;
  };

  return {
    async find(ctx: Context) {
      ctx.body = { data: settings().view() };
    },

    async update(ctx: Context) {
      requireAbility(ctx, ACTION.settingsUpdate);
      await settings().update(ctx.request.body);
      answerView(ctx);
    },

    async rotateWebhookToken(ctx: Context) {
      requireAbility(ctx, ACTION.settingsUpdate);
      await settings().rotateWebhookToken();
      answerView(ctx);
    },

    /** Asks Twilio (or the emulator) for the account, with the saved credentials. */
    async checkTwilio(ctx: Context) {
      const twilio = getService(strapi, 'adapters').twilio();
      ctx.body = {
        data: twilio
          ? await twilio.checkAccount()
          : { ok: false, message: 'Set the Account SID and the Auth Token first (and save).' },
      };
    },

    /** Asks the Graph API (or the emulator) for the phone number, with the saved token. */
    async checkMeta(ctx: Context) {
      const meta = getService(strapi, 'adapters').meta();
      ctx.body = {
        data: meta
          ? await meta.checkNumber()
          : { ok: false, message: 'Set the phone number id and the access token first (and save).' },
      };
    },

    /**
     * Fetches a template and its WhatsApp approval from its provider, with the saved credentials:
     * a Content SID from Twilio, a `name:language` from Meta's business account.
     */
    async checkTemplate(ctx: Context) {
      const parsed = checkTemplateBody.safeParse(ctx.request.body);
      if (!parsed.success)
        throw new errors.ValidationError(describeIssues(zodIssues(parsed.error)), {
          errors: zodIssues(parsed.error),
        });
      if (!parsed.data.contentSid.startsWith('HX')) {
        const meta = getService(strapi, 'adapters').meta();
        ctx.body = {
          data: meta
            ? await meta.checkTemplate(parsed.data.contentSid)
            : {
                ok: false,
                message: "Set the Cloud API's phone number id and access token first (and save).",
              },
        };
        return;
      }
      const twilio = getService(strapi, 'adapters').twilio();
      ctx.body = {
        data: twilio
          ? await twilio.checkTemplate(parsed.data.contentSid)
          : { ok: false, message: 'Set the Account SID and the Auth Token first (and save).' },
      };
    },

    /** One tiny completion with the saved AI settings. */
    async testLlm(ctx: Context) {
      const endpoint = settings().llm();
      if (!endpoint.ok) {
        ctx.body = { data: { ok: false, message: endpoint.reason } };
        return;
      }
      try {
        const { message, usage } = await createLlmClient({ ...endpoint.settings, maxRetries: 0 }).complete(
          [{ role: 'user', content: 'Reply with the single word OK.' }],
          []
        );
        ctx.body = {
          data: {
            ok: true,
            message: `${usage.model} answered "${(message.content ?? '').slice(0, 80)}" in ${usage.durationMs} ms.`,
          },
        };
      } catch (error) {
        ctx.body = {
          data: {
            ok: false,
            message: `The model did not answer: ${error instanceof Error ? error.message : String(error)}`,
          },
        };
      }
    },

    /** Transcribes a second of silence with the saved settings (the endpoint and key voice notes use). */
    async testTranscription(ctx: Context) {
      const endpoint = settings().transcription();
      if (!endpoint.ok) {
        ctx.body = { data: { ok: false, message: endpoint.reason } };
        return;
      }
      const started = Date.now();
      try {
        const { text } = await createTranscriber(endpoint.settings).transcribe({
          data: silenceWav(),
          contentType: 'audio/wav',
        });
        ctx.body = {
          data: {
            ok: true,
            message: `${endpoint.settings.model} transcribed the sample (a second of silence) in ${
              Date.now() - started
            } ms: ${text ? `"${text.slice(0, 80)}"` : 'no words, as expected'}.`,
          },
        };
      } catch (error) {
        ctx.body = {
          data: {
            ok: false,
            message: `The transcription model did not answer: ${error instanceof Error ? error.message : String(error)}`,
          },
        };
      }
    },

    /** The collection types an admin can expose as tools, with the attributes they may pick. */
    async contentTypes(ctx: Context) {
      const data = Object.values(strapi.contentTypes)
        .filter((contentType) => contentType.kind === 'collectionType' && contentType.uid.startsWith('api::'))
        .map((contentType) => ({
          uid: contentType.uid,
          displayName: contentType.info.displayName,
          attributes: Object.entries(
            contentType.attributes as Record<string, { type: string; private?: boolean }>
          )
            .filter(([, attribute]) => EXPOSABLE.has(attribute.type) && !attribute.private)
            .map(([name, attribute]) => ({ name, type: attribute.type })),
          relations: Object.entries(
            contentType.attributes as Record<string, { type: string; target?: string }>
          )
            .filter(([, attribute]) => attribute.type === 'relation' && attribute.target)
            .map(([name, attribute]) => ({ name, target: String(attribute.target) })),
        }));
      ctx.body = { data };
    },
  };
};
