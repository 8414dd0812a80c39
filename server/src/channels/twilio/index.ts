import type { ChannelAdapter, ChannelKind, InboundAdapter } from '../adapter';
import { fetchTwilioAccount } from './account';
import { checkTwilioAccount } from './account-check';
import { createTwilioClient, type TwilioCredentials } from './client';
import { createTwilioInbound, type TwilioAccount } from './inbound';
import { createTwilioMediaDownloader, twilioMediaUrl } from './media';
import { createTwilioRcsAdapter } from './rcs';
import { createTwilioSetupChecks } from './setup-checks';
import { createTwilioSmsAdapter } from './sms';
import { checkTemplate } from './template-check';
import { fetchMessagingUsage } from './usage-records';
import { createTwilioWhatsAppAdapter } from './whatsapp';

export type TwilioSettings = TwilioCredentials & {
  whatsappNumber?: string;
  smsNumber?: string;
  /** The Messaging Service with our RCS sender (and the SMS numbers it falls back to). */
  rcsMessagingServiceSid?: string;
  /** The RCS sender's id, e.g. `acme_agent` (optional: the Messaging Service identifies it). */
  rcsSenderId?: string;
};

/** The account these settings open, with the numbers they send from (all the default sender's). */
export const ownAccount = (settings: TwilioSettings): [string, TwilioAccount] => [
  settings.accountSid,
  {
    authTokens: [settings.authToken],
    senders: [
      ...(settings.whatsappNumber
        ? [{ address: `whatsapp:${settings.whatsappNumber}`, senderId: null }]
        : []),
      ...(settings.smsNumber ? [{ address: settings.smsNumber, senderId: null }] : []),
    ],
  },
];

/**
 * Twilio as one provider: its webhooks in (signature, params), WhatsApp, SMS and RCS out, and what
 * the admin panel asks of the account (the check, Twilio's own usage figures) — all from one
 * set of credentials, one twilio-node client.
 */
export const createTwilioProvider = (settings: TwilioSettings) => {
  const client = createTwilioClient(settings);
  const adapters: Record<ChannelKind, ChannelAdapter> = {
    whatsapp: createTwilioWhatsAppAdapter({ client, sender: settings.whatsappNumber }),
    sms: createTwilioSmsAdapter({ client, sender: settings.smsNumber }),
    rcs: createTwilioRcsAdapter({
      client,
      messagingServiceSid: settings.rcsMessagingServiceSid,
      senderId: settings.rcsSenderId,
    }),
  };
  const inbound: InboundAdapter = createTwilioInbound({
    accounts: () => new Map([ownAccount(settings)]),
    rcs: () => ({ messagingServiceSid: settings.rcsMessagingServiceSid, senderId: settings.rcsSenderId }),
  });

  return {
    name: 'twilio' as const,
    inbound,
    adapter: (kind: ChannelKind) => adapters[kind],
    /** Members' attachments (WhatsApp and MMS alike), from Twilio's own hosts only. */
    media: Object.assign(createTwilioMediaDownloader(settings), {
      owns: (url: string) => twilioMediaUrl(url) !== null,
    }),
    checkAccount: () => checkTwilioAccount(client, settings.accountSid),
    /** The setup checklist's Twilio lines: credentials, the WhatsApp sender, the inbound webhook URL. */
    setup: createTwilioSetupChecks(client, settings.accountSid),
    /** A WhatsApp template (Content API) and its approval, for the admin's Check. */
    checkTemplate: (contentSid: string) => checkTemplate(client, contentSid),
    /** The account these credentials open; rejects with Twilio's error (twilioFailureMessage reads it). */
    account: () => fetchTwilioAccount(client, settings.accountSid),
    /** Twilio's messaging usage records over UTC days [fromDay, toDay]; rejects as `account` does. */
    messagingUsage: (period: { fromDay: string; toDay: string }) =>
      fetchMessagingUsage(client, settings.accountSid, period),
  };
};

export type TwilioProvider = ReturnType<typeof createTwilioProvider>;
