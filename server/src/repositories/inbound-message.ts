import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { CONTENT_TYPE, type ChannelKind, type InboundStatus } from '../constants';
import type { ChannelSender } from './channel';
import { toDate, toNumber, type RawRow } from './rows';

export type InboundMedia = { url: string; contentType: string };

/** One message a member sent us, as the inbox keeps it until it is answered. */
export type InboundMessageRow = {
  id: number;
  messageSid: string;
  channelId: number;
  from: string;
  to: string;
  body: string;
  /** Attachments as the provider announced them (downloaded only during the turn). */
  media: InboundMedia[];
  /** The quick-reply button tapped, when the message is a tap (it names the question it answers). */
  buttonPayload?: string;
  status: InboundStatus;
  attempts: number;
  error: string | null;
  receivedAt: Date;
  nextAttemptAt: Date | null;
  /** The sender (ours) it was written to; null: the default sender. */
  senderId: number | null;
};

/**
 * What the inbox writes for a new message. Its channel is named by the sender (`kind` and
 * `from`): the INSERT itself looks the channel's id up (see `insertNew`).
 */
export type NewInboundMessage = {
  messageSid: string;
  kind: ChannelKind;
  from: string;
  to: string;
  body: string;
  profileName?: string;
  media: InboundMedia[];
  buttonPayload?: string;
  params: Record<string, unknown>;
  receivedAt: Date;
  senderId: number | null;
};

const REDACTED = () => ({
  body: null,
  profileName: null,
  media: null,
  buttonPayload: null,
  params: null,
  redactedAt: new Date(),
});

const toRow = (row: RawRow): InboundMessageRow => ({
  id: toNumber(row.id),
  messageSid: String(row.messageSid),
  channelId: toNumber(row.channelId),
  from: String(row.from),
  to: String(row.to),
  body: typeof row.body === 'string' ? row.body : '',
  media: Array.isArray(row.media)
    ? (row.media as unknown[]).filter(
        (item): item is InboundMedia =>
          typeof (item as InboundMedia)?.url === 'string' &&
          typeof (item as InboundMedia)?.contentType === 'string'
      )
    : [],
  ...(typeof row.buttonPayload === 'string' && row.buttonPayload ? { buttonPayload: row.buttonPayload } : {}),
  status: row.status as InboundStatus,
  attempts: toNumber(row.attempts),
  error: typeof row.error === 'string' ? row.error : null,
  receivedAt: toDate(row.receivedAt) ?? new Date(0),
  nextAttemptAt: toDate(row.nextAttemptAt),
  senderId: row.senderId === null || row.senderId === undefined ? null : toNumber(row.senderId),
});

/**
 * The only code that reads or writes the inbound-message table. A message's life is
 * pending → processing → processed | failed, or back to pending with a later `nextAttemptAt`;
 * each change is one named function (as graphile-worker's completeJob / failJob).
 */
export const createInboundMessageRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.inboundMessage);
  const update = (ids: number[], data: Record<string, unknown>) =>
    query().updateMany({ where: { id: { $in: ids } }, data });

  // Column names of the inbox's INSERT, read from Strapi's metadata once (not per message).
  const ATTRIBUTES = [
    'messageSid',
    'channelId',
    'from',
    'to',
    'body',
    'profileName',
    'media',
    'buttonPayload',
    'params',
    'status',
    'attempts',
    'receivedAt',
    'nextAttemptAt',
    'senderId',
    'createdAt',
    'updatedAt',
  ] as const;
  let names: Record<(typeof ATTRIBUTES)[number], string> | undefined;
  const insertNames = () => {
    if (names) return names;
    const meta = strapi.db.metadata.get(CONTENT_TYPE.inboundMessage);
    names = Object.fromEntries(
      ATTRIBUTES.map((attribute) => [
        attribute,
        (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute,
      ])
    ) as Record<(typeof ATTRIBUTES)[number], string>;
    return names;
  };
  /** Strapi's current transaction when there is one (on SQLite's single connection, anything else waits). */
  const currentDb = async (): Promise<Knex> =>
    strapi.db.inTransaction()
      ? ((await strapi.db.transaction()) as unknown as { get(): Knex.Transaction }).get()
      : strapi.db.connection;
  const table = (db: Knex) => {
    const { tableName } = strapi.db.metadata.get(CONTENT_TYPE.inboundMessage);
    const schema = strapi.db.getSchemaName();
    return schema ? db(tableName).withSchema(schema) : db(tableName);
  };

  return {
    /**
     * Stores the messages whose MessageSid is not stored yet, and returns, for each one it
     * stored, the id of its channel — `null` when the sender has no channel yet (`setChannel`
     * then names the one created): one statement, the unique index skipping the others (a
     * replay) instead of reading the SIDs before writing, and each row's channel id read by the
     * INSERT itself (`channelIdOf`, a subquery) instead of a query of its own. Knex (the query
     * layer has neither ON CONFLICT nor subqueries as values), in Strapi's current transaction: on
     * SQLite's single connection a query beside it would wait forever.
     */
    async insertNew(
      messages: NewInboundMessage[],
      channelIdOf: (db: Knex, sender: ChannelSender) => Knex.Raw
    ): Promise<Map<string, number | null>> {
      if (messages.length === 0) return new Map();
      const names = insertNames();
      const db = await currentDb();
      const now = new Date();
      const rows = messages.map((message) => ({
        [names.messageSid]: message.messageSid,
        [names.channelId]: channelIdOf(db, { kind: message.kind, address: message.from }),
        [names.from]: message.from,
        [names.to]: message.to,
        [names.body]: message.body,
        [names.profileName]: message.profileName ?? null,
        // JSON columns as text: knex would send an array to PostgreSQL as an ARRAY.
        [names.media]: JSON.stringify(message.media),
        [names.buttonPayload]: message.buttonPayload ?? null,
        [names.params]: JSON.stringify(message.params),
        [names.status]: 'pending',
        [names.attempts]: 0,
        [names.receivedAt]: message.receivedAt,
        [names.nextAttemptAt]: message.receivedAt,
        [names.senderId]: message.senderId,
        [names.createdAt]: now,
        [names.updatedAt]: now,
      }));
      const written: Array<Record<string, unknown>> = await table(db)
        .insert(rows)
        .onConflict(names.messageSid)
        .ignore()
        .returning([names.messageSid, names.channelId]);
      return new Map(
        written.map((row) => [
          String(row[names.messageSid]),
          row[names.channelId] === null || row[names.channelId] === undefined
            ? null
            : toNumber(row[names.channelId]),
        ])
      );
    },

    /** Names the channel of messages stored without one (`insertNew`, a sender new then). */
    async setChannel(messageSids: string[], channelId: number) {
      if (messageSids.length === 0) return;
      const names = insertNames();
      await table(await currentDb())
        .whereIn(names.messageSid, messageSids)
        .update({ [names.channelId]: channelId });
    },

    /** The channel's unanswered messages, oldest first. */
    async listOpen(channelId: number): Promise<InboundMessageRow[]> {
      const rows = await query().findMany({
        where: { channelId, status: { $in: ['pending', 'processing'] } },
        orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toRow);
    },

    /** Channels with messages due now, or left `processing` (a worker may have crashed). */
    async channelsWithWork(now: Date): Promise<number[]> {
      const rows = await query().findMany({
        select: ['channelId'],
        where: { $or: [{ status: 'pending', nextAttemptAt: { $lte: now } }, { status: 'processing' }] },
      });
      return [...new Set(rows.map((row) => toNumber(row.channelId)))];
    },

    async countOfChannel(channelId: number): Promise<number> {
      return query().count({ where: { channelId } });
    },

    markProcessing: (ids: number[], attempt: number) =>
      update(ids, { status: 'processing', attempts: attempt }),

    complete: (ids: number[]) => update(ids, { status: 'processed', processedAt: new Date(), error: null }),

    /** Given up on (or answered with an apology): stays visible with its error, never retried. */
    fail: (ids: number[], error: string) => update(ids, { status: 'failed', error, processedAt: new Date() }),

    /** Back to pending, to be tried again at `nextAttemptAt`. */
    reschedule: (ids: number[], error: string, nextAttemptAt: Date) =>
      update(ids, { status: 'pending', error, nextAttemptAt }),

    /**
     * Erases what the member wrote on this channel (body, profile name, media URLs, raw params),
     * keeping ids, times and statuses so counts and costs stay right. Messages still waiting for
     * their turn are left alone: they belong to whoever writes next.
     */
    async redactOfChannel(channelId: number) {
      const { count } = await query().updateMany({
        where: { channelId, status: { $ne: 'pending' }, redactedAt: null },
        data: REDACTED(),
      });
      return count;
    },

    /** The retention job: erases the content of every handled message received before `before`. */
    async redactReceivedBefore(before: Date) {
      const { count } = await query().updateMany({
        where: { receivedAt: { $lt: before }, status: { $in: ['processed', 'failed'] }, redactedAt: null },
        data: REDACTED(),
      });
      return count;
    },

    async deleteOfChannels(channelIds: number[]) {
      if (channelIds.length > 0) await query().deleteMany({ where: { channelId: { $in: channelIds } } });
    },
  };
};

export type InboundMessageRepository = ReturnType<typeof createInboundMessageRepository>;
