import type { ChannelKind } from '../constants';

/** WhatsApp's customer-service window: free-form messages only within 24 h of the member's last message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export type WindowFacts = {
  kind: ChannelKind;
  /** The member's latest message we know of. */
  lastInboundAt: Date | null;
  /** When the provider last said the window was closed (63016), whatever our clock thought. */
  windowClosedAt: Date | null;
};

export type WindowState = { open: true } | { open: false; reason: string };

/**
 * Whether a free-form message may go to this member now. SMS has no window. On WhatsApp the
 * window opens with each message of the member's and closes 24 h later — or earlier, when the
 * provider refused a message as outside it after their last message (its clock decides).
 */
export const windowState = (
  { kind, lastInboundAt, windowClosedAt }: WindowFacts,
  now = new Date()
): WindowState => {
  if (kind !== 'whatsapp') return { open: true };
  if (!lastInboundAt) {
    return {
      open: false,
      reason: 'The member never wrote on WhatsApp: only an approved template can reach them',
    };
  }
  const last = lastInboundAt.toISOString();
  if (windowClosedAt && windowClosedAt >= lastInboundAt) {
    return {
      open: false,
      reason: `WhatsApp refused a message as outside the 24-hour window (at ${windowClosedAt.toISOString()}); the member last wrote at ${last}: only an approved template can reach them until they write again`,
    };
  }
  if (now.getTime() - lastInboundAt.getTime() >= WINDOW_MS) {
    return {
      open: false,
      reason: `Outside WhatsApp's 24-hour window: the member last wrote at ${last}; only an approved template can reach them until they write again`,
    };
  }
  return { open: true };
};
