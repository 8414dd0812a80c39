import crypto from 'node:crypto';
import type { CommunityRef } from '../admin-api';
import type { ChannelKind } from '../constants';
import type { UsageRow } from '../repositories/usage-record';
import {
  failedMessageMicros,
  llmCallMicros,
  metaMessageMicros,
  transcriptionMicros,
  twilioMessageMicros,
  type MessageCategory,
  type Prices,
} from './prices';

/**
 * Who a turn is on: the member (null for a sender not linked yet) and their communities, the
 * first of which is billed. Resolved once per turn, before the turn runs.
 */
export type TurnAccount = { userId: number | null; community: string; communities: CommunityRef[] };

type Channel = OnChannel & { kind: ChannelKind };

/** The sender (ours) the conversation is on, where known: the ledger tells what each sender cost. */
type OnChannel = { id: number; senderId?: number | null };

const on = (account: TurnAccount, channel: OnChannel, occurredAt = new Date()) => ({
  community: account.community,
  userId: account.userId,
  channelId: channel.id,
  senderId: channel.senderId ?? null,
  occurredAt,
});

/**
 * The ledger's rows, priced at the prices in force when they happen. Each names the thing it
 * counts in `sourceKey`, so the same thing is never counted twice.
 */
export const ledgerRows = (prices: Prices) => ({
  inbound: (
    account: TurnAccount,
    channel: Channel,
    message: { messageSid: string; body: string; receivedAt: Date }
  ): UsageRow => ({
    ...on(account, channel, message.receivedAt),
    sourceKey: `in:${message.messageSid}`,
    kind: 'inbound',
    twilioMicros: twilioMessageMicros(prices, channel.kind, message.body),
  }),

  outbound: (
    account: TurnAccount,
    channel: Channel,
    part: { id: number; body: string },
    category: MessageCategory = 'service'
  ): UsageRow => ({
    ...on(account, channel),
    sourceKey: `out:${part.id}`,
    kind: 'outbound',
    category,
    twilioMicros: twilioMessageMicros(prices, channel.kind, part.body),
    metaMicros: metaMessageMicros(prices, channel.kind, category),
  }),

  /** A part that failed: Twilio's failed-message fee once it had taken it, nothing when it refused it outright. */
  failed: (
    account: TurnAccount,
    channel: OnChannel,
    part: { id: number },
    { accepted }: { accepted: boolean }
  ): UsageRow => ({
    ...on(account, channel),
    sourceKey: `failed:${part.id}`,
    kind: 'failed',
    twilioMicros: accepted ? failedMessageMicros(prices) : 0,
  }),

  /**
   * A part the provider delivered over another kind of channel than it was sent on (an RCS
   * message Twilio fell back to SMS for): what that kind costs beyond what the part was billed
   * as (negative when it is cheaper), so that the two rows add up to the price of what went out.
   */
  fallback: (
    account: TurnAccount,
    channel: { id: number },
    part: { id: number; body: string },
    { sentAs, deliveredAs }: { sentAs: ChannelKind; deliveredAs: ChannelKind }
  ): UsageRow => ({
    ...on(account, channel),
    sourceKey: `fallback:${part.id}`,
    kind: 'fallback',
    twilioMicros:
      twilioMessageMicros(prices, deliveredAs, part.body) - twilioMessageMicros(prices, sentAs, part.body),
  }),

  /** A member turn that reached the LLM: what plans count. */
  turn: (account: TurnAccount, channel: Channel, turnKey: string): UsageRow => ({
    ...on(account, channel),
    sourceKey: `turn:${turnKey}`,
    kind: 'turn',
  }),

  /** Every call is its own cost, a retried turn's calls too. */
  llm: (
    account: TurnAccount,
    channel: Channel,
    call: { model: string; promptTokens: number; completionTokens: number; cachedTokens: number }
  ): UsageRow => ({
    ...on(account, channel),
    sourceKey: `llm:${crypto.randomUUID()}`,
    kind: 'llm',
    model: call.model,
    units: call.promptTokens + call.completionTokens,
    promptTokens: call.promptTokens,
    completionTokens: call.completionTokens,
    cachedTokens: call.cachedTokens,
    llmMicros: llmCallMicros(prices, call),
  }),

  /** A voice note transcribed: its seconds (units) at the transcription model's price, on the AI bill. */
  transcription: (
    account: TurnAccount,
    channel: Channel,
    call: { model: string; seconds: number }
  ): UsageRow => ({
    ...on(account, channel),
    sourceKey: `transcription:${crypto.randomUUID()}`,
    kind: 'transcription',
    model: call.model,
    units: Math.ceil(call.seconds),
    llmMicros: transcriptionMicros(prices, call),
  }),

  /**
   * A tool call from the member's own assistant (MCP): counted like a turn (plans, the daily
   * limit), with no message fees and no model of ours called. It belongs to no channel.
   */
  mcp: (account: TurnAccount, callKey: string): UsageRow => ({
    community: account.community,
    userId: account.userId,
    channelId: null,
    occurredAt: new Date(),
    sourceKey: `mcp:${callKey}`,
    kind: 'mcp',
  }),
});

export type LedgerRows = ReturnType<typeof ledgerRows>;
