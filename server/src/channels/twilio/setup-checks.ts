import type { SetupCheck } from '../../admin-api';
import { fetchTwilioAccount } from './account';
import type { TwilioClient } from './client';
import { twilioFailureMessage } from './errors';
import { readInboundWebhook, whatsAppSenderOf } from './number-webhook';
import { failed as fail, passed as ok, skipped } from '../../setup/results';

/** Twilio's WhatsApp sandbox: one number shared by every account, configured on its own console page. */
export const SANDBOX_NUMBER = '+14155238886';
const SANDBOX_PAGE = 'Console → Messaging → Try it out → Send a WhatsApp message → Sandbox settings';
const SET_NUMBER =
  'Set the WhatsApp number in Settings → WhatsApp agent → Twilio (or TWILIO_WHATSAPP_NUMBER), in E.164 form like +14155238886.';

/** A call to Twilio that failed, as a red line: Twilio's words, and what to check. */
const failedCall = (id: string, error: unknown) =>
  fail(
    id,
    twilioFailureMessage(error),
    'Check the Account SID, the Auth Token and the region in Settings → WhatsApp agent → Twilio.'
  );

/**
 * The setup checklist's Twilio lines, read through Twilio's API with the saved credentials:
 * whether they open an account, whether the number is a WhatsApp sender of that account, and
 * whether Twilio posts its incoming messages to this install.
 */
export const createTwilioSetupChecks = (client: TwilioClient, accountSid: string) => ({
  async credentials(): Promise<SetupCheck> {
    try {
      const account = await fetchTwilioAccount(client, accountSid);
      if (account.status !== 'active')
        return fail(
          'credentials',
          `The Twilio account "${account.friendlyName}" is ${account.status}.`,
          'Reactivate the account in the Twilio console (Account → General settings), or use the credentials of an active one.'
        );
      return ok('credentials', `Twilio account "${account.friendlyName}" (${account.sid}) is active.`);
    } catch (error) {
      return failedCall('credentials', error);
    }
  },

  async sender(e164: string | undefined): Promise<SetupCheck> {
    if (!e164) return fail('sender', 'No WhatsApp number is set.', SET_NUMBER);
    try {
      const sender = await whatsAppSenderOf(client, e164);
      if (sender?.status === 'ONLINE')
        return ok('sender', `${e164} is an online WhatsApp sender of this account.`);
      if (sender)
        return fail(
          'sender',
          `${e164} is a WhatsApp sender of this account, but its status is ${sender.status}.`,
          'Finish its registration in Console → Messaging → Senders → WhatsApp senders (Meta business verification and display name approval can take days).'
        );
      if (e164 === SANDBOX_NUMBER)
        return skipped(
          'sender',
          `${e164} is Twilio's WhatsApp sandbox, shared by every account.`,
          `Each tester sends "join <your code>" to ${e164} first (the code is on ${SANDBOX_PAGE}).`
        );
      const [number] = await client.api.v2010.accounts(accountSid).incomingPhoneNumbers.list({
        phoneNumber: e164,
        limit: 1,
      });
      if (number)
        return fail(
          'sender',
          `${e164} belongs to this account but is not registered for WhatsApp.`,
          'Register it in Console → Messaging → Senders → WhatsApp senders → Create new sender.'
        );
      return fail(
        'sender',
        `${e164} is neither a number nor a WhatsApp sender of this Twilio account.`,
        `Check the number (${SET_NUMBER}) and that the credentials are those of the account that owns it.`
      );
    } catch (error) {
      return failedCall('sender', error);
    }
  },

  async webhook(e164: string | undefined, expectedUrl: string): Promise<SetupCheck> {
    if (!e164)
      return fail('webhook', 'No WhatsApp number is set, so there is no webhook to read.', SET_NUMBER);
    try {
      const found = await readInboundWebhook(client, accountSid, e164);
      if (!found)
        return skipped(
          'webhook',
          `${e164} is not a number of this account (Twilio's sandbox keeps its webhook where the API cannot read it).`,
          `On ${SANDBOX_PAGE}, set "When a message comes in" to ${expectedUrl} (method POST).`
        );
      if (found.url === expectedUrl)
        return ok('webhook', `Twilio posts incoming messages to this install (set on ${found.place}).`);
      return fail(
        'webhook',
        found.url
          ? `Twilio posts incoming messages for ${e164} to ${found.url}, not to this install.`
          : `No URL is set for incoming messages for ${e164}: Twilio drops them.`,
        `On ${found.place}, set it to ${expectedUrl} (method POST).`
      );
    } catch (error) {
      return failedCall('webhook', error);
    }
  },
});

export type TwilioSetupChecks = ReturnType<typeof createTwilioSetupChecks>;
