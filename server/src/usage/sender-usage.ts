import type { SenderUsage } from '../admin-api';
import type { UsageRecordRepository } from '../repositories/usage-record';
import type { Sender } from '../senders';
import { addGroup, emptyTotals } from './report';

/**
 * A month's usage per sender (the number, and so the Twilio account, messages went through),
 * from the ledger's `senderId`: the dashboard's cost per sender. Model calls count under the
 * sender of their conversation; the default sender is `senderId` null.
 */
export const senderUsage = async (
  usage: UsageRecordRepository,
  senders: Sender[],
  defaultAccountSid: string | null,
  period: { fromDay: string; toDay: string; community?: string }
): Promise<SenderUsage[]> => {
  const groups = await usage.senderGroups(period);
  const bySender = new Map<number | null, SenderUsage>();
  for (const group of groups) {
    let line = bySender.get(group.senderId);
    if (!line) {
      const sender = senders.find((candidate) => candidate.id === group.senderId);
      line = {
        senderId: group.senderId,
        displayName: sender?.displayName ?? null,
        address: sender?.address ?? null,
        accountSid: group.senderId === null ? defaultAccountSid : (sender?.accountSid ?? null),
        totals: emptyTotals(),
      };
      bySender.set(group.senderId, line);
    }
    addGroup(line.totals, { ...group, community: '', day: '' });
  }
  return [...bySender.values()].sort((a, b) => (a.senderId ?? 0) - (b.senderId ?? 0));
};
