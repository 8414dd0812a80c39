import crypto from 'node:crypto';
import os from 'node:os';
import type { Core } from '@strapi/strapi';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import type { InboundMessageRow } from '../repositories/inbound-message';
import { getService } from '../utils/get-service';
import { committedTransaction } from '../utils/committed-transaction';
import { memberTemplateValues } from '../outbox/member-values';
import { maskSecrets } from '../utils/mask-secrets';
import { createChannelLease } from './lease';
import { backoffMs, msUntilDue } from './schedule';
import type { TurnAccount } from '../usage/ledger';
import { UnrecoverableTurnError, type Turn, type TurnAnswer, type TurnHandler } from './turn';

/** Kept on the message and logged: a database error quotes its whole statement (hundreds of KB). */
const MAX_ERROR_CHARACTERS = 2_000;

const errorText = (error: unknown) => {
  const text = error instanceof Error ? error.message : String(error);
  return text.length <= MAX_ERROR_CHARACTERS
    ? text
    : `${text.slice(0, MAX_ERROR_CHARACTERS)}… (${text.length - MAX_ERROR_CHARACTERS} more characters)`;
};

/**
 * Processes one conversation at a time under a database lease: drains the channel's open
 * messages in arrival order, one turn per drain, as get → run → complete | fail | reschedule.
 * A failed turn is retried with backoff and ends `failed` (with its error) after
 * `queue.maxAttempts`; newer messages of that channel wait, so order is kept.
 */
export const createWorkerService = ({ strapi }: { strapi: Core.Strapi }) => {
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`;
  const { channels, inbound } = createRepositories(strapi);
  // Read on use: services are created before the plugin config is parsed.
  const options = () => getService(strapi, 'pluginConfig').get().queue;
  const lease = createChannelLease({ channels, owner, ttlMs: () => options().leaseTtlMs });
  // Unless replaced (tests, custom handlers), turns go to the router.
  let handler: TurnHandler | undefined;
  // Channels this instance is draining now; `lookAgain`: woken meanwhile, messages may have arrived after its last look.
  const draining = new Map<number, { lookAgain: boolean }>();

  /** The channel's open messages if they are due, else how long until they are. */
  const dueMessages = async (channelId: number): Promise<{ rows: InboundMessageRow[]; waitMs?: number }> => {
    const open = await inbound.listOpen(channelId);
    const waitMs = msUntilDue(open, options().burstWindowMs);
    if (waitMs > 0) return { rows: [], waitMs };
    // A retried turn takes the messages it had, not those that came since: its reply may already be
    // recorded (and partly sent) under its turn key, and would count as their answer too.
    return { rows: open[0]?.attempts > 0 ? open.filter((row) => row.attempts > 0) : open };
  };

  const toTurn = (channel: Channel, rows: InboundMessageRow[], account: TurnAccount): Turn => {
    const messages = rows.map(({ id, messageSid, body, media, buttonPayload, receivedAt }) => ({
      id,
      messageSid,
      body,
      media,
      ...(buttonPayload ? { buttonPayload } : {}),
      receivedAt,
    }));
    return {
      channel: {
        id: channel.id,
        kind: channel.kind,
        address: channel.address,
        status: channel.status,
        lastInboundAt: new Date(
          Math.max(
            channel.lastInboundAt?.getTime() ?? 0,
            ...messages.map((message) => message.receivedAt.getTime())
          )
        ),
        windowClosedAt: channel.windowClosedAt,
        senderId: rows.length > 0 ? rows[rows.length - 1].senderId : channel.senderId,
      },
      messages,
      text: messages.map((message) => message.body).join('\n'),
      account,
      writes: { ledger: [] },
    };
  };

  /**
   * The turn ends in one transaction: its messages leave the inbox (processed or failed), the
   * conversation and its last inbound time are saved, and everything it cost is counted — once,
   * whatever retries came before.
   */
  const finish = async (turn: Turn, ids: number[], outcome: { failed: string } | 'processed') => {
    const usage = getService(strapi, 'usage');
    const rows = usage.rows();
    await committedTransaction(strapi, async () => {
      if (outcome === 'processed') await inbound.complete(ids);
      else await inbound.fail(ids, outcome.failed);
      await channels.recordTurn(turn.channel.id, {
        lastInboundAt: turn.messages[turn.messages.length - 1].receivedAt,
        senderId: turn.channel.senderId,
        history: turn.writes.history,
      });
      await usage.record([
        ...turn.messages.map((message) => rows.inbound(turn.account, turn.channel, message)),
        ...turn.writes.ledger,
      ]);
      await usage.release(turn);
    });
  };

  /**
   * A turn to be tried again: its messages wait, what it already cost is counted, and an answer
   * it already wrote (recorded as parts, sent on the next try) joins the conversation.
   */
  const reschedule = async (turn: Turn | undefined, ids: number[], error: string, attempt: number) => {
    const at = new Date(Date.now() + backoffMs(attempt, options().retryBaseMs));
    await committedTransaction(strapi, async () => {
      await inbound.reschedule(ids, error, at);
      if (turn?.writes.history) await channels.saveHistory(turn.channel.id, turn.writes.history);
      if (turn?.writes.ledger.length) await getService(strapi, 'usage').record(turn.writes.ledger);
      // The next try asks again: it may find the limit reached by then.
      if (turn) await getService(strapi, 'usage').release(turn);
    });
  };

  const showTyping = async (turn: Turn) => {
    try {
      // Shown by the account the member wrote to: a sub-account's message is its own to mark read.
      const sender = getService(strapi, 'senders').find(turn.channel.senderId);
      await getService(strapi, 'adapters')
        .forSender(sender, turn.channel.kind)
        ?.showTyping(turn.messages[turn.messages.length - 1].messageSid);
    } catch (error) {
      strapi.log.debug(
        maskSecrets(strapi, `[whatsapp-agent] Typing indicator not shown: ${errorText(error)}`)
      );
    }
  };

  const replyTo = (turn: Turn) => ({
    channel: turn.channel,
    turnKey: turn.messages[0].messageSid,
    account: turn.account,
    ledger: turn.writes.ledger,
  });

  const reply = async (turn: Turn, answer: TurnAnswer) => {
    const { text, buttons, list } = typeof answer === 'string' ? { text: answer } : (answer ?? {});
    if (!text) return;
    await getService(strapi, 'outbox').deliver({
      ...replyTo(turn),
      text,
      buttons,
      list,
      // Found the window closed (a retry a day late, or Twilio's 63016): the member is told an
      // answer waits, and reads it when they write again (it is in the conversation).
      template: { purpose: 'reengagement', values: () => memberTemplateValues(strapi, turn.account) },
    });
  };

  /**
   * One line per turn at debug level: which instance ran which messages of a channel, and when.
   * Operators see who answered; the multi-process test checks no two turns of a channel overlap.
   */
  const trace = (channelId: number, rows: InboundMessageRow[], startedAt: number) => {
    if (!strapi.log.isLevelEnabled('debug')) return;
    strapi.log.debug(
      `[whatsapp-agent] turn channel=${channelId} owner=${owner} start=${startedAt} end=${Date.now()} messages=${rows.map((row) => row.messageSid).join(',')}`
    );
  };

  const runTurn = async (channelId: number, rows: InboundMessageRow[]) => {
    const startedAt = Date.now();
    try {
      await runTurnOnce(channelId, rows);
    } finally {
      trace(channelId, rows, startedAt);
    }
  };

  const runTurnOnce = async (channelId: number, rows: InboundMessageRow[]) => {
    const ids = rows.map((row) => row.id);
    const attempt = Math.max(...rows.map((row) => row.attempts)) + 1;
    await inbound.markProcessing(ids, attempt);

    let turn: Turn | undefined;
    try {
      const channel = await channels.findForTurn(channelId);
      if (!channel) throw new UnrecoverableTurnError(`Channel ${channelId} no longer exists`);
      turn = toTurn(channel, rows, await getService(strapi, 'usage').accountOf(channel.user?.id ?? null));
      // An earlier try wrote the answer and recorded it before its sending failed: that answer
      // is sent, not a second one (the model is not asked again).
      if (attempt > 1 && (await getService(strapi, 'outbox').resume(replyTo(turn)))) {
        await finish(turn, ids, 'processed');
        return;
      }
      // Shown while the answer is being written, not before it starts (a round trip to Twilio
      // off every turn's time); the reply waits for it, so the two never arrive out of order.
      const typing = attempt === 1 ? showTyping(turn) : Promise.resolve();
      try {
        const text = await (handler ?? getService(strapi, 'router').handle)(turn, channel);
        await typing;
        await reply(turn, text);
      } catch (error) {
        if (!(error instanceof UnrecoverableTurnError)) throw error;
        await typing;
        await reply(turn, error.reply);
        await finish(turn, ids, { failed: error.message });
        return;
      }
      await finish(turn, ids, 'processed');
    } catch (error) {
      const { maxAttempts } = options();
      const givingUp = attempt >= maxAttempts || error instanceof UnrecoverableTurnError;
      if (givingUp && turn) await finish(turn, ids, { failed: errorText(error) });
      else if (givingUp) await inbound.fail(ids, errorText(error));
      else await reschedule(turn, ids, errorText(error), attempt);
      // A provider's error can quote the URL it was given, status callback (and token) included.
      strapi.log.error(
        maskSecrets(
          strapi,
          `[whatsapp-agent] Turn of channel ${channelId} failed (attempt ${attempt}/${maxAttempts}${givingUp ? ', giving up: messages marked failed' : ', will retry'}): ${errorText(error)}`
        )
      );
    }
  };

  return {
    owner,

    /** Replaces the whole turn handler (commands, linking, agent); `undefined` restores the router. */
    setHandler(next: TurnHandler | undefined) {
      handler = next;
    },

    /**
     * Drains one channel if no other worker holds it. Safe to call any number of times.
     * Returns how long to wait before looking again when messages are not due yet.
     */
    async processChannel(channelId: number): Promise<{ retryInMs?: number }> {
      // The lease is per instance (its owner), so it cannot keep two drains of this instance
      // apart: the bullmq engine may run a channel's wake-up and its delayed retry at once.
      // The drain in progress looks once more instead.
      const running = draining.get(channelId);
      if (running) {
        running.lookAgain = true;
        return {};
      }
      const drain = { lookAgain: false };
      draining.set(channelId, drain);
      try {
        if (!(await lease.acquire(channelId))) return {};
        const renewal = setInterval(
          () => void lease.renew(channelId).catch(() => undefined),
          options().leaseTtlMs / 3
        );
        try {
          for (;;) {
            const { rows, waitMs } = await dueMessages(channelId);
            if (rows.length === 0 && drain.lookAgain) {
              drain.lookAgain = false;
              continue;
            }
            if (rows.length === 0) return { retryInMs: waitMs };
            // A failed turn reschedules its messages; the next look says when they are due.
            await runTurn(channelId, rows);
          }
        } finally {
          clearInterval(renewal);
          await lease.release(channelId);
        }
      } finally {
        draining.delete(channelId);
      }
    },

    /** Channels with messages due now, or left `processing` under an expired lease (a crashed worker). */
    async channelsWithWork(): Promise<number[]> {
      const now = new Date();
      return channels.withoutLiveLease(await inbound.channelsWithWork(now), now);
    },
  };
};

export type WorkerService = ReturnType<typeof createWorkerService>;
