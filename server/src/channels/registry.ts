import type { ChannelAdapter, ChannelKind, InboundAdapter, MediaDownloader } from './adapter';
import { createMetaProvider } from './meta';
import type { MetaSettings } from './meta/settings';
import { createTwilioProvider, type TwilioSettings } from './twilio';

/**
 * What the plugin needs of one provider, whichever it is: its webhooks' inbound side, the
 * adapter that sends on each kind of channel it serves, and members' attachments.
 */
export interface Provider {
  readonly inbound: InboundAdapter;
  /** The adapter sending on this kind of channel, or undefined when the provider does not serve it. */
  adapter(kind: ChannelKind): ChannelAdapter | undefined;
  /** Downloads the attachments its webhooks announced; `owns` tells its media URLs apart. */
  readonly media: MediaDownloader & { owns(url: string): boolean };
}

type SettingsOf = { twilio: TwilioSettings; meta: MetaSettings };

/**
 * Every provider the plugin speaks: a name (the webhook path's `:provider`), how to build it from
 * its settings, and the sentence the webhook answers while it is not configured. A new provider
 * is one folder under channels/ and one entry here.
 */
export const PROVIDERS = {
  twilio: {
    label: 'Twilio',
    create: (settings: SettingsOf['twilio']) => createTwilioProvider(settings),
    notConfigured:
      'Twilio is not configured: set the Account SID and Auth Token (Settings → WhatsApp agent or TWILIO_* variables)',
  },
  meta: {
    label: "Meta's WhatsApp Cloud API",
    create: (settings: SettingsOf['meta']) => createMetaProvider(settings),
    notConfigured:
      "Meta's WhatsApp Cloud API is not configured: set the phone number id and access token (Settings → WhatsApp agent or META_* variables)",
  },
} satisfies {
  [Name in keyof SettingsOf]: {
    label: string;
    create(settings: SettingsOf[Name]): Provider;
    notConfigured: string;
  };
};

export type ProviderName = keyof typeof PROVIDERS;

export const isProviderName = (name: string): name is ProviderName => Object.hasOwn(PROVIDERS, name);

/**
 * Which provider answers a kind of channel when several are configured: WhatsApp goes through
 * Meta's Cloud API when it is set up (no BSP in between), else through Twilio; SMS and RCS only
 * Twilio has.
 */
export const PREFERENCE: Record<ChannelKind, ProviderName[]> = {
  whatsapp: ['meta', 'twilio'],
  sms: ['twilio'],
  rcs: ['twilio'],
};
