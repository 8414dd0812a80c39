import { OUTBOUND_STATUSES, type OutboundStatus } from '../constants';

/** Later statuses never overwrite earlier ones reported out of order (a late "sent" after "read"). */
const RANK: Record<OutboundStatus, number> = {
  pending: 0,
  sending: 1,
  queued: 2,
  sent: 3,
  delivered: 4,
  read: 5,
  undelivered: 6,
  failed: 6,
  not_sent_window_closed: 6,
};

export const isOutboundStatus = (status: string): status is OutboundStatus =>
  (OUTBOUND_STATUSES as readonly string[]).includes(status);

/** The status a part moves to when the provider reports `reported`, or null to keep `current`. */
export const nextStatus = (current: OutboundStatus, reported: string): OutboundStatus | null =>
  isOutboundStatus(reported) && RANK[reported] > RANK[current] ? reported : null;
