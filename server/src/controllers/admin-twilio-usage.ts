import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import type { TwilioUsageView } from '../admin-api';
import { answerError } from '../utils/answer-error';
import { twilioFailureMessage } from '../channels/twilio/errors';
import { createRepositories } from '../repositories';
import { monthOf } from '../usage/period';
import { getService } from '../utils/get-service';
import { describeIssues, zodIssues } from '../utils/zod-issues';

const MONTH_MESSAGE = 'must be one month as YYYY-MM, e.g. 2026-03';

const querySchema = z.object({
  month: z
    .string({ error: MONTH_MESSAGE })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, MONTH_MESSAGE)
    .optional(),
});

/**
 * GET /usage/twilio: Twilio's own figure for the month beside the ledger's, so an admin sees
 * whether what the plugin counted is what Twilio will bill — and which account (a platform's
 * test or production sub-account) the figure is for.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const { usage } = createRepositories(strapi);

  return {
    async find(ctx: Context) {
      const query = querySchema.safeParse({ month: ctx.query.month });
      if (!query.success) {
        const issues = zodIssues(query.error);
        throw new errors.ValidationError(describeIssues(issues), { errors: issues });
      }
      const month = query.data.month ?? new Date().toISOString().slice(0, 7);
      const { fromDay, toDay } = monthOf(month);
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
