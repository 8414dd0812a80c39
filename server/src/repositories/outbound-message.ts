import type { Core } from '@strapi/strapi';
import type { Button, ListPicker, TemplateContent } from '../channels/adapter';
import type { TemplateCategory, TemplatePurpose } from '../settings/template-schemas';
import {
  CHANNEL_KINDS,
  CONTENT_TYPE,
  UNDELIVERED_STATUSES,
  type ChannelKind,
  type OutboundStatus,
  type UndeliveredStatus,
} from '../constants';
import { toDate, toNumber, toText, type RawRow } from './rows';

/** One part of a reply: recorded before it is sent, then tracked through the provider's statuses. */
export type OutboundPart = {
  id: number;
  channelId: number;
  turnKey: string;
  part: number;
  partCount: number;
  from: string;
  to: string;
  body: string;
  /** Quick-reply buttons sent with this part (the last of a reply that asks a question). */
  buttons: Button[] | null;
  /** A list to pick from, sent with this part (the last of a reply that presents a few events). */
  list: ListPicker | null;
  /** Sent as this approved template instead of `body` (outside the 24-hour window). */
  template: PartTemplate | null;
  providerSid: string | null;
  status: OutboundStatus;
  attempts: number;
  /** The kind of channel that carried it, where the provider said (an RCS part Twilio sent as SMS). */
  deliveredAs: ChannelKind | null;
};

/** A template as one part carries it: what is sent, and what Meta charges for it. */
export type PartTemplate = TemplateContent & { purpose: TemplatePurpose; category: TemplateCategory };

export type SendFailure = { code: number | null; message: string };

/** A part the member never got, as the admin's conversation view lists it. */
export type UndeliveredPart = {
  at: Date;
  /** null once erased (retention, unlinking). */
  body: string | null;
  status: UndeliveredStatus;
  reason: string | null;
  errorCode: number | null;
};

// `body` is required by the schema: an empty text, not null.
const REDACTED = () => ({ body: '', redactedAt: new Date() });

const toPart = (row: RawRow): OutboundPart => ({
  id: toNumber(row.id),
  channelId: toNumber(row.channelId),
  turnKey: String(row.turnKey),
  part: toNumber(row.part, 1),
  partCount: toNumber(row.partCount, 1),
  from: String(row.from),
  to: String(row.to),
  body: String(row.body ?? ''),
  buttons: Array.isArray(row.buttons) ? (row.buttons as Button[]) : null,
  list: row.list && typeof row.list === 'object' ? (row.list as ListPicker) : null,
  template: templateOf(row.template),
  providerSid: typeof row.providerSid === 'string' ? row.providerSid : null,
  status: row.status as OutboundStatus,
  attempts: toNumber(row.attempts),
  deliveredAs: (CHANNEL_KINDS as readonly unknown[]).includes(row.deliveredAs)
    ? (row.deliveredAs as ChannelKind)
    : null,
});

/** A part's template; parts recorded before templates were provider-neutral name it `contentSid`. */
const templateOf = (value: unknown): PartTemplate | null => {
  if (!value || typeof value !== 'object') return null;
  const { contentSid, ...template } = value as PartTemplate & { contentSid?: string };
  return { ...template, reference: template.reference ?? contentSid };
};

/** The only code that reads or writes the outbound-message table; one function per state change. */
export const createOutboundMessageRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.outboundMessage);
  // One UPDATE: the query layer's `update` would read the row before and after.
  const update = async (id: number, data: Record<string, unknown>) => {
    await query().updateMany({ where: { id }, data: { ...data, updatedAt: new Date() } });
  };

  const repository = {
    async partsOfTurn(turnKey: string): Promise<OutboundPart[]> {
      const rows = await query().findMany({ where: { turnKey }, orderBy: { part: 'asc' } });
      return rows.map(toPart);
    },

    /**
     * Records every part of a reply in one INSERT (a crash leaves all or none): the first as
     * `sending` — it goes to the provider next, so this is its `markSending` — the rest pending.
     */
    async recordParts({
      channelId,
      turnKey,
      from,
      to,
      bodies,
      buttons,
      list,
      template,
      notSent,
    }: {
      channelId: number;
      turnKey: string;
      from: string;
      to: string;
      bodies: string[];
      /** Offered with the last part. */
      buttons?: Button[];
      /** Offered with the last part. */
      list?: ListPicker;
      /** One part sent as this template (the body is what it stands in for). */
      template?: PartTemplate;
      /** Why none of them can be offered to the provider (outside the 24-hour window): recorded as such. */
      notSent?: string;
    }): Promise<OutboundPart[]> {
      const parts = bodies.map((body, index) => ({
        channelId,
        turnKey,
        part: index + 1,
        partCount: bodies.length,
        from,
        to,
        body,
        buttons: buttons && index === bodies.length - 1 ? buttons : null,
        list: list && index === bodies.length - 1 ? list : null,
        template: template ?? null,
        ...(notSent
          ? { status: 'not_sent_window_closed' as const, attempts: 0, errorMessage: notSent }
          : {
              status: index === 0 ? ('sending' as const) : ('pending' as const),
              attempts: index === 0 ? 1 : 0,
            }),
      }));
      const { ids } = await query().createMany({ data: parts });
      // Ids come back in the order inserted; should a driver not return them, read the parts back.
      if (ids.length !== parts.length) return repository.partsOfTurn(turnKey);
      return parts.map((part, i) => ({
        ...part,
        id: toNumber(ids[i]),
        providerSid: null,
        deliveredAs: null,
      }));
    },

    async findByProviderSid(providerSid: string): Promise<OutboundPart | null> {
      const row = await query().findOne({ where: { providerSid } });
      return row ? toPart(row) : null;
    },

    /** Just before the provider call: from here on the part's fate is unknown until it answers. */
    markSending: (part: OutboundPart) => update(part.id, { status: 'sending', attempts: part.attempts + 1 }),

    markSent: (id: number, providerSid: string, status: OutboundStatus) =>
      update(id, { providerSid, status, sentAt: new Date() }),

    /** The provider did not take it (a transient failure): it can be sent again. */
    markUnsent: (id: number, failure: SendFailure) =>
      update(id, { status: 'pending', errorCode: failure.code, errorMessage: failure.message }),

    markFailed: (id: number, failure: SendFailure) =>
      update(id, { status: 'failed', errorCode: failure.code, errorMessage: failure.message }),

    /** A delivery status callback: the new status, and the provider's error if it reported one. */
    recordStatus: (id: number, status: OutboundStatus, error?: { code: number; message: string }) =>
      update(id, { status, ...(error ? { errorCode: error.code, errorMessage: error.message } : {}) }),

    /**
     * The kind of channel that carried the part, as its first status callback to say so reported
     * it. True for that one call only: what follows from it (the ledger's fallback row) happens once.
     */
    async markDeliveredAs(id: number, kind: ChannelKind): Promise<boolean> {
      const { count } = await query().updateMany({
        where: { id, deliveredAs: { $null: true } },
        data: { deliveredAs: kind, updatedAt: new Date() },
      });
      return count > 0;
    },

    /** Erases the text we sent on this channel, keeping ids, statuses and error codes. */
    async redactOfChannel(channelId: number) {
      // Parts not sent yet stay: a retried turn still has to send them.
      const { count } = await query().updateMany({
        where: { channelId, status: { $notIn: ['pending', 'sending'] }, redactedAt: null },
        data: REDACTED(),
      });
      return count;
    },

    /** The retention job: erases the text of every part created before `before`. */
    async redactCreatedBefore(before: Date) {
      const { count } = await query().updateMany({
        where: { createdAt: { $lt: before }, status: { $notIn: ['pending', 'sending'] }, redactedAt: null },
        data: REDACTED(),
      });
      return count;
    },

    /** The channel's last `limit` parts that never reached the member, oldest first; one query. */
    async undeliveredOfChannel(channelId: number, limit = 50): Promise<UndeliveredPart[]> {
      const rows = await query().findMany({
        select: ['body', 'status', 'errorCode', 'errorMessage', 'redactedAt', 'createdAt'],
        where: { channelId, status: { $in: [...UNDELIVERED_STATUSES] } },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit,
      });
      return rows.reverse().map((row) => ({
        at: toDate(row.createdAt) ?? new Date(0),
        body: row.redactedAt ? null : toText(row.body),
        status: row.status as UndeliveredStatus,
        reason: toText(row.errorMessage),
        errorCode: row.errorCode === null || row.errorCode === undefined ? null : toNumber(row.errorCode),
      }));
    },

    /**
     * Forgets a reply none of whose parts was offered to the provider (all still pending), so it
     * can be composed and sent afresh. True when it did (or there was none); false when a part was
     * offered, whatever its fate: that reply must not be sent again.
     */
    async forgetUnoffered(turnKey: string): Promise<boolean> {
      const parts = await repository.partsOfTurn(turnKey);
      if (parts.some((part) => part.status !== 'pending')) return false;
      if (parts.length > 0) await query().deleteMany({ where: { turnKey, status: 'pending' } });
      return true;
    },

    async deleteOfChannels(channelIds: number[]) {
      if (channelIds.length > 0) await query().deleteMany({ where: { channelId: { $in: channelIds } } });
    },
  };
  return repository;
};

export type OutboundMessageRepository = ReturnType<typeof createOutboundMessageRepository>;
