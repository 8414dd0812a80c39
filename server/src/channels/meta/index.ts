import type { ChannelAdapter, ChannelKind } from '../adapter';
import { checkMetaNumber, checkMetaTemplate } from './checks';
import { createGraphClient } from './graph';
import { createMetaInbound } from './inbound';
import { createMetaMediaDownloader } from './media';
import { createMetaWhatsAppAdapter } from './whatsapp';
import type { MetaSettings } from './settings';

/**
 * WhatsApp's Cloud API straight from Meta, as one provider: its webhooks in (signature, JSON
 * batches), WhatsApp out through the Graph API, members' attachments, and what the admin panel
 * asks of it (the number, a template's approval). WhatsApp only: Meta has no SMS.
 */
export const createMetaProvider = (settings: MetaSettings) => {
  const graph = createGraphClient(settings);
  const whatsapp = createMetaWhatsAppAdapter({ graph, phoneNumberId: settings.phoneNumberId });
  return {
    name: 'meta' as const,
    inbound: createMetaInbound(settings),
    adapter: (kind: ChannelKind): ChannelAdapter | undefined => (kind === 'whatsapp' ? whatsapp : undefined),
    media: createMetaMediaDownloader({ graph, accessToken: settings.accessToken, apiUrl: settings.apiUrl }),
    /** Test connection: the phone number the token sends from. */
    checkNumber: () => checkMetaNumber(graph, settings),
    /** A template (`name:language`) and its approval, for the admin's Check. */
    checkTemplate: (reference: string) => checkMetaTemplate(graph, settings, reference),
  };
};

export type MetaProvider = ReturnType<typeof createMetaProvider>;
