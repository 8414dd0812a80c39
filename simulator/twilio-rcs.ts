/**
 * RCS as the Twilio emulator plays it: a Messaging Service whose sender pool holds an RCS sender
 * and an SMS number. A message sent through the service to a member's plain number goes over RCS
 * when the member's device has RCS, else Twilio falls back to SMS from the pool's number; the
 * Message (and its status callbacks) then show which: `rcs:`-prefixed From and To for an RCS
 * delivery, the plain numbers for the SMS fallback. Inbound RCS messages come from `rcs:+E164` to
 * `rcs:<sender id>`, with the service's SID.
 *
 * Which devices have RCS a test decides: by default numbers ending in an even digit, or per number
 * with `setCapable`.
 */

export type RcsOptions = {
  messagingServiceSid: string;
  /** The RCS sender's id (`acme_agent`): members see messages from `rcs:<senderId>`. */
  senderId: string;
  /** The SMS number in the same pool, which the fallback comes from. */
  fallbackNumber: string;
};

/** A message routed through the service: over RCS or the SMS fallback, and its addresses. */
export type RcsRoute = { channel: 'rcs' | 'sms'; from: string; to: string };

const evenLastDigit = (phone: string) => Number(phone.at(-1)) % 2 === 0;

export const createTwilioRcs = (options: RcsOptions) => {
  const capable = new Map<string, boolean>();
  const isCapable = (phone: string) => capable.get(phone) ?? evenLastDigit(phone);

  return {
    ...options,
    /** Our RCS sender's address, `rcs:acme_agent`. */
    sender: `rcs:${options.senderId}`,
    isCapable,
    /** Whether the member's device has RCS, overriding the even-digit default. */
    setCapable(phone: string, value: boolean) {
      capable.set(phone, value);
    },
    /** Where a message to `to` (a plain E.164 number) goes. */
    route(to: string): RcsRoute {
      return isCapable(to)
        ? { channel: 'rcs', from: `rcs:${options.senderId}`, to: `rcs:${to}` }
        : { channel: 'sms', from: options.fallbackNumber, to };
    },
  };
};

export type TwilioRcs = ReturnType<typeof createTwilioRcs>;
