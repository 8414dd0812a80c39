import type { Core } from '@strapi/strapi';
import type { DeliveryStatus } from '../channels/adapter';
import { ChannelSendError } from '../channels/errors';
import type { ChannelKind } from '../constants';
import { DEFAULT_COMMUNITY } from '../identity/communities';
import { createRepositories } from '../repositories';
import type { TurnAccount } from '../usage/ledger';
import type { OutboundPart } from '../repositories/outbound-message';
import { getService } from '../utils/get-service';
import { maskSecrets } from '../utils/mask-secrets';
import { createRateLimiter } from './rate-limiter';
import { withRetries } from './retry';
import { splitReply } from './split-reply';
import { isOutboundStatus, nextStatus } from './status';

export type Reply = {
  channel: { id: number; kind: ChannelKind; address: string };
  text: string;
  /** Identifies the turn this reply answers: the same turn retried reuses its parts. */
  turnKey: string;
  /** Who the parts are billed to. */
  account: TurnAccount;
};

const RETRY = { attempts: 4, baseMs: 250 };

/**
 * Sends replies through the channel's adapter. Every part is recorded before it is sent and
 * marked `sending` just before the provider call, so after a crash a part whose fate is
 * unknown is never sent again (at most once), and a retried turn resumes where it stopped.
 */
export const createOutboxService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { outbound, usage: ledger } = createRepositories(strapi);
  const limiter = createRateLimiter();
  const usage = () => getService(strapi, 'usage');

  const partsOf = async ({ channel, text, turnKey }: Reply, maxLength: number, from: string) => {
    const existing = await outbound.partsOfTurn(turnKey);
    if (existing.length > 0) return existing;
    return outbound.recordParts({
      channelId: channel.id,
      turnKey,
      from,
      to: channel.address,
      bodies: splitReply(text, maxLength),
    });
  };

  /** Sends one part; a permanent refusal is recorded on it and returned, a transient one thrown. */
  const sendPart = async (
    reply: Reply,
    part: OutboundPart,
    send: () => Promise<{ providerSid: string; status: string }>
  ) => {
    try {
      await outbound.markSending(part);
    } catch (error) {
      // Not sent: the mark may have been stored all the same (a connection lost before its answer),
      // and a `sending` part is never tried again. Pending it is, if the database lets us.
      await outbound.markUnsent(part.id, { code: null, message: String(error) }).catch(() => undefined);
      throw error;
    }
    let sent: { providerSid: string; status: string };
    try {
      sent = await withRetries(send, RETRY);
    } catch (error) {
      const failure =
        error instanceof ChannelSendError
          ? { code: error.code, message: error.message }
          : { code: null, message: String(error) };
      if (!(error instanceof ChannelSendError) || error.transient) {
        // The provider did not take it: back to pending, the turn will be retried.
        await outbound.markUnsent(part.id, failure);
        throw error;
      }
      await strapi.db.transaction(async () => {
        await outbound.markFailed(part.id, failure);
        await usage().record([
          usage().rows().failed(reply.account, reply.channel, part, { accepted: false }),
        ]);
      });
      // Twilio's message can quote the status callback URL, which carries the webhook token.
      strapi.log.warn(
        maskSecrets(
          strapi,
          `[whatsapp-agent] Twilio refused part ${part.part}/${part.partCount} of a reply (error ${failure.code ?? 'unknown'}): ${failure.message}`
        )
      );
      return `part ${part.part} failed with error ${failure.code ?? 'unknown'}`;
    }
    // The provider took it: should recording that fail, the part stays `sending` (never sent
    // again), rather than pending and sent twice.
    // Counted with the state change, so a part is billed once however often it was tried.
    await strapi.db.transaction(async () => {
      await outbound.markSent(
        part.id,
        sent.providerSid,
        isOutboundStatus(sent.status) ? sent.status : 'queued'
      );
      await usage().record([usage().rows().outbound(reply.account, reply.channel, part)]);
    });
    return undefined;
  };

  return {
    /**
     * Sends every part of a reply that has not been attempted yet, in order. Throws when a
     * transient failure outlasts the retries (the caller retries the turn later); a permanent
     * failure is recorded on the part and the remaining parts are not sent.
     */
    async deliver(reply: Reply) {
      const adapter = getService(strapi, 'adapters').forKind(reply.channel.kind);
      const from = adapter?.senderAddress();
      if (!adapter || !from)
        throw new Error(`Cannot send ${reply.channel.kind} messages: Twilio is not configured`);
      const statusCallback = getService(strapi, 'settings').webhookUrls().status;
      const perSecond =
        getService(strapi, 'pluginConfig').get().twilio.messagesPerSecond ?? adapter.messagesPerSecond;

      let blockedBy: string | undefined;
      for (const part of await partsOf(reply, adapter.maxMessageLength, from)) {
        if (part.status !== 'pending') continue;
        if (blockedBy) {
          await outbound.markFailed(part.id, { code: null, message: `Not sent: ${blockedBy}` });
          continue;
        }
        await limiter.take(from, perSecond);
        blockedBy = await sendPart(reply, part, () =>
          adapter.send({ to: part.to, body: part.body, statusCallback })
        );
      }
    },

    /** Applies a delivery status callback. Returns false when no sent part has that provider id. */
    async recordStatus({ messageId, status, error }: DeliveryStatus) {
      const part = await outbound.findByProviderSid(messageId);
      if (!part) return false;
      const next = nextStatus(part.status, status);
      if (!next && !error) return true;
      const failedNow = (next === 'failed' || next === 'undelivered') && part.status !== next;
      await strapi.db.transaction(async () => {
        await outbound.recordStatus(part.id, next ?? part.status, error);
        if (!failedNow) return;
        // Billed to whoever the part was billed to when it was sent.
        const sent = await ledger.attributionOf(`out:${part.id}`);
        const account = {
          userId: sent?.userId ?? null,
          community: sent?.community ?? DEFAULT_COMMUNITY.key,
          communities: [],
        };
        await usage().record([
          usage().rows().failed(account, { id: part.channelId }, part, { accepted: true }),
        ]);
      });
      if (error) {
        strapi.log.warn(
          `[whatsapp-agent] Delivery of ${messageId} failed: Twilio error ${error.code}${error.code === 63016 ? ' (outside the 24-hour window: only templates can be sent)' : ''}`
        );
      }
      return true;
    },
  };
};

export type OutboxService = ReturnType<typeof createOutboxService>;
