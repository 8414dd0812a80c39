import type { ChatCompletionContentPartImage } from 'openai/resources/chat/completions';
import type { Button, InboundMedia, ListPicker } from '../channels/adapter';
import type { ChannelKind, ChannelStatus } from '../constants';
import type { Channel } from '../repositories/channel';
import type { UsageRow } from '../repositories/usage-record';
import type { TurnAccount } from '../usage/ledger';
import type { HandoffRequest } from '../conversation/handoff-tool';

export type TurnMessage = {
  id: number;
  messageSid: string;
  body: string;
  /** Attachments as announced; the router's media stage downloads them for a linked member. */
  media: InboundMedia[];
  /** The quick-reply button tapped, when the message is a tap. */
  buttonPayload?: string;
  receivedAt: Date;
};

export type TurnChannel = {
  id: number;
  kind: ChannelKind;
  address: string;
  status: ChannelStatus;
  /** The member's latest message: this turn's newest (WhatsApp's 24-hour window runs from it). */
  lastInboundAt: Date | null;
  /** When the provider last refused a free-form message as outside that window. */
  windowClosedAt: Date | null;
  /** The sender (ours) the turn's newest message was written to, answered from; null: the default sender. */
  senderId: number | null;
};

/** Everything one sender wrote since the last turn: a burst of quick messages is one question. */
export type Turn = {
  channel: TurnChannel;
  messages: TurnMessage[];
  /** The messages' bodies, one per line (a voice note's as its transcript, once the media stage ran). */
  text: string;
  /** Pictures for the model (data URL parts), set by the media stage. */
  images?: ChatCompletionContentPartImage[];
  /** Who the turn is on (member and communities), resolved once before it runs: the ledger bills it. */
  account: TurnAccount;
  /** What the turn changes, written by the worker in the one transaction that ends it. */
  writes: TurnWrites;
};

/**
 * A turn's writes, gathered while it runs and committed with the messages' new state: one
 * transaction per turn instead of one per step, and a crash leaves all of them or none.
 */
export type TurnWrites = {
  /** The conversation after this turn; saved when the turn ends (not when it is retried). */
  history?: unknown[];
  /** Ledger rows; counted however the turn ends (a failed turn's model calls cost money too). */
  ledger: UsageRow[];
  /** The model asked for a person (handoff_to_person): the router hands over after the turn. */
  handoff?: HandoffRequest;
  /**
   * The turn holds a place under the usage limits (usage.admit): freed as the turn ends, in the
   * transaction that counts it, so no other turn can take the place in between.
   */
  reserved?: boolean;
};

/**
 * A turn's reply: its text, and buttons when it asks the member something (a confirmation), or a
 * list to pick from when it presents a few events.
 */
export type TurnAnswer = string | { text: string; buttons?: Button[]; list?: ListPicker } | null;

/**
 * Answers a turn: the reply to send, or null for none. Throwing makes the worker retry the turn.
 * `channel` is the conversation as read once at the start of the turn (member included).
 */
export type TurnHandler = (turn: Turn, channel: Channel) => Promise<TurnAnswer>;

/**
 * "Fail, do not retry" (as BullMQ's UnrecoverableError): the turn's messages are marked failed
 * with this error at once. A `reply` (an apology when the model is down) is still sent, so the
 * member is answered while the failure stays visible.
 */
export class UnrecoverableTurnError extends Error {
  override readonly name = 'UnrecoverableTurnError';
  readonly reply: string | null;

  constructor(message: string, { reply = null }: { reply?: string | null } = {}) {
    super(message);
    this.reply = reply;
  }
}
