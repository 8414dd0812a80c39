import type { Core } from '@strapi/strapi';
import type { InboundMessage } from '../channels/adapter';
import { createRepositories } from '../repositories';
import type { NewInboundMessage } from '../repositories/inbound-message';
import { committedTransaction } from '../utils/committed-transaction';
import { createBatcher } from './batcher';

/** A message stored and to be answered on its channel, or a replay of one stored before (dropped). */
/** A member's message and the sender (ours) it was written to: null is the default sender. */
export type AddressedMessage = InboundMessage & { senderId: number | null };

export type Accepted = { duplicate: false; channelId: number } | { duplicate: true };

/**
 * The durable inbox: an inbound message is committed here, keyed by the provider's message id
 * (UNIQUE in the database), before the webhook acknowledges it. Messages arriving together are
 * committed together (one transaction per batch), because on SQLite the commit is the cost of a
 * durable acknowledgement. A replay — in another batch, the same batch or another Strapi
 * instance — is reported as a duplicate and stored once: the insert skips a stored SID itself
 * (ON CONFLICT DO NOTHING), so nothing is read before the write and no race needs a retry.
 *
 * Each message's channel is looked up by the INSERT (a subquery on the sender), not by a query
 * of its own: a batch from known senders is one statement. Only a message from a sender without
 * a channel comes back without one; its channel is created (unlinked) and named on the row in
 * the same transaction, so no one ever sees a message without its channel. Never a cache of
 * sender → channel: a channel deleted on another instance would still be named.
 */
export const createInboxService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { channels, inbound } = createRepositories(strapi);

  /** Creates the channels of senders new to us, and names them on their messages. */
  const fileUnderNewChannels = async (orphans: NewInboundMessage[], stored: Map<string, number | null>) => {
    const ids = await channels.idsOfSenders(
      orphans.map((message) => ({ kind: message.kind, address: message.from }))
    );
    const sidsByChannel = new Map<number, string[]>();
    for (const message of orphans) {
      const channelId = ids.get(channels.senderKey({ kind: message.kind, address: message.from })) as number;
      stored.set(message.messageSid, channelId);
      sidsByChannel.set(channelId, [...(sidsByChannel.get(channelId) ?? []), message.messageSid]);
    }
    for (const [channelId, sids] of sidsByChannel) await inbound.setChannel(sids, channelId);
  };

  const store = async (batch: AddressedMessage[]): Promise<Accepted[]> =>
    committedTransaction(strapi, async () => {
      const receivedAt = new Date();
      // A SID twice in one batch is stored once: the first is the message, the second a replay.
      const first = new Set<string>();
      const rows: NewInboundMessage[] = [];
      for (const message of batch) {
        if (first.has(message.messageId)) continue;
        first.add(message.messageId);
        rows.push({
          messageSid: message.messageId,
          kind: message.kind,
          from: message.from,
          to: message.to,
          body: message.body,
          profileName: message.profileName,
          media: message.media,
          buttonPayload: message.buttonPayload,
          params: message.raw,
          receivedAt,
          senderId: message.senderId,
        });
      }
      const stored = await inbound.insertNew(rows, channels.idOfSenderSql);
      const orphans = rows.filter((row) => stored.get(row.messageSid) === null);
      if (orphans.length > 0) await fileUnderNewChannels(orphans, stored);
      // Stored before (another batch, another instance) or earlier in this batch: a duplicate.
      return batch.map((message): Accepted => {
        const channelId = stored.get(message.messageId);
        stored.delete(message.messageId);
        return channelId === undefined || channelId === null
          ? { duplicate: true }
          : { duplicate: false, channelId };
      });
    });

  const submit = createBatcher(store, { maxBatch: 200 });

  return {
    /** Resolves once the message is committed (or known to be a duplicate). */
    accept: (message: AddressedMessage): Promise<Accepted> => submit(message),
  };
};

export type InboxService = ReturnType<typeof createInboxService>;
