/** Names defined once: the plugin id, its content-type uids and the states their rows move through. */
export const PLUGIN_ID = 'whatsapp-agent';

/** `plugin::whatsapp-agent.<name>`: the uid of one of this plugin's content types. */
export const uid = <Name extends string>(name: Name) => `plugin::${PLUGIN_ID}.${name}` as const;

export const CONTENT_TYPE = {
  channel: uid('channel'),
  inboundMessage: uid('inbound-message'),
  outboundMessage: uid('outbound-message'),
  linkCode: uid('link-code'),
  usageRecord: uid('usage-record'),
  usagePeriod: uid('usage-period'),
  usageReservation: uid('usage-reservation'),
  communityPlan: uid('community-plan'),
  pendingAction: uid('pending-action'),
  proactiveMessage: uid('proactive-message'),
  handoffEvent: uid('handoff-event'),
  mcpToken: uid('mcp-token'),
  oauthClient: uid('oauth-client'),
  oauthGrant: uid('oauth-grant'),
  sender: uid('sender'),
} as const;

export const USER_UID = 'plugin::users-permissions.user';

/** rcs: RCS Business Messaging through a Twilio Messaging Service (Twilio falls back to SMS by itself). */
export const CHANNEL_KINDS = ['whatsapp', 'sms', 'rcs'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/**
 * The kinds a sender of the Senders page can be: a number. The RCS sender is the default
 * account's for now (its Messaging Service in Settings → Connection).
 */
export const SENDER_KINDS = ['whatsapp', 'sms'] as const satisfies readonly ChannelKind[];
export type SenderKind = (typeof SENDER_KINDS)[number];

/** A kind of channel as members and admins name it. */
export const CHANNEL_KIND_LABEL: Record<ChannelKind, string> = {
  whatsapp: 'WhatsApp',
  sms: 'SMS',
  rcs: 'RCS',
};

export const CHANNEL_STATUSES = ['unlinked', 'linked'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export const INBOUND_STATUSES = ['pending', 'processing', 'processed', 'failed'] as const;
export type InboundStatus = (typeof INBOUND_STATUSES)[number];

/** In the order a part moves through them; a status never goes back (see outbox/status.ts). */
export const OUTBOUND_STATUSES = [
  'pending',
  'sending',
  'queued',
  'sent',
  'delivered',
  'read',
  'undelivered',
  'failed',
  // Never offered to the provider: outside WhatsApp's 24-hour window a free-form message cannot go out.
  'not_sent_window_closed',
] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

/** The end states of a part the member never got (shown in the admin's conversation view). */
export const UNDELIVERED_STATUSES = [
  'failed',
  'undelivered',
  'not_sent_window_closed',
] as const satisfies readonly OutboundStatus[];
export type UndeliveredStatus = (typeof UNDELIVERED_STATUSES)[number];

/**
 * inbound / outbound: a message in, a part accepted out; failed: a part that failed; turn: a member
 * turn that reached the LLM; transcription: a voice note turned into text (units: seconds); person:
 * a part of a community manager's reply, accepted out; mcp: a tool call from the member's own
 * assistant over MCP (no message fees; counted like a turn); fallback: an RCS part the provider
 * delivered as SMS instead — what that cost beyond what the part was billed at when sent.
 */
export const USAGE_KINDS = [
  'inbound',
  'outbound',
  'failed',
  'llm',
  'turn',
  'transcription',
  'person',
  'mcp',
  'fallback',
] as const;
/** The kinds that are a member's request to the assistant: what plans and the daily limit count. */
export const TURN_KINDS: readonly UsageKind[] = ['turn', 'mcp'];
export type UsageKind = (typeof USAGE_KINDS)[number];

/**
 * Who answers a conversation: the assistant (default), nobody yet (a person was asked for), or a
 * community manager (README: People in the loop).
 */
export const ANSWERERS = ['assistant', 'waiting', 'person'] as const;
export type Answerer = (typeof ANSWERERS)[number];
