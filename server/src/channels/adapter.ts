/**
 * One messaging channel (WhatsApp, SMS, tomorrow RCS): how its addresses look, how to send,
 * and its limits. The worker, identity and tools only ever see this interface.
 */
export type ChannelKind = 'whatsapp' | 'sms';

export type SendResult = { providerSid: string; status: string };

export type OutgoingMessage = {
  /** E.164 address of the member, as stored on the channel. */
  to: string;
  body: string;
  /** Where the provider reports delivery status. */
  statusCallback?: string;
};

export interface ChannelAdapter {
  readonly kind: ChannelKind;
  /** Longest body the provider accepts in one message. */
  readonly maxMessageLength: number;
  /** Messages per second one sender may send. */
  readonly messagesPerSecond: number;
  /** The provider's address for an E.164 number (e.g. `whatsapp:+4915…`). */
  providerAddress(e164: string): string;
  /** Our own sender address at the provider, or undefined when not configured. */
  senderAddress(): string | undefined;
  send(message: OutgoingMessage): Promise<SendResult>;
  /** Best effort: tells the member a reply is being written. */
  showTyping(inboundProviderSid: string): Promise<void>;
}

/** Splits a provider address (`whatsapp:+4915…` or `+4915…`) into the channel kind and the E.164 number. */
export const parseProviderAddress = (address: string): { kind: ChannelKind; e164: string } | null => {
  const match = /^(whatsapp:)?(\+[1-9]\d{6,14})$/.exec(address.trim());
  if (!match) return null;
  return { kind: match[1] ? 'whatsapp' : 'sms', e164: match[2] };
};
