import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { CONTENT_TYPE, type Answerer, type ChannelKind, type ChannelStatus } from '../constants';
import { languageOf, type Language } from '../languages/supported';
import { hasOptedIn, parseConsent, type Consent, type ProactiveKind } from '../scheduler/consent';
import { isUniqueViolation } from '../utils/db-errors';
import { WITH_ASSISTANT } from './handoff';
import { toDate, toNumber, toText, type RawRow } from './rows';

/**
 * The member a channel is bound to, as far as the plugin shows it; read for a turn
 * (`withMember`), also their account's state and role, which the turn acts under.
 */
export type ChannelUser = {
  id: number;
  username: string;
  email: string;
  documentId?: string;
  blocked?: boolean;
  role?: { id: number; type: string; updatedAt?: unknown } | null;
};

/** One sender's conversation with us (a phone number on one channel kind), linked to a member or not. */
export type Channel = {
  id: number;
  documentId: string;
  kind: ChannelKind;
  address: string;
  status: ChannelStatus;
  /** Loaded only where asked for (`withUser`); otherwise undefined. */
  user?: ChannelUser | null;
  refreshTokenEncrypted: string | null;
  sessionId: string | null;
  sessionRenewedAt: Date | null;
  sessionExpiresAt: Date | null;
  linkedAt: Date | null;
  lastInboundAt: Date | null;
  /** The language the member last wrote in (fixed replies and proactive messages follow it). */
  language: Language | null;
  /** When the provider last refused a free-form message as outside WhatsApp's 24-hour window. */
  windowClosedAt: Date | null;
  history: unknown[];
  linkAttempts: number;
  linkAttemptsSince: Date | null;
  noticeSentAt: Date | null;
  /** When this sender was last answered while unlinked (the last hour's worth, oldest first). */
  unlinkedReplyTimes: Date[];
  /** Which proactive messages the member agreed to on this channel, with when and how. */
  consent: Consent;
  /** Who answers: the assistant, or a person asked for / in the conversation (repositories/handoff.ts). */
  answeredBy: Answerer;
  /** When the conversation was last handed back to the assistant. */
  handedBackAt: Date | null;
  /** The sender (ours) the member last wrote to, answered from; null: the default sender. */
  senderId: number | null;
};

export type ChannelSender = { kind: ChannelKind; address: string };

/** A users-permissions session as stored on a channel (the refresh token only encrypted). */
export type StoredSession = {
  refreshTokenEncrypted: string;
  sessionId: string;
  renewedAt: Date;
  expiresAt: Date | null;
};

const toUser = (value: unknown): ChannelUser | null => {
  if (!value || typeof value !== 'object') return null;
  const user = value as RawRow;
  const role = user.role as RawRow | null | undefined;
  return {
    id: toNumber(user.id),
    username: String(user.username ?? ''),
    email: String(user.email ?? ''),
    ...('blocked' in user ? { documentId: String(user.documentId), blocked: user.blocked === true } : {}),
    ...(role !== undefined
      ? { role: role ? { id: toNumber(role.id), type: String(role.type), updatedAt: role.updatedAt } : null }
      : {}),
  };
};

const toChannel = (row: RawRow): Channel => ({
  id: toNumber(row.id),
  documentId: String(row.documentId),
  kind: row.kind as ChannelKind,
  address: String(row.address),
  status: row.status as ChannelStatus,
  ...('user' in row ? { user: toUser(row.user) } : {}),
  refreshTokenEncrypted: toText(row.refreshTokenEncrypted),
  sessionId: toText(row.sessionId),
  sessionRenewedAt: toDate(row.sessionRenewedAt),
  sessionExpiresAt: toDate(row.sessionExpiresAt),
  linkedAt: toDate(row.linkedAt),
  lastInboundAt: toDate(row.lastInboundAt),
  language: languageOf(row.language) ?? null,
  windowClosedAt: toDate(row.windowClosedAt),
  history: Array.isArray(row.history) ? row.history : [],
  linkAttempts: toNumber(row.linkAttempts),
  linkAttemptsSince: toDate(row.linkAttemptsSince),
  noticeSentAt: toDate(row.noticeSentAt),
  unlinkedReplyTimes: Array.isArray(row.unlinkedReplyTimes)
    ? row.unlinkedReplyTimes.map(toDate).filter((date): date is Date => date !== null)
    : [],
  consent: parseConsent(row.consent),
  answeredBy: (toText(row.answeredBy) ?? 'assistant') as Answerer,
  handedBackAt: toDate(row.handedBackAt),
  senderId: row.senderId === null || row.senderId === undefined ? null : toNumber(row.senderId),
});

const senderKey = ({ kind, address }: ChannelSender) => `${kind}:${address}`;

const UNBOUND = {
  user: null,
  status: 'unlinked',
  refreshTokenEncrypted: null,
  sessionId: null,
  sessionRenewedAt: null,
  sessionExpiresAt: null,
  linkedAt: null,
  history: [],
  // An unlinked number has no conversation for a person to take either.
  ...WITH_ASSISTANT,
} as const;

/** The only code that reads or writes the channel table. */
export const createChannelRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.channel);
  // The member with their role, for a turn: three SELECTs in one call.
  const WITH_MEMBER = { populate: { user: { populate: ['role'] } } };
  // One UPDATE for changes of the channel's own columns (the query layer's `update` reads the
  // row before and after); relations (the user) still go through `update`.
  const set = async (id: number, data: Record<string, unknown>) => {
    await query().updateMany({ where: { id }, data: { ...data, updatedAt: new Date() } });
  };

  // The names `idOfSenderSql` uses, read from Strapi's metadata once (it is asked once per message).
  let lookupNames: { table: string; id: string; kind: string; address: string } | undefined;
  const senderLookupNames = () => {
    if (lookupNames) return lookupNames;
    const meta = strapi.db.metadata.get(CONTENT_TYPE.channel);
    const schema = strapi.db.getSchemaName();
    const column = (attribute: string) =>
      (meta.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
    lookupNames = {
      table: schema ? `${schema}.${meta.tableName}` : meta.tableName,
      id: column('id'),
      kind: column('kind'),
      address: column('address'),
    };
    return lookupNames;
  };

  const repository = {
    senderKey,

    /** The channel as a turn needs it: with its member, their account state and role. */
    async findForTurn(id: number): Promise<Channel | null> {
      const row = await query().findOne({ where: { id }, ...WITH_MEMBER });
      return row ? toChannel(row) : null;
    },

    /** A channel's kind and member (null when it is gone), for what it is billed. */
    async ownerOf(id: number): Promise<{ kind: ChannelKind; userId: number | null } | null> {
      const row = await query().findOne({
        select: ['kind'],
        where: { id },
        populate: { user: { select: ['id'] } },
      });
      if (!row) return null;
      return { kind: row.kind as ChannelKind, userId: row.user ? toNumber(row.user.id) : null };
    },

    /** The channel's session (its refresh token, encrypted) as stored now. */
    async refreshTokenOf(id: number): Promise<string | null> {
      const row = await query().findOne({ select: ['refreshTokenEncrypted'], where: { id } });
      return toText(row?.refreshTokenEncrypted);
    },

    async findByDocumentId(documentId: string): Promise<Channel | null> {
      const row = await query().findOne({ where: { documentId }, populate: ['user'] });
      return row ? toChannel(row) : null;
    },

    /** A channel of this member's, linked, by its documentId: what a member may unlink. */
    async findLinkedOfUser(documentId: string, userId: number): Promise<Channel | null> {
      const row = await query().findOne({
        where: { documentId, user: { id: userId }, status: 'linked' },
        populate: ['user'],
      });
      return row ? toChannel(row) : null;
    },

    async listLinkedOfUser(userId: number): Promise<Channel[]> {
      const rows = await query().findMany({
        where: { user: { id: userId }, status: 'linked' },
        orderBy: { linkedAt: 'desc' },
      });
      return rows.map(toChannel);
    },

    /** Linked channels, newest first; `search` matches the member's username or email, or the number's digits. */
    async pageLinked({ search, page, pageSize }: { search: string; page: number; pageSize: number }) {
      const where = {
        status: 'linked',
        ...(search
          ? {
              $or: [
                { address: { $contains: search.replace(/[^\d+]/g, '') || search } },
                { user: { username: { $containsi: search } } },
                { user: { email: { $containsi: search } } },
              ],
            }
          : {}),
      };
      const [rows, total] = await Promise.all([
        query().findMany({
          where,
          populate: ['user'],
          orderBy: { linkedAt: 'desc' },
          offset: (page - 1) * pageSize,
          limit: pageSize,
        }),
        query().count({ where }),
      ]);
      return { channels: rows.map(toChannel), total };
    },

    /** Every channel bound to one of these users, with the user loaded. */
    /**
     * Linked channels whose member opted in to `kind` (consent is JSON: filtered here, not in
     * SQL, the same on SQLite and PostgreSQL), newest link first, one per member.
     */
    async linkedOptedIn(kind: ProactiveKind): Promise<Array<{ channelId: number; userId: number }>> {
      const rows = await query().findMany({
        select: ['id', 'consent'],
        where: { status: 'linked' },
        populate: { user: { select: ['id'] } },
        orderBy: { linkedAt: 'desc' },
      });
      const seen = new Set<number>();
      return rows.flatMap((row) => {
        const userId = row.user ? toNumber(row.user.id) : null;
        if (userId === null || seen.has(userId) || !hasOptedIn(parseConsent(row.consent), kind)) return [];
        seen.add(userId);
        return [{ channelId: toNumber(row.id), userId }];
      });
    },

    async listOfUsers(userIds: number[]): Promise<Channel[]> {
      if (userIds.length === 0) return [];
      const rows = await query().findMany({ where: { user: { id: { $in: userIds } } }, populate: ['user'] });
      return rows.map(toChannel);
    },

    /**
     * The id of this sender's channel, or NULL while it has none, as an expression for another
     * statement on `db` (the inbox's INSERT names a message's channel with it): read when that
     * statement runs, never cached, so a channel deleted meanwhile is not named.
     */
    idOfSenderSql(db: Knex, { kind, address }: ChannelSender): Knex.Raw {
      const names = senderLookupNames();
      return db.raw('(select ?? from ?? where ?? = ? and ?? = ?)', [
        names.id,
        names.table,
        names.kind,
        kind,
        names.address,
        address,
      ]);
    },

    /** Channel ids of these senders, creating the missing channels (unlinked). */
    async idsOfSenders(senders: ChannelSender[]) {
      const find = async () => {
        const rows = await query().findMany({
          select: ['id', 'kind', 'address'],
          where: { $or: senders.map(({ kind, address }) => ({ kind, address })) },
        });
        return new Map(rows.map((row) => [senderKey(row as ChannelSender), toNumber(row.id)]));
      };
      const ids = await find();
      const missing = [
        ...new Map(
          senders.filter((sender) => !ids.has(senderKey(sender))).map((sender) => [senderKey(sender), sender])
        ).values(),
      ];
      if (missing.length === 0) return ids;
      try {
        await query().createMany({
          data: missing.map(({ kind, address }) => ({ kind, address, status: 'unlinked', history: [] })),
        });
      } catch (error) {
        // Another instance created one of them at the same moment: theirs is as good as ours.
        if (!isUniqueViolation(error)) throw error;
      }
      return find();
    },

    /** Of these channels, those no live worker holds a lease on. */
    async withoutLiveLease(ids: number[], now: Date): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await query().findMany({
        select: ['id'],
        where: { id: { $in: ids }, $or: [{ leaseOwner: null }, { leaseExpiresAt: { $lt: now } }] },
      });
      return rows.map((row) => toNumber(row.id));
    },

    async acquireLease(id: number, owner: string, ttlMs: number): Promise<boolean> {
      const now = new Date();
      const { count } = await query().updateMany({
        where: { id, $or: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseExpiresAt: { $lt: now } }] },
        data: { leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + ttlMs) },
      });
      return count === 1;
    },

    async renewLease(id: number, owner: string, ttlMs: number): Promise<boolean> {
      const { count } = await query().updateMany({
        where: { id, leaseOwner: owner },
        data: { leaseExpiresAt: new Date(Date.now() + ttlMs) },
      });
      return count === 1;
    },

    async releaseLease(id: number, owner: string) {
      await query().updateMany({
        where: { id, leaseOwner: owner },
        data: { leaseOwner: null, leaseExpiresAt: null },
      });
    },

    /** At the end of a turn: the newest message answered, and the conversation when it changed. */
    recordTurn: (
      id: number,
      {
        lastInboundAt,
        senderId,
        history,
      }: { lastInboundAt: Date; senderId: number | null; history?: unknown[] }
    ) => set(id, { lastInboundAt, senderId, ...(history ? { history } : {}) }),

    saveHistory: (id: number, history: unknown[]) => set(id, { history }),

    /** The member's consent to proactive messages, as changed (each kind with its time and source). */
    recordConsent: (id: number, consent: Consent) => set(id, { consent }),

    /** The provider refused a free-form message as outside the 24-hour window (Twilio's 63016). */
    markWindowClosed: (id: number, at: Date) => set(id, { windowClosedAt: at }),

    markNoticeSent: (id: number, at: Date) => set(id, { noticeSentAt: at }),

    saveLanguage: (id: number, language: Language) => set(id, { language }),

    /**
     * Claims today's over-limit reply for this channel ("2026-11-26"): true once per UTC day,
     * across processes (a conditional update).
     */
    async claimOverLimitNotice(id: number, day: string): Promise<boolean> {
      const { count } = await query().updateMany({
        where: { id, $or: [{ overLimitNoticeDay: null }, { overLimitNoticeDay: { $ne: day } }] },
        data: { overLimitNoticeDay: day },
      });
      return count > 0;
    },

    recordUnlinkedReplies: (id: number, times: Date[]) => set(id, { unlinkedReplyTimes: times }),

    recordFailedLinkAttempts: (id: number, attempts: number, since: Date) =>
      set(id, { linkAttempts: attempts, linkAttemptsSince: since }),

    /**
     * Binds the channel to a member's new session; the conversation starts empty, and so does
     * consent to proactive messages (a number moved to another account keeps nobody's opt-in).
     */
    async bind(id: number, userId: number, session: StoredSession) {
      await query().update({
        where: { id },
        data: {
          ...sessionData(session),
          user: userId,
          status: 'linked',
          linkedAt: new Date(),
          history: [],
          consent: {},
        },
      });
    },

    /** A rotated session (same binding, renewed idle lifetime). */
    storeSession: (id: number, session: StoredSession) => set(id, sessionData(session)),

    /** Ends the binding: no member, no session, no conversation. */
    async unbind(id: number) {
      await query().update({ where: { id }, data: UNBOUND });
    },

    async deleteByIds(ids: number[]) {
      if (ids.length > 0) await query().deleteMany({ where: { id: { $in: ids } } });
    },
  };
  return repository;
};

const sessionData = (session: StoredSession) => ({
  refreshTokenEncrypted: session.refreshTokenEncrypted,
  sessionId: session.sessionId,
  sessionRenewedAt: session.renewedAt,
  sessionExpiresAt: session.expiresAt,
});

export type ChannelRepository = ReturnType<typeof createChannelRepository>;
