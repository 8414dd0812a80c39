import type { InboundMessageRow } from '../repositories/inbound-message';

/** Doubles the wait after each failed attempt: base, 2·base, 4·base… */
export const backoffMs = (attempt: number, baseMs: number) => baseMs * 2 ** (attempt - 1);

/**
 * When a channel's open messages (oldest first) may be answered: after the oldest's retry time,
 * and — for a first attempt — once the member has been quiet for `burstWindowMs`, so a burst of
 * quick messages is one turn. Returns 0 when they are due now.
 */
export const msUntilDue = (open: InboundMessageRow[], burstWindowMs: number, now = Date.now()) => {
  if (open.length === 0) return 0;
  const retryAt = open[0].nextAttemptAt?.getTime() ?? 0;
  const quietAt = open[open.length - 1].receivedAt.getTime() + burstWindowMs;
  return Math.max(0, Math.max(retryAt, open[0].attempts > 0 ? 0 : quietAt) - now);
};
