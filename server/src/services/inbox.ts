import type { Core } from '@strapi/strapi';
import { parseProviderAddress } from '../channels/adapter';
import { uid } from '../plugin-id';
import { isUniqueViolation } from '../utils/db-errors';
import { mediaOf, type InboundParams } from './inbound-params';

const CHANNEL = uid('channel');
const INBOUND = uid('inbound-message');

/**
 * The durable inbox: an inbound message is committed here, keyed by Twilio's MessageSid
 * (UNIQUE in the database), before the webhook acknowledges it. A replay — sequential or
 * concurrent — hits the unique index and is reported as a duplicate.
 */
export const createInboxService = ({ strapi }: { strapi: Core.Strapi }) => {
  const findOrCreateChannel = async (kind: 'whatsapp' | 'sms', address: string): Promise<number> => {
    const existing = await strapi.db.query(CHANNEL).findOne({ select: ['id'], where: { kind, address } });
    if (existing) return existing.id;
    try {
      const created = await strapi.db.query(CHANNEL).create({ data: { kind, address, status: 'unlinked', history: [] } });
      return created.id;
    } catch (error) {
      // Two first messages from one sender at the same moment: the other request created it.
      if (!isUniqueViolation(error)) throw error;
      const raced = await strapi.db.query(CHANNEL).findOne({ select: ['id'], where: { kind, address } });
      if (!raced) throw error;
      return raced.id;
    }
  };

  return {
    async accept(params: InboundParams): Promise<{ channelId: number; duplicate: boolean }> {
      const sender = parseProviderAddress(params.From);
      if (!sender) throw new Error(`Unparseable sender ${params.From}`);
      const channelId = await findOrCreateChannel(sender.kind, sender.e164);
      const now = new Date();
      try {
        await strapi.db.query(INBOUND).create({
          data: {
            messageSid: params.MessageSid,
            channelId,
            from: sender.e164,
            to: params.To,
            body: params.Body,
            profileName: params.ProfileName,
            media: mediaOf(params),
            params,
            status: 'pending',
            attempts: 0,
            receivedAt: now,
            nextAttemptAt: now,
          },
        });
        return { channelId, duplicate: false };
      } catch (error) {
        if (isUniqueViolation(error)) return { channelId, duplicate: true };
        throw error;
      }
    },
  };
};

export type InboxService = ReturnType<typeof createInboxService>;
