import crypto from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { uid } from '../../plugin-id';
import { getService } from '../../utils/get-service';
import { backoffMs } from '../outbox/retry';
import { createChannelLease } from './lease';
import type { Turn, TurnHandler, TurnMessage } from './turn';

const CHANNEL = uid('channel');
const INBOUND = uid('inbound-message');

export type WorkerOptions = {
  /** Quiet time after a member's latest message before answering, so a burst is one turn. */
  burstWindowMs: number;
  leaseTtlMs: number;
  maxAttempts: number;
  retryBaseMs: number;
};

/**
 * Processes one conversation at a time under a database lease: drains the channel's pending
 * messages in arrival order, one turn per drain, and records each outcome on the messages.
 * A failed turn is retried with backoff and ends `failed` (with its error) after
 * `maxAttempts`; newer messages of that channel wait, so order is kept.
 */
export const createWorkerService = ({ strapi }: { strapi: Core.Strapi }) => {
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  let options: WorkerOptions = { burstWindowMs: 800, leaseTtlMs: 60_000, maxAttempts: 5, retryBaseMs: 2_000 };
  let configured = false;
  let lease = createChannelLease({ strapi, owner, ttlMs: options.leaseTtlMs });
  /** The plugin config is read on first use (services are created before it is parsed). */
  const settings = () => {
    if (!configured) {
      configured = true;
      options = { ...options, burstWindowMs: getService(strapi, 'pluginConfig').get().queue.burstWindowMs };
    }
    return options;
  };
  // Unless replaced (tests, benchmarks), turns go to the conversation service.
  let handler: TurnHandler | undefined;

  /**
   * The channel's unprocessed messages, oldest first — or, with `waitMs`, none yet: the oldest
   * waits for a retry, or the member is still typing a burst.
   */
  const dueMessages = async (channelId: number): Promise<{ rows: Array<Record<string, any>>; waitMs?: number }> => {
    const rows = await strapi.db.query(INBOUND).findMany({
      where: { channelId, status: { $in: ['pending', 'processing'] } },
      orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    });
    if (rows.length === 0) return { rows };
    const now = Date.now();
    const retryAt = rows[0].nextAttemptAt ? new Date(rows[0].nextAttemptAt).getTime() : 0;
    const quietAt = new Date(rows[rows.length - 1].receivedAt).getTime() + settings().burstWindowMs;
    const dueAt = Math.max(retryAt, rows[0].attempts > 0 ? 0 : quietAt);
    return dueAt > now ? { rows: [], waitMs: dueAt - now } : { rows };
  };

  const showTyping = async (turn: Turn) => {
    const last = turn.messages[turn.messages.length - 1];
    try {
      await getService(strapi, 'channels').adapterFor(turn.channel.kind)?.showTyping(last.messageSid);
    } catch (error) {
      strapi.log.debug(`[whatsapp-agent] Typing indicator not shown: ${(error as Error).message}`);
    }
  };

  const runTurn = async (channelId: number, rows: Array<Record<string, any>>) => {
    const ids = rows.map((row) => row.id as number);
    const attempt = Math.max(...rows.map((row) => row.attempts ?? 0)) + 1;
    await strapi.db.query(INBOUND).updateMany({ where: { id: { $in: ids } }, data: { status: 'processing', attempts: attempt } });

    const channel = await strapi.db.query(CHANNEL).findOne({ where: { id: channelId } });
    const messages: TurnMessage[] = rows.map(({ id, messageSid, body, receivedAt }) => ({ id, messageSid, body: body ?? '', receivedAt }));
    const turn: Turn = {
      channel: { id: channel.id, kind: channel.kind, address: channel.address, status: channel.status },
      messages,
      text: messages.map((message) => message.body).join('\n'),
    };

    try {
      if (attempt === 1) await showTyping(turn);
      const outcome = await (handler ?? getService(strapi, 'conversation').handle)(turn);
      const reply = typeof outcome === 'string' ? outcome : outcome?.reply;
      if (reply) await getService(strapi, 'outbox').deliver({ channel: turn.channel, text: reply, turnKey: messages[0].messageSid });
      // A stand-in reply (an apology) answers the member but the failure stays visible, not retried.
      const failure = outcome && typeof outcome === 'object' ? outcome.error : null;
      await strapi.db.query(INBOUND).updateMany({ where: { id: { $in: ids } }, data: { status: failure ? 'failed' : 'processed', processedAt: new Date(), error: failure } });
      await strapi.db.query(CHANNEL).update({ where: { id: channelId }, data: { lastInboundAt: rows[rows.length - 1].receivedAt } });
    } catch (error) {
      const failed = attempt >= settings().maxAttempts;
      const message = error instanceof Error ? error.message : String(error);
      await strapi.db.query(INBOUND).updateMany({
        where: { id: { $in: ids } },
        data: failed
          ? { status: 'failed', error: message, processedAt: new Date() }
          : { status: 'pending', error: message, nextAttemptAt: new Date(Date.now() + backoffMs(attempt, settings().retryBaseMs)) },
      });
      strapi.log.error(
        `[whatsapp-agent] Turn of channel ${channelId} failed (attempt ${attempt}/${settings().maxAttempts}${failed ? ', giving up: messages marked failed' : ', will retry'}): ${message}`
      );
    }
  };

  return {
    owner,

    /** Replaces the whole turn handler (commands, linking, agent); `undefined` restores it. */
    setHandler(next: TurnHandler | undefined) {
      handler = next;
    },

    configure(next: Partial<WorkerOptions>) {
      options = { ...settings(), ...next };
      lease = createChannelLease({ strapi, owner, ttlMs: options.leaseTtlMs });
    },

    /**
     * Drains one channel if no other worker holds it. Safe to call any number of times.
     * Returns how long to wait before looking again when messages are not due yet.
     */
    async processChannel(channelId: number): Promise<{ retryInMs?: number }> {
      if (!(await lease.acquire(channelId))) return {};
      const renewal = setInterval(() => void lease.renew(channelId).catch(() => undefined), settings().leaseTtlMs / 3);
      try {
        for (;;) {
          const { rows, waitMs } = await dueMessages(channelId);
          if (rows.length === 0) return { retryInMs: waitMs };
          // A failed turn reschedules its messages; the next look says when they are due.
          await runTurn(channelId, rows);
        }
      } finally {
        clearInterval(renewal);
        await lease.release(channelId);
      }
    },

    /** Channels with messages due now, or left `processing` under an expired lease (a crashed worker). */
    async channelsWithWork(): Promise<number[]> {
      const now = new Date();
      const rows = await strapi.db.query(INBOUND).findMany({
        select: ['channelId'],
        where: { $or: [{ status: 'pending', nextAttemptAt: { $lte: now } }, { status: 'processing' }] },
      });
      const channelIds = [...new Set(rows.map((row) => row.channelId as number))];
      if (channelIds.length === 0) return [];
      const free = await strapi.db.query(CHANNEL).findMany({
        select: ['id'],
        where: { id: { $in: channelIds }, $or: [{ leaseOwner: null }, { leaseExpiresAt: { $lt: now } }] },
      });
      return free.map((row) => row.id as number);
    },
  };
};

export type WorkerService = ReturnType<typeof createWorkerService>;
