import type { Core } from '@strapi/strapi';
import type { DeliveryStatus } from '../channels/adapter';
import { ChannelSendError } from '../channels/errors';
import type { ChannelKind } from '../constants';
import { DEFAULT_COMMUNITY } from '../identity/communities';
import { createRepositories } from '../repositories';
import type { TurnAccount } from '../usage/ledger';
import type { OutboundPart } from '../repositories/outbound-message';
import type { UsageRow } from '../repositories/usage-record';
import { getService } from '../utils/get-service';
import { maskSecrets } from '../utils/mask-secrets';
import { createRateLimiter, type RateLimiter } from './rate-limiter';
import { createRedisRateLimiter } from './redis-rate-limiter';
import { withRetries } from './retry';
import { splitReply } from './split-reply';
import type { Button, ListPicker } from '../channels/adapter';
import { isOutboundStatus, nextStatus } from './status';
import { fillTemplate } from './template-fill';
import { windowState, type WindowFacts } from './window';
import { currentLanguage } from '../languages/context';
import { createMemberLanguage } from '../languages/member-language';
import type { TemplatePurpose } from '../settings/template-schemas';

export type Reply = {
  channel: { id: number; kind: ChannelKind; address: string; senderId?: number | null } & Omit<
    WindowFacts,
    'kind'
  >;
  /**
   * `member`: an answer, from the sender the member wrote to. `us`: something we start (a
   * reminder, a manager's reply), from the member's community's own sender first.
   */
  startedBy?: 'member' | 'us';
  text: string;
  /** Offered with the reply's last part, where the channel has buttons. */
  buttons?: Button[];
  /** Offered with the reply's last part, where the channel has list pickers. */
  list?: ListPicker;
  /**
   * Identifies the turn this reply answers: the same turn retried reuses its parts. A reply that
   * belongs to no turn (a community manager's, a notice) has a key of its own, e.g. `person:<uuid>`.
   */
  turnKey: string;
  /** How its parts are billed: `person` for a community manager's words (README: People in the loop). */
  ledgerKind?: 'outbound' | 'person';
  /** Who the parts are billed to. */
  account: TurnAccount;
  /**
   * Outside WhatsApp's 24-hour window the reply cannot go out as text: this purpose's approved
   * template goes instead, its variables filled from `values` (read only then). Without one
   * configured, or without this, the reply is recorded as not sent.
   */
  template?: { purpose: TemplatePurpose; values: () => Promise<Record<string, string | undefined>> };
  /**
   * Where the parts' ledger rows go to be counted with the turn's end (the worker's transaction);
   * without it they are counted at once.
   */
  ledger?: UsageRow[];
};

const RETRY = { attempts: 4, baseMs: 250 };

/**
 * Sends replies through the channel's adapter. Every part is recorded before it is sent and
 * marked `sending` just before the provider call, so after a crash a part whose fate is
 * unknown is never sent again (at most once), and a retried turn resumes where it stopped.
 */
export const createOutboxService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { outbound, channels, usage: ledger } = createRepositories(strapi);
  const usage = () => getService(strapi, 'usage');
  const memberLanguage = createMemberLanguage(strapi);
  /**
   * The language a template goes out in: the one a turn decided, else the member's (their
   * profile's, else the one they last wrote in) for a reminder or a manager's reply.
   */
  const languageOf = async (channelId: number) => {
    const decided = currentLanguage();
    if (decided) return decided;
    const channel = await channels.findForTurn(channelId);
    return channel
      ? memberLanguage.ofChannel(channel)
      : getService(strapi, 'pluginConfig').get().defaultLanguage;
  };
  let limiter: RateLimiter | undefined;
  let limiterWarnedAt = 0;
  /** With bullmq the instances share Redis, and so the per-sender pace; else this process paces alone. */
  const rateLimiter = () => {
    if (limiter) return limiter;
    const { queue } = getService(strapi, 'pluginConfig').get();
    limiter =
      queue.engine === 'bullmq' && queue.redisUrl
        ? createRedisRateLimiter({
            redisUrl: queue.redisUrl,
            prefix: queue.redisPrefix,
            onUnavailable: (error) => {
              if (Date.now() - limiterWarnedAt < 60_000) return;
              limiterWarnedAt = Date.now();
              strapi.log.warn(
                `[whatsapp-agent] Redis did not answer the send-rate check (${error.message}): sends are paced per instance until it does`
              );
            },
          })
        : createRateLimiter();
    return limiter;
  };

  /**
   * The sender a reply goes out from (senders.choose), its adapter, and its pace: the sender's own
   * messages per second, the configured one for the default sender, else the provider's.
   */
  const senderOf = async (reply: Pick<Reply, 'channel' | 'account' | 'startedBy'>) => {
    const senders = getService(strapi, 'senders');
    await senders.fresh();
    const sender = senders.choose({
      kind: reply.channel.kind,
      channelSenderId: reply.channel.senderId,
      community: reply.account.community,
      startedBy: reply.startedBy ?? 'member',
    });
    const adapter = getService(strapi, 'adapters').forSender(sender, reply.channel.kind);
    const from = adapter?.senderAddress();
    if (!adapter || !from)
      throw new Error(`Cannot send ${reply.channel.kind} messages: no provider is configured for them`);
    const perSecond =
      (sender
        ? sender.messagesPerSecond
        : getService(strapi, 'pluginConfig').get().twilio.messagesPerSecond) ?? adapter.messagesPerSecond;
    return { adapter, from, perSecond, senderId: sender?.id ?? null };
  };

  type From = Awaited<ReturnType<typeof senderOf>>;

  /**
   * Sends the parts not attempted yet, in order (`claimed`: a part already marked `sending`,
   * its send slot taken, for this call). Throws when a transient failure outlasts the retries (the caller retries the turn
   * later); a permanent failure is recorded on the part and the remaining parts are not sent.
   */
  const sendParts = async (
    reply: Reply,
    parts: OutboundPart[],
    claimed: number | undefined,
    sender: From
  ) => {
    const { adapter, from, perSecond } = sender;
    const statusCallback = getService(strapi, 'settings').webhookUrls().status;
    let blockedBy: string | undefined;
    for (const part of parts) {
      if (part.status !== 'pending' && part.id !== claimed) continue;
      if (blockedBy) {
        await outbound.markFailed(part.id, { code: null, message: `Not sent: ${blockedBy}` });
        continue;
      }
      // A claimed part took its slot before it was recorded (see deliver).
      if (part.id !== claimed) await rateLimiter().take(from, perSecond);
      blockedBy = await sendPart(
        reply,
        sender.senderId,
        part,
        () =>
          adapter.send({
            to: part.to,
            body: part.body,
            statusCallback,
            ...(part.buttons ? { buttons: part.buttons } : {}),
            ...(part.list ? { list: part.list } : {}),
            ...(part.template ? { template: part.template } : {}),
          }),
        { claimed: part.id === claimed }
      );
    }
  };

  /** Sends one part; a permanent refusal is recorded on it and returned, a transient one thrown. */
  const sendPart = async (
    reply: Reply,
    senderId: number | null,
    part: OutboundPart,
    send: () => Promise<{ providerSid: string; status: string }>,
    { claimed }: { claimed: boolean }
  ) => {
    if (!claimed) {
      try {
        await outbound.markSending(part);
      } catch (error) {
        // Not sent: the mark may have been stored all the same (a connection lost before its
        // answer), and a `sending` part is never tried again. Pending it is, if the database lets us.
        await outbound.markUnsent(part.id, { code: null, message: String(error) }).catch(() => undefined);
        throw error;
      }
    }
    const count = async (row: UsageRow) => {
      if (reply.ledger) reply.ledger.push(row);
      else await usage().record([row]);
    };
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
      await outbound.markFailed(part.id, failure);
      await count(
        usage()
          .rows()
          .failed(reply.account, { ...reply.channel, senderId }, part, { accepted: false })
      );
      // The provider's message can quote the status callback URL, which carries the webhook token.
      strapi.log.warn(
        maskSecrets(
          strapi,
          `[whatsapp-agent] The provider refused part ${part.part}/${part.partCount} of a reply (error ${failure.code ?? 'unknown'}): ${failure.message}`
        )
      );
      return `part ${part.part} failed with error ${failure.code ?? 'unknown'}`;
    }
    // The provider took it. Recorded at once, so its status callbacks find the part; should that
    // fail, the part stays `sending` (never sent again) rather than pending and sent twice.
    await outbound.markSent(
      part.id,
      sent.providerSid,
      isOutboundStatus(sent.status) ? sent.status : 'queued'
    );
    // Billed with the turn's end.
    const row = usage()
      .rows()
      .outbound(reply.account, { ...reply.channel, senderId }, part, part.template?.category ?? 'service');
    await count(reply.ledgerKind === 'person' ? { ...row, kind: 'person' } : row);
    return undefined;
  };

  /**
   * Which kind of channel carried a part, once: when it is not the channel's own (an RCS message
   * Twilio delivered as SMS), the ledger adds what that cost beyond what the part was billed.
   */
  const recordDeliveredAs = async (part: OutboundPart, deliveredAs: ChannelKind) => {
    // Not read from the part's own ledger row: that is written with the turn's end, which the
    // provider's first callbacks can overtake. Billed to the member's community, as the turn was.
    const channel = await channels.ownerOf(part.channelId);
    const fellBack = channel !== null && channel.kind !== deliveredAs;
    const account = fellBack ? await usage().accountOf(channel.userId) : undefined;
    await strapi.db.transaction(async () => {
      if (!(await outbound.markDeliveredAs(part.id, deliveredAs)) || !channel || !account) return;
      await usage().record([
        usage().rows().fallback(account, { id: part.channelId }, part, { sentAs: channel.kind, deliveredAs }),
      ]);
    });
  };

  return {
    /**
     * Records a reply's parts and sends them in order. Throws when a transient failure outlasts
     * the retries (the caller retries the turn later, which resumes them); a permanent failure
     * is recorded on the part and the remaining parts are not sent.
     */
    async deliver(reply: Reply) {
      const sender = await senderOf(reply);
      const { adapter, from } = sender;
      const base = { channelId: reply.channel.id, turnKey: reply.turnKey, from, to: reply.channel.address };
      let recorded: Parameters<typeof outbound.recordParts>[0] = {
        ...base,
        bodies: splitReply(reply.text, adapter.maxMessageLength),
        buttons: reply.buttons,
        list: reply.list,
      };
      // The provider would accept free-form text and fail it a moment later: the purpose's
      // template goes instead, or nothing is offered and the reason is kept on the parts, where
      // the admin's conversation view shows it.
      const window = windowState(reply.channel);
      if (!window.open) {
        const { purpose, values } = reply.template ?? {};
        const template = purpose && getService(strapi, 'settings').template(purpose);
        if (!purpose || !values || !template) {
          const reason = purpose
            ? `${window.reason}; no ${purpose} template is set (Settings → WhatsApp agent → Templates)`
            : window.reason;
          await outbound.recordParts({ ...recorded, notSent: reason });
          strapi.log.info(`[whatsapp-agent] Reply on channel ${reply.channel.id} not sent: ${reason}`);
          return;
        }
        // One message, the template; its part keeps the text it stands in for.
        recorded = {
          ...base,
          bodies: [reply.text],
          template: fillTemplate(purpose, template, await values(), await languageOf(reply.channel.id)),
        };
      }
      // The send slot first: a part marked `sending` must not then wait (a crash while it waits
      // would leave it unsent for good).
      await rateLimiter().take(from, sender.perSecond);
      const parts = await outbound.recordParts(recorded);
      // The first part was recorded as `sending`: it goes out now.
      await sendParts(reply, parts, parts[0].id, sender);
    },

    /**
     * A retried turn whose reply an earlier try recorded: sends the parts not attempted yet
     * (the member gets that reply, not a second one). False when there is none.
     */
    async resume(reply: Omit<Reply, 'text'>): Promise<boolean> {
      const parts = await outbound.partsOfTurn(reply.turnKey);
      if (parts.length === 0) return false;
      await sendParts({ ...reply, text: '' }, parts, undefined, await senderOf(reply));
      return true;
    },

    async stop() {
      await limiter?.close();
      limiter = undefined;
    },

    /** Applies a delivery status callback. Returns false when no sent part has that provider id. */
    async recordStatus({ messageId, status, error, deliveredAs }: DeliveryStatus) {
      const part = await outbound.findByProviderSid(messageId);
      if (!part) return false;
      if (deliveredAs && !part.deliveredAs) await recordDeliveredAs(part, deliveredAs);
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
        const channel = { id: part.channelId, senderId: sent?.senderId ?? null };
        await usage().record([usage().rows().failed(account, channel, part, { accepted: true })]);
      });
      // The provider's clock decides: nothing free-form goes out until the member writes again.
      // Its own statement, after the ledger's: a turn's end writes the channel before the usage
      // totals, and the other order in one transaction deadlocked with it on PostgreSQL.
      const windowClosed = error?.reason === 'window-closed';
      if (windowClosed) await channels.markWindowClosed(part.channelId, new Date());
      if (error) {
        strapi.log.warn(
          `[whatsapp-agent] Delivery of ${messageId} failed: provider error ${error.code}${windowClosed ? ' (outside the 24-hour window: only templates can be sent)' : ''}`
        );
      }
      return true;
    },
  };
};

export type OutboxService = ReturnType<typeof createOutboxService>;
