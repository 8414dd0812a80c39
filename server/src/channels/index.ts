import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import type { ChannelAdapter, ChannelKind, MediaDownloader } from './adapter';
import { createTwilioProvider, type TwilioProvider, type TwilioSettings } from './twilio';

/**
 * Hands out the providers and their channel adapters, built from the current settings (and
 * rebuilt only when those change, not per message). Not to be confused with a member's linked
 * channel (`repositories/channel.ts`): this is the way out and in, that is the conversation.
 */
export const createAdaptersService = ({ strapi }: { strapi: Core.Strapi }) => {
  let twilio: { settings: TwilioSettings; fingerprint: string; provider: TwilioProvider } | undefined;

  const service = {
    /** Twilio, or undefined while its Account SID or Auth Token is missing. */
    twilio(): TwilioProvider | undefined {
      const settings = getService(strapi, 'settings').twilio();
      if (!settings) return undefined;
      // The settings service hands out the same object until its settings are reloaded: the
      // fingerprint is only taken then (every few seconds), not on every webhook request.
      if (twilio?.settings === settings) return twilio.provider;
      const fingerprint = JSON.stringify(settings);
      const provider = twilio?.fingerprint === fingerprint ? twilio.provider : createTwilioProvider(settings);
      twilio = { settings, fingerprint, provider };
      return provider;
    },

    /** The adapter that sends on this kind of channel, or undefined while the provider is not configured. */
    forKind(kind: ChannelKind): ChannelAdapter | undefined {
      return service.twilio()?.adapter(kind);
    },

    /** Where a member's attachments are downloaded from, or undefined while the provider is not configured. */
    media(): MediaDownloader | undefined {
      return service.twilio()?.media;
    },
  };
  return service;
};

export type AdaptersService = ReturnType<typeof createAdaptersService>;
