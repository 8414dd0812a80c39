import type { ChannelKind } from '../constants';
import type { SendFailureReason } from './errors';

/**
 * What the rest of the plugin knows of a messaging provider. The worker, identity and tools
 * only ever see these shapes: a provider (Twilio today; Meta Cloud API, RCS, Telegram tomorrow)
 * is one folder here that turns its webhooks into an `InboundMessage` and sends through a
 * `ChannelAdapter`.
 */
export type { ChannelKind };

export type InboundMedia = { url: string; contentType: string };

/** One message from a member, normalised by the provider's adapter. */
export type InboundMessage = {
  /** The provider's id of the message (Twilio's MessageSid): the inbox stores each once. */
  messageId: string;
  kind: ChannelKind;
  /** The sender's E.164 number. */
  from: string;
  /** Our address the message was sent to, as the provider names it. */
  to: string;
  /** The provider's account the message was sent to (Twilio's AccountSid), where it names one. */
  account?: string;
  body: string;
  profileName?: string;
  media: InboundMedia[];
  /** The id of the quick-reply button the member tapped, when the message is a tap. */
  buttonPayload?: string;
  /** Every param the provider posted, kept with the message. */
  raw: Record<string, unknown>;
};

/** An attachment as downloaded for one turn: held in memory only, never written to disk or the database. */
export type DownloadedMedia = { contentType: string; data: Buffer };

export type MediaLimits = {
  maxBytes: number;
  timeoutMs: number;
  /** Content types the download may come back as (the announced kind's); anything else is refused. */
  allowedTypes: readonly string[];
};

/** Fetches a member's attachment from the provider; fails with a `MediaDownloadError`. */
export interface MediaDownloader {
  download(url: string, limits: MediaLimits): Promise<DownloadedMedia>;
}

/** A delivery status the provider reported for one of our messages. */
export type DeliveryStatus = {
  messageId: string;
  status: string;
  /** `reason` in the plugin's words (the provider's folder maps its codes), `code` as the provider said it. */
  error?: { code: number; message: string; reason: SendFailureReason };
  /** The kind of channel that carried it, where the provider says (an RCS message it sent as SMS). */
  deliveredAs?: ChannelKind;
};

/** A webhook request as the provider's adapter needs it to authenticate and parse it. */
export type WebhookRequest = {
  /** The public URL the provider called (base URL from configuration + path and query). */
  url: string;
  /** What follows the token in the path (Twilio's `status`), or '' for the webhook itself. */
  endpoint: string;
  header(name: string): string | undefined;
  /** The parsed body (a form's params, a JSON object). */
  params: Record<string, unknown>;
  /** The body's exact bytes, where the raw-body middleware kept them (signatures over JSON need them). */
  rawBody?: Buffer;
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Whether a webhook request comes from the provider for our account; if not, why (the 403's message). */
export type Verification = { ok: true } | { ok: false; error: string };

/** What one webhook request carries: a provider may batch several messages and statuses. */
export type WebhookPayload = { messages: InboundMessage[]; statuses: DeliveryStatus[] };

/**
 * The inbound side of a provider: everything between the path token and the inbox — the body's
 * format, the request's authentication, parsing and normalising, and what the provider expects
 * back. The generic webhook controller (controllers/webhook.ts) knows nothing else of it.
 */
export interface InboundAdapter {
  /** The only content type the provider posts (e.g. a form for Twilio, JSON for Meta). */
  readonly contentType: string;
  /** The endpoints after the token it serves ('' is the webhook itself), e.g. ['', 'status']. */
  readonly endpoints: readonly string[];
  /** The request really comes from the provider (its signature), for our account. */
  verify(request: WebhookRequest): Verification;
  /** Every message and status in the request, validated and normalised. */
  parse(request: WebhookRequest): Parsed<WebhookPayload>;
  /**
   * The sender (ours) the message was sent to, found by its address and account: `senderId` null
   * is the default sender (Settings → Connection); undefined when it is none of ours (it cannot
   * be answered from there).
   */
  senderOf(message: InboundMessage): { senderId: number | null } | undefined;
  /** What the provider expects as a 200's body once the request is stored. */
  acknowledgement(): { type: string; body: string | Buffer };
  /** A GET subscription handshake (Meta's `hub.challenge`): the body to answer, or an error (403). */
  handshake?(query: Record<string, unknown>): Parsed<string>;
}

export type SendResult = { providerSid: string; status: string };

/** A quick-reply button: the member taps it instead of typing (`id` comes back as the tap's payload). */
export type Button = { id: string; title: string };

/** A list the member picks one item of (WhatsApp's list picker: ≤ 10 items; `id` comes back with the pick). */
export type ListPicker = {
  /** The button that opens the list (≤ 20 characters). */
  button: string;
  items: Array<{ id: string; title: string; description: string }>;
};

/**
 * An approved template and its variables' values, e.g. { "1": "Ada" }. `reference` is the
 * provider's own name for it, as the admin set it (a Content SID for Twilio, `name:language` for
 * Meta); the provider's folder reads it.
 */
export type TemplateContent = { reference: string; variables: Record<string, string> };

export type OutgoingMessage = {
  /** E.164 address of the member, as stored on the channel. */
  to: string;
  body: string;
  /** Offered as buttons where the channel has them; the body must read well without them (SMS). */
  buttons?: Button[];
  /** Offered as a list to pick from where the channel has one (buttons win when both are set). */
  list?: ListPicker;
  /** Sent instead of the body where the channel has templates (WhatsApp outside the 24-hour window). */
  template?: TemplateContent;
  /** Where the provider reports delivery status. */
  statusCallback?: string;
};

/** The outbound side of one channel kind: how to send, and its limits. */
export interface ChannelAdapter {
  readonly kind: ChannelKind;
  /** Longest body the provider accepts in one message. */
  readonly maxMessageLength: number;
  /** Messages per second one sender may send. */
  readonly messagesPerSecond: number;
  /** Whether a BSP (Twilio) bills each message in and out on top of Meta's own prices. */
  readonly bspFeePerMessage: boolean;
  /** Our own sender address at the provider, or undefined when not configured. */
  senderAddress(): string | undefined;
  /** The E.164 number members write to (the linking deep link's), or undefined when unknown. */
  contactNumber(): Promise<string | undefined>;
  /** Sends one message; fails with a `ChannelSendError`. */
  send(message: OutgoingMessage): Promise<SendResult>;
  /** Best effort: tells the member a reply is being written. */
  showTyping(inboundMessageId: string): Promise<void>;
}
