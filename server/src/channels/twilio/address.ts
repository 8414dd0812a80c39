import type { ChannelKind } from '../../constants';

/**
 * Splits a member's Twilio address (`whatsapp:+4915…`, `rcs:+4915…` or `+4915…`) into the channel
 * kind and the E.164 number.
 */
export const parseTwilioAddress = (address: string): { kind: ChannelKind; e164: string } | null => {
  const match = /^(?:(whatsapp|rcs):)?(\+[1-9]\d{6,14})$/.exec(address.trim());
  if (!match) return null;
  return { kind: (match[1] as ChannelKind | undefined) ?? 'sms', e164: match[2] };
};

/**
 * Our RCS sender as Twilio names it in an inbound message's `To`: `rcs:` and the sender's id
 * (an agent id such as `acme_community_agent`, not a phone number).
 */
export const RCS_SENDER = /^rcs:[A-Za-z0-9][\w.-]{0,127}$/;

/** Whether two Twilio addresses are the same number on the same kind of channel. */
export const isSameTwilioAddress = (a: string, b: string) => {
  const [first, second] = [parseTwilioAddress(a), parseTwilioAddress(b)];
  return first !== null && second !== null && first.kind === second.kind && first.e164 === second.e164;
};
