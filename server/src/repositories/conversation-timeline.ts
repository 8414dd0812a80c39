import type { Core } from '@strapi/strapi';
import { CONTENT_TYPE, type OutboundStatus } from '../constants';
import { toDate, toNumber, toText, type RawRow } from './rows';

/** The outbox key of a community manager's reply: it answers no member turn. */
export const PERSON_KEY_PREFIX = 'person:';
export const isPersonKey = (turnKey: string) => turnKey.startsWith(PERSON_KEY_PREFIX);

/** One message of a conversation as the inbox and the conversation view show it. */
export type TimelineMessage =
  | { direction: 'in'; id: number; at: Date; body: string | null }
  | {
      direction: 'out';
      id: number;
      at: Date;
      /** null once erased (retention, unlinking). */
      body: string | null;
      /** The reply it is part of: a member turn's MessageSid, or `person:…` for a manager's reply. */
      turnKey: string;
      status: OutboundStatus;
      reason: string | null;
      template: boolean;
    };

const inboundOf = (row: RawRow): TimelineMessage => ({
  direction: 'in',
  id: toNumber(row.id),
  at: toDate(row.receivedAt) ?? new Date(0),
  body: row.redactedAt ? null : toText(row.body),
});

const outboundOf = (row: RawRow): TimelineMessage => ({
  direction: 'out',
  id: toNumber(row.id),
  at: toDate(row.createdAt) ?? new Date(0),
  body: row.redactedAt ? null : toText(row.body),
  turnKey: String(row.turnKey),
  status: row.status as OutboundStatus,
  reason: toText(row.errorMessage),
  template: Boolean(row.template),
});

/**
 * Reads a conversation's messages in both directions, for the people in the loop: what the
 * member wrote and what was sent (by the assistant or a manager), in the order it happened. Read
 * only; the inbox and outbox repositories own the writes. Each side is one indexed query
 * (channel_id + time).
 */
export const createConversationTimeline = (strapi: Core.Strapi) => ({
  /** The last `limit` messages (each direction), since `since` when given, oldest first. */
  async of(channelId: number, { since, limit = 100 }: { since?: Date | null; limit?: number } = {}) {
    const [ins, outs] = await Promise.all([
      strapi.db.query(CONTENT_TYPE.inboundMessage).findMany({
        select: ['id', 'body', 'receivedAt', 'redactedAt'],
        where: { channelId, ...(since ? { receivedAt: { $gte: since } } : {}) },
        orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
        limit,
      }),
      strapi.db.query(CONTENT_TYPE.outboundMessage).findMany({
        select: ['id', 'body', 'turnKey', 'status', 'errorMessage', 'template', 'redactedAt', 'createdAt'],
        where: { channelId, ...(since ? { createdAt: { $gte: since } } : {}) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit,
      }),
    ]);
    return [...ins.map(inboundOf), ...outs.map(outboundOf)].sort(
      (a, b) => a.at.getTime() - b.at.getTime() || (a.direction === b.direction ? a.id - b.id : 0)
    );
  },

  /** Messages the member sent after `after` (the last a manager saw or answered): the inbox's unread count. */
  async countInboundAfter(channelId: number, after: Date) {
    return strapi.db
      .query(CONTENT_TYPE.inboundMessage)
      .count({ where: { channelId, receivedAt: { $gt: after } } });
  },

  /** The member's latest message (id and text) — what the inbox shows and a resolve must have seen. */
  async lastInbound(channelId: number) {
    const row = await strapi.db.query(CONTENT_TYPE.inboundMessage).findOne({
      select: ['id', 'body', 'receivedAt', 'redactedAt'],
      where: { channelId },
      orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    });
    return row ? inboundOf(row) : null;
  },
});

export type ConversationTimeline = ReturnType<typeof createConversationTimeline>;
