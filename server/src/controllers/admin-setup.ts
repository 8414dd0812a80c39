import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { ACTION } from '../permissions';
import { runSetupChecks } from '../setup';
import { sendTestMessage } from '../setup/test-message';
import { answerError } from '../utils/answer-error';
import { requireAbility } from '../utils/require-ability';

/**
 * Settings → WhatsApp agent → Setup: the checklist (read-only, for whoever may read the
 * settings) and the test message. The test message needs "Change settings": it spends the
 * account's money and writes to any number an admin types, which a settings reader must not.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async checks(ctx: Context) {
    ctx.body = { data: await runSetupChecks(strapi) };
  },

  async testMessage(ctx: Context) {
    requireAbility(ctx, ACTION.settingsUpdate);
    const outcome = await sendTestMessage(strapi, ctx.request.body);
    if (!outcome.ok) return answerError(ctx, outcome.status, outcome.name, outcome.message);
    ctx.body = { data: outcome.data };
  },
});
