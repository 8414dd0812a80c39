import type { Core } from '@strapi/strapi';
import type { ChannelAdapter, ChannelKind } from '../channels/adapter';
import { createTwilioClient } from '../channels/twilio-client';
import { createTwilioSmsAdapter } from '../channels/twilio-sms';
import { createTwilioWhatsAppAdapter } from '../channels/twilio-whatsapp';
import { getService } from '../utils/get-service';

/** Hands out the channel adapter for a kind, built from the current Twilio settings. */
export const createChannelsService = ({ strapi }: { strapi: Core.Strapi }) => {
  let cache: { fingerprint: string; adapters: Record<ChannelKind, ChannelAdapter> } | undefined;

  return {
    adapterFor(kind: ChannelKind): ChannelAdapter | undefined {
      const twilio = getService(strapi, 'settings').twilio();
      if (!twilio) return undefined;
      // Rebuild the client only when credentials change, not per message.
      const fingerprint = JSON.stringify(twilio);
      if (cache?.fingerprint !== fingerprint) {
        const client = createTwilioClient(twilio);
        cache = {
          fingerprint,
          adapters: {
            whatsapp: createTwilioWhatsAppAdapter({ client, sender: twilio.whatsappNumber }),
            sms: createTwilioSmsAdapter({ client, sender: twilio.smsNumber }),
          },
        };
      }
      return cache.adapters[kind];
    },
  };
};

export type ChannelsService = ReturnType<typeof createChannelsService>;
