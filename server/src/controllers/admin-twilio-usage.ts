import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { TwilioUsageView } from '../admin-api';
import { answerError } from '../utils/answer-error';
import { twilioFailureMessage } from '../channels/twilio/errors';
import { createRepositories } from '../repositories';
import { monthParam } from '../usage/month-param';
import { getService } from '../utils/get-service';

/**
 * GET /usage/twilio: Twilio's own figure for the month beside the ledger's, so an admin sees
 * whether what the plugin counted is what Twilio will bill — and which account (a platform's
 * test or production sub-account) the figure is for.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const { usage } = createRepositories(strapi);

  return {
    async find(ctx: Context) {
      const { month, fromDay, toDay } = monthParam(ctx.query.month);
      const period = { fromDay, toDay };

      const twilio = getService(strapi, 'adapters').twilio();
      if (!twilio) {
        return answerError(
          ctx,
          409,
          'ConflictError',
          'Twilio is not configured: set the Account SID and the Auth Token in Settings → WhatsApp agent (or TWILIO_* variables)'
        );
      }

      let account: TwilioUsageView['account'];
      let categories: TwilioUsageView['categories'];
      try {
        [account, categories] = await Promise.all([twilio.account(), twilio.messagingUsage(period)]);
      } catch (error) {
        return answerError(ctx, 502, 'BadGatewayError', twilioFailureMessage(error));
      }

      const data: TwilioUsageView = {
        month,
        account,
        categories,
        twilioMicros: categories.reduce((sum, category) => sum + category.priceMicros, 0),
        ledgerTwilioMicros: await usage.twilioMicrosBetween(period),
      };
      ctx.body = { data };
    },
  };
};
