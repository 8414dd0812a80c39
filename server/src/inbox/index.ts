import type { Core } from '@strapi/strapi';
import type { InboundMessage } from '../channels/adapter';
import { createRepositories } from '../repositories';
import type { NewInboundMessage } from '../repositories/inbound-message';
import { committedTransaction } from '../utils/committed-transaction';
import { isUniqueViolation } from '../utils/db-errors';
import { createBatcher } from './batcher';

export type Accepted = { channelId: number; duplicate: boolean };

/**
 * The durable inbox: an inbound message is committed here, keyed by the provider's message id
 * (UNIQUE in the database), before the webhook acknowledges it. Messages arriving together are
 * committed together (one transaction per batch), because on SQLite the commit is the cost of a
 * durable acknowledgement. A replay — in another batch, the same batch or another Strapi
 * instance — is reported as a duplicate and stored once.
 */
export const createInboxService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { channels, inbound } = createRepositories(strapi);

  const store = async (batch: InboundMessage[]): Promise<Accepted[]> =>
    committedTransaction(strapi, async () => {
      const senders = batch.map((message) => ({ kind: message.kind, address: message.from }));
      const ids = await channels.idsOfSenders(senders);
      const seen = await inbound.existingSids(batch.map((message) => message.messageId));

      const receivedAt = new Date();
      const results: Accepted[] = [];
      const rows: NewInboundMessage[] = [];
      batch.forEach((message, i) => {
        const channelId = ids.get(channels.senderKey(senders[i])) as number;
        const duplicate = seen.has(message.messageId);
        results.push({ channelId, duplicate });
        if (duplicate) return;
        seen.add(message.messageId);
        rows.push({
          messageSid: message.messageId,
          channelId,
          from: message.from,
          to: message.to,
          body: message.body,
          profileName: message.profileName,
          media: message.media,
          buttonPayload: message.buttonPayload,
          params: message.raw,
          receivedAt,
        });
      });
      await inbound.insertPending(rows);
      return results;
    });

  const storeBatch = async (batch: InboundMessage[]): Promise<Accepted[]> => {
    try {
      return await store(batch);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another Strapi instance committed one of these between our check and our insert:
      // once more, and the check sees it. (Should that fail too, the provider's retry comes back.)
      return store(batch);
    }
  };

  const submit = createBatcher(storeBatch, { maxBatch: 200 });

  return {
    /** Resolves once the message is committed (or known to be a duplicate). */
    accept: (message: InboundMessage): Promise<Accepted> => submit(message),
  };
};

export type InboxService = ReturnType<typeof createInboxService>;
