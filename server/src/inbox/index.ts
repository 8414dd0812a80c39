import type { Core } from '@strapi/strapi';
import type { InboundMessage } from '../channels/adapter';
import { createRepositories } from '../repositories';
import type { NewInboundMessage } from '../repositories/inbound-message';
import { committedTransaction } from '../utils/committed-transaction';
import { createBatcher } from './batcher';

export type Accepted = { channelId: number; duplicate: boolean };

/**
 * The durable inbox: an inbound message is committed here, keyed by the provider's message id
 * (UNIQUE in the database), before the webhook acknowledges it. Messages arriving together are
 * committed together (one transaction per batch), because on SQLite the commit is the cost of a
 * durable acknowledgement. A replay — in another batch, the same batch or another Strapi
 * instance — is reported as a duplicate and stored once: the insert skips a stored SID itself
 * (ON CONFLICT DO NOTHING), so nothing is read before the write and no race needs a retry.
 */
export const createInboxService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { channels, inbound } = createRepositories(strapi);

  const store = async (batch: InboundMessage[]): Promise<Accepted[]> =>
    committedTransaction(strapi, async () => {
      const senders = batch.map((message) => ({ kind: message.kind, address: message.from }));
      const ids = await channels.idsOfSenders(senders);

      const receivedAt = new Date();
      // A SID twice in one batch is stored once: the first is the message, the second a replay.
      const first = new Set<string>();
      const rows: NewInboundMessage[] = [];
      batch.forEach((message, i) => {
        if (first.has(message.messageId)) return;
        first.add(message.messageId);
        rows.push({
          messageSid: message.messageId,
          channelId: ids.get(channels.senderKey(senders[i])) as number,
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
      const stored = await inbound.insertNew(rows);
      // Stored before (another batch, another instance) or earlier in this batch: a duplicate.
      const results: Accepted[] = batch.map((message, i) => {
        const duplicate = !stored.has(message.messageId);
        stored.delete(message.messageId);
        return { channelId: ids.get(channels.senderKey(senders[i])) as number, duplicate };
      });
      return results;
    });

  const submit = createBatcher(store, { maxBatch: 200 });

  return {
    /** Resolves once the message is committed (or known to be a duplicate). */
    accept: (message: InboundMessage): Promise<Accepted> => submit(message),
  };
};

export type InboxService = ReturnType<typeof createInboxService>;
