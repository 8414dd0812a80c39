import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
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
 * test or production sub-account) the figure is for. With `?sender=<id>`, that sender's account.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const { usage } = createRepositories(strapi);

  /** The senders on this account (null: the default sender, when it is this account). */
  const senderIdsOf = (accountSid: string) => [
    ...(getService(strapi, 'settings').twilio()?.accountSid === accountSid ? [null] : []),
    ...getService(strapi, 'senders')
      .list()
      .filter((sender) => sender.accountSid === accountSid)
      .map((sender) => sender.id),
  ];

  return {
    async find(ctx: Context) {
      const { month, fromDay, toDay } = monthParam(ctx.query.month);
      const period = { fromDay, toDay };

      // One sender's account (`?sender=<id>`), else the default sender's: each Twilio account bills on its own.
      const senders = getService(strapi, 'senders');
      await senders.fresh();
      const senderParam = typeof ctx.query.sender === 'string' ? ctx.query.sender : undefined;
      const sender = senderParam === undefined ? undefined : senders.find(Number(senderParam));
      if (senderParam !== undefined && !sender) throw new errors.NotFoundError('No such sender');
      const adapters = getService(strapi, 'adapters');
      const twilio = sender ? adapters.twilioOfSender(sender) : adapters.twilio();
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
        // The ledger's rows of every sender on the same account.
        ledgerTwilioMicros: await usage.twilioMicrosBetween(period, senderIdsOf(account.sid)),
      };
      ctx.body = { data };
    },
  };
};
