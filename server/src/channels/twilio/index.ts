import type { ChannelAdapter, ChannelKind, InboundAdapter } from '../adapter';
import { checkTwilioAccount } from './account-check';
import { createTwilioClient, type TwilioCredentials } from './client';
import { createTwilioInbound } from './inbound';
import { createTwilioSmsAdapter } from './sms';
import { createTwilioWhatsAppAdapter } from './whatsapp';

export type TwilioSettings = TwilioCredentials & { whatsappNumber?: string; smsNumber?: string };

/**
 * Twilio as one provider: its webhooks in (signature, params), WhatsApp and SMS out, and the
 * account check of the admin panel — all from one set of credentials, one twilio-node client.
 */
export const createTwilioProvider = (settings: TwilioSettings) => {
  const client = createTwilioClient(settings);
  const adapters: Record<ChannelKind, ChannelAdapter> = {
    whatsapp: createTwilioWhatsAppAdapter({ client, sender: settings.whatsappNumber }),
    sms: createTwilioSmsAdapter({ client, sender: settings.smsNumber }),
  };
  const inbound: InboundAdapter = createTwilioInbound({
    authToken: settings.authToken,
    accountSid: settings.accountSid,
  });

  return {
    name: 'twilio' as const,
    inbound,
    adapter: (kind: ChannelKind) => adapters[kind],
    checkAccount: () => checkTwilioAccount(client, settings.accountSid),
  };
};

export type TwilioProvider = ReturnType<typeof createTwilioProvider>;
