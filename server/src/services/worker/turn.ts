import type { ChannelKind } from '../../channels/adapter';

export type TurnMessage = { id: number; messageSid: string; body: string; receivedAt: Date | string };

export type TurnChannel = { id: number; kind: ChannelKind; address: string; status: 'unlinked' | 'linked' };

/** Everything one sender wrote since the last turn: a burst of quick messages is one question. */
export type Turn = {
  channel: TurnChannel;
  messages: TurnMessage[];
  /** The messages' bodies, one per line. */
  text: string;
};

/**
 * What a turn gets: a reply, no reply (null), or a reply that stands in for a failure (an
 * apology when the LLM is down): sent, and the messages are marked failed with the error.
 */
export type TurnReply = string | null | { reply: string; error: string };

export type TurnHandler = (turn: Turn) => Promise<TurnReply>;
