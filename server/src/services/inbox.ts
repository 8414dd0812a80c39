import type { Core } from '@strapi/strapi';
import { parseProviderAddress, type ChannelKind } from '../channels/adapter';
import { uid } from '../plugin-id';
import { createBatcher } from '../utils/batcher';
import { isUniqueViolation } from '../utils/db-errors';
import { mediaOf, type InboundParams } from './inbound-params';

const CHANNEL = uid('channel');
const INBOUND = uid('inbound-message');

export type Accepted = { channelId: number; duplicate: boolean };

const channelKey = (kind: ChannelKind, address: string) => `${kind}:${address}`;

/**
 * The durable inbox: an inbound message is committed here, keyed by Twilio's MessageSid
 * (UNIQUE in the database), before the webhook acknowledges it. Messages arriving together are
 * committed together (one transaction per batch), because on SQLite the commit is the cost of a
 * durable acknowledgement. A replay — in another batch, the same batch or another Strapi
 * instance — is reported as a duplicate and stored once.
 */
export const createInboxService = ({ strapi }: { strapi: Core.Strapi }) => {
  /** Channel ids for these senders, creating the missing channels. */
  const channelIds = async (senders: Array<{ kind: ChannelKind; address: string }>) => {
    const find = async () => {
      const rows = await strapi.db.query(CHANNEL).findMany({ select: ['id', 'kind', 'address'], where: { $or: senders.map(({ kind, address }) => ({ kind, address })) } });
      return new Map(rows.map((row) => [channelKey(row.kind, row.address), row.id as number]));
    };
    const ids = await find();
    const missing = [...new Map(senders.filter((s) => !ids.has(channelKey(s.kind, s.address))).map((s) => [channelKey(s.kind, s.address), s])).values()];
    if (missing.length === 0) return ids;
    try {
      await strapi.db.query(CHANNEL).createMany({ data: missing.map(({ kind, address }) => ({ kind, address, status: 'unlinked', history: [] })) });
    } catch (error) {
      // Another instance created one of them at the same moment: theirs is as good as ours.
      if (!isUniqueViolation(error)) throw error;
    }
    return find();
  };

  const toSender = (params: InboundParams) => {
    const sender = parseProviderAddress(params.From);
    if (!sender) throw new Error(`Unparseable sender ${params.From}`);
    return { kind: sender.kind, address: sender.e164 };
  };

  const store = async (batch: InboundParams[]): Promise<Accepted[]> =>
    strapi.db.transaction(async () => {
      const senders = batch.map(toSender);
      const ids = await channelIds(senders);
      const existing = await strapi.db.query(INBOUND).findMany({ select: ['messageSid'], where: { messageSid: { $in: batch.map((params) => params.MessageSid) } } });
      const seen = new Set(existing.map((row) => row.messageSid as string));

      const now = new Date();
      const results: Accepted[] = [];
      const rows: Array<Record<string, unknown>> = [];
      batch.forEach((params, i) => {
        const channelId = ids.get(channelKey(senders[i].kind, senders[i].address)) as number;
        const duplicate = seen.has(params.MessageSid);
        results.push({ channelId, duplicate });
        if (duplicate) return;
        seen.add(params.MessageSid);
        rows.push({
          messageSid: params.MessageSid,
          channelId,
          from: senders[i].address,
          to: params.To,
          body: params.Body,
          profileName: params.ProfileName,
          media: mediaOf(params),
          params,
          status: 'pending',
          attempts: 0,
          receivedAt: now,
          nextAttemptAt: now,
        });
      });
      if (rows.length > 0) await strapi.db.query(INBOUND).createMany({ data: rows });
      return results;
    });

  const storeBatch = async (batch: InboundParams[]): Promise<Accepted[]> => {
    try {
      return await store(batch);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Another Strapi instance committed one of these between our check and our insert:
      // once more, and the check sees it. (Should that fail too, Twilio's retry comes back.)
      return store(batch);
    }
  };

  const submit = createBatcher(storeBatch, { maxBatch: 200 });

  return {
    /** Resolves once the message is committed (or known to be a duplicate). */
    accept: (params: InboundParams): Promise<Accepted> => submit(params),
  };
};

export type InboxService = ReturnType<typeof createInboxService>;
