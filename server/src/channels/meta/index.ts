import type { ChannelAdapter, ChannelKind } from '../adapter';
import { createGraphClient } from './graph';
import { createMetaInbound } from './inbound';
import { createMetaMediaDownloader } from './media';
import { parseTemplateReference, createMetaWhatsAppAdapter } from './whatsapp';
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
    /** The phone number the token sends from (`GET /{phone-number-id}`); rejects with a MetaApiError. */
    phoneNumber: () =>
      graph.get(
        `${settings.phoneNumberId}?fields=display_phone_number,verified_name,quality_rating`
      ) as Promise<{
        display_phone_number?: string;
        verified_name?: string;
      }>,
    /** A template of the business account by name (`GET /{waba-id}/message_templates?name=`). */
    templates: (reference: string) => {
      if (!settings.businessAccountId)
        throw new Error('No WhatsApp Business Account id is set (META_WHATSAPP_BUSINESS_ACCOUNT_ID)');
      const { name } = parseTemplateReference(reference);
      return graph.get(
        `${settings.businessAccountId}/message_templates?name=${encodeURIComponent(name)}`
      ) as Promise<{
        data?: Array<{ name?: string; language?: string; status?: string; category?: string }>;
      }>;
    },
  };
};

export type MetaProvider = ReturnType<typeof createMetaProvider>;
