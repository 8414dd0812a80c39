import type { Core } from '@strapi/strapi';
import type { ChannelKind } from '../../channels/adapter';
import { describeTwilioError } from '../../channels/twilio-client';
import { uid } from '../../plugin-id';
import { getService } from '../../utils/get-service';
import { createRateLimiter } from './rate-limiter';
import { isTransient, withRetries } from './retry';
import { splitReply } from './split-reply';

const OUTBOUND = uid('outbound-message');

export type Reply = {
  channel: { id: number; kind: ChannelKind; address: string };
  text: string;
  /** Identifies the turn this reply answers: the same turn retried reuses its parts. */
  turnKey: string;
};

/** Later statuses never overwrite earlier ones reported out of order (a late "sent" after "read"). */
const STATUS_RANK: Record<string, number> = { pending: 0, sending: 1, queued: 2, sent: 3, delivered: 4, read: 5, undelivered: 6, failed: 6 };

/**
 * Sends replies through the channel's adapter. Every part is recorded before it is sent and
 * marked `sending` just before the provider call, so after a crash a part whose fate is
 * unknown is never sent again (at most once), and a retried turn resumes where it stopped.
 */
export const createOutboxService = ({ strapi }: { strapi: Core.Strapi }) => {
  const limiter = createRateLimiter();
  const retryOptions = { attempts: 4, baseMs: 250 };

  const partsOf = async ({ channel, text, turnKey }: Reply, maxLength: number, from: string) => {
    const existing = await strapi.db.query(OUTBOUND).findMany({ where: { turnKey }, orderBy: { part: 'asc' } });
    if (existing.length > 0) return existing;
    const bodies = splitReply(text, maxLength);
    await strapi.db.transaction(async () => {
      for (const [index, body] of bodies.entries()) {
        await strapi.db.query(OUTBOUND).create({
          data: { channelId: channel.id, turnKey, part: index + 1, partCount: bodies.length, from, to: channel.address, body, status: 'pending', attempts: 0 },
        });
      }
    });
    return strapi.db.query(OUTBOUND).findMany({ where: { turnKey }, orderBy: { part: 'asc' } });
  };

  return {
    /**
     * Sends every part of a reply that has not been attempted yet, in order. Throws when a
     * transient failure outlasts the retries (the caller retries the turn later); a permanent
     * failure is recorded on the part and the remaining parts are not sent.
     */
    async deliver(reply: Reply) {
      const adapter = getService(strapi, 'channels').adapterFor(reply.channel.kind);
      const from = adapter?.senderAddress();
      if (!adapter || !from) throw new Error(`Cannot send ${reply.channel.kind} messages: Twilio is not configured`);
      const statusCallback = getService(strapi, 'settings').webhookUrls().status;

      let blockedBy: string | undefined;
      for (const part of await partsOf(reply, adapter.maxMessageLength, from)) {
        if (part.status !== 'pending') continue;
        if (blockedBy) {
          await strapi.db.query(OUTBOUND).update({ where: { id: part.id }, data: { status: 'failed', errorMessage: `Not sent: ${blockedBy}` } });
          continue;
        }
        await limiter.take(from, getService(strapi, 'pluginConfig').get().twilio.messagesPerSecond ?? adapter.messagesPerSecond);
        await strapi.db.query(OUTBOUND).update({ where: { id: part.id }, data: { status: 'sending', attempts: (part.attempts ?? 0) + 1 } });
        try {
          const sent = await withRetries(() => adapter.send({ to: part.to, body: part.body, statusCallback }), retryOptions);
          await strapi.db.query(OUTBOUND).update({
            where: { id: part.id },
            data: { providerSid: sent.providerSid, status: sent.status in STATUS_RANK ? sent.status : 'queued', sentAt: new Date() },
          });
        } catch (error) {
          const { code, message } = describeTwilioError(error);
          if (isTransient(error)) {
            // The provider did not take it: back to pending, the turn will be retried.
            await strapi.db.query(OUTBOUND).update({ where: { id: part.id }, data: { status: 'pending', errorCode: code ?? null, errorMessage: message } });
            throw error;
          }
          await strapi.db.query(OUTBOUND).update({ where: { id: part.id }, data: { status: 'failed', errorCode: code ?? null, errorMessage: message } });
          strapi.log.warn(`[whatsapp-agent] Twilio refused part ${part.part}/${part.partCount} of a reply (error ${code ?? 'unknown'}): ${message}`);
          blockedBy = `part ${part.part} failed with error ${code ?? 'unknown'}`;
        }
      }
    },

    /** Applies a delivery status callback. Returns false when no sent part has that provider SID. */
    async recordStatus({ providerSid, status, errorCode, errorMessage }: { providerSid: string; status: string; errorCode?: number; errorMessage?: string }) {
      const part = await strapi.db.query(OUTBOUND).findOne({ where: { providerSid } });
      if (!part) return false;
      if ((STATUS_RANK[status] ?? 0) <= (STATUS_RANK[part.status] ?? 0) && !errorCode) return true;
      await strapi.db.query(OUTBOUND).update({
        where: { id: part.id },
        data: { status: status in STATUS_RANK ? status : part.status, ...(errorCode ? { errorCode, errorMessage: errorMessage ?? `Twilio error ${errorCode}` } : {}) },
      });
      if (errorCode) strapi.log.warn(`[whatsapp-agent] Delivery of ${providerSid} failed: Twilio error ${errorCode}${errorCode === 63016 ? ' (outside the 24-hour window: only templates can be sent)' : ''}`);
      return true;
    },
  };
};

export type OutboxService = ReturnType<typeof createOutboxService>;
