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

/** Answers a turn; null means no reply. */
export type TurnHandler = (turn: Turn) => Promise<string | null>;
