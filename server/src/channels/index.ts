import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import type { ChannelAdapter, ChannelKind, MediaDownloader } from './adapter';
import { MediaDownloadError } from './errors';
import type { MetaProvider } from './meta';
import { PREFERENCE, PROVIDERS, type Provider, type ProviderName } from './registry';
import { createTwilioProvider, type TwilioProvider } from './twilio';
import { createTwilioInbound } from './twilio/inbound';
import type { Sender } from '../senders';

/**
 * Hands out the providers and their channel adapters, built from the current settings (and
 * rebuilt only when those change, not per message). Not to be confused with a member's linked
 * channel (`repositories/channel.ts`): this is the way out and in, that is the conversation.
 */
export const createAdaptersService = ({ strapi }: { strapi: Core.Strapi }) => {
  const built = new Map<ProviderName, { settings: object; fingerprint: string; provider: Provider }>();

  /** The provider built from `settings`, the same object for as long as they do not change. */
  const cached = <P extends Provider>(name: ProviderName, settings: object | undefined, create: () => P) => {
    if (!settings) return undefined;
    const current = built.get(name);
    // The settings service hands out the same object until its settings are reloaded: the
    // fingerprint is only taken then (every few seconds), not on every webhook request.
    if (current?.settings === settings) return current.provider as P;
    const fingerprint = JSON.stringify(settings);
    const provider = current?.fingerprint === fingerprint ? (current.provider as P) : create();
    built.set(name, { settings, fingerprint, provider });
    return provider;
  };

  // Each stored sender's own client, rebuilt only when the sender changes.
  const ofSenders = new Map<number, { fingerprint: string; provider: TwilioProvider }>();
  // Twilio's webhooks, checked against every account we take them for (read on each request).
  const twilioInbound = createTwilioInbound({
    accounts: () => getService(strapi, 'senders').twilioAccounts(),
    // The RCS sender is the default account's (Settings → Connection).
    rcs: () => {
      const settings = getService(strapi, 'settings').twilio();
      return { messagingServiceSid: settings?.rcsMessagingServiceSid, senderId: settings?.rcsSenderId };
    },
  });

  /** A stored sender's provider, its adapter serving only the sender's own kind and number. */
  const providerOfSender = (sender: Sender & { authToken: string }) => {
    const settings = {
      accountSid: sender.accountSid,
      authToken: sender.authToken,
      region: sender.region ?? undefined,
      edge: sender.edge ?? undefined,
      apiUrl: getService(strapi, 'pluginConfig').get().twilio.apiUrl,
      ...(sender.kind === 'whatsapp' ? { whatsappNumber: sender.address } : { smsNumber: sender.address }),
    };
    const fingerprint = JSON.stringify(settings);
    const current = ofSenders.get(sender.id);
    if (current?.fingerprint === fingerprint) return current.provider;
    const provider = createTwilioProvider(settings);
    ofSenders.set(sender.id, { fingerprint, provider });
    return provider;
  };

  const service = {
    /** Twilio, or undefined while its Account SID or Auth Token is missing. */
    twilio(): TwilioProvider | undefined {
      const settings = getService(strapi, 'settings').twilio();
      return cached('twilio', settings, () => PROVIDERS.twilio.create(settings!));
    },

    /** Meta's Cloud API, or undefined while its phone number id or access token is missing. */
    meta(): MetaProvider | undefined {
      const settings = getService(strapi, 'settings').meta();
      return cached('meta', settings, () => PROVIDERS.meta.create(settings!));
    },

    /** A provider by its webhook name, or undefined while it is not configured. */
    provider(name: ProviderName): Provider | undefined {
      return name === 'meta' ? service.meta() : service.twilio();
    },

    /**
     * A provider's webhooks, or undefined while it is not configured. Twilio's take every account
     * of a sender (the default one's and each stored sender's), each checked with its own token.
     */
    inbound(name: ProviderName) {
      if (name === 'meta') return service.meta()?.inbound;
      return service.twilio() || getService(strapi, 'senders').twilioAccounts().size > 0
        ? twilioInbound
        : undefined;
    },

    /**
     * Sends from this sender (undefined: the default sender, as `forKind`): its adapter, or
     * undefined when it cannot send on this kind (no usable token, another kind).
     */
    forSender(sender: Sender | undefined, kind: ChannelKind): ChannelAdapter | undefined {
      if (!sender) return service.forKind(kind);
      if (sender.kind !== kind || !sender.authToken) return undefined;
      return providerOfSender({ ...sender, authToken: sender.authToken }).adapter(kind);
    },

    /** The Twilio provider of a stored sender (its account's checks and usage), or undefined without a usable token. */
    twilioOfSender(sender: Sender): TwilioProvider | undefined {
      return sender.authToken ? providerOfSender({ ...sender, authToken: sender.authToken }) : undefined;
    },

    /** The adapter that sends on this kind of channel, or undefined while no provider for it is configured. */
    forKind(kind: ChannelKind): ChannelAdapter | undefined {
      for (const name of PREFERENCE[kind]) {
        const adapter = service.provider(name)?.adapter(kind);
        if (adapter?.senderAddress()) return adapter;
      }
      return undefined;
    },

    /** Where a member's attachments are downloaded from, or undefined while no provider is configured. */
    media(): MediaDownloader | undefined {
      const providers = (Object.keys(PROVIDERS) as ProviderName[])
        .map((name) => service.provider(name))
        .filter((provider) => provider !== undefined);
      if (providers.length === 0) return undefined;
      return {
        download(url, limits) {
          const owner = providers.find((provider) => provider.media.owns(url)) ?? providers[0];
          if (!owner) throw new MediaDownloadError('No provider serves this attachment', 'not-allowed');
          // One that owns no such URL refuses it as not its own.
          return owner.media.download(url, limits);
        },
      };
    },
  };
  return service;
};

export type AdaptersService = ReturnType<typeof createAdaptersService>;
