import type { CommunityRef, DailyUsage, LimitState, Plan, UsageTotals } from '../admin-api';
import type { UsageGroup } from '../repositories/usage-record';
import { TURN_KINDS } from '../constants';

export const emptyTotals = (): UsageTotals => ({
  memberTurns: 0,
  messagesIn: 0,
  messagesOut: 0,
  messagesFailed: 0,
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
  activeMembers: 0,
  costMicros: { twilio: 0, meta: 0, llm: 0, total: 0 },
});

const COUNTED_AS: Partial<Record<UsageGroup['kind'], keyof UsageTotals>> = {
  turn: 'memberTurns',
  mcp: 'memberTurns',
  inbound: 'messagesIn',
  outbound: 'messagesOut',
  failed: 'messagesFailed',
};

/** Adds one ledger group (a community's rows of one kind on one day) into running totals. */
export const addGroup = (totals: UsageTotals, group: UsageGroup) => {
  const counter = COUNTED_AS[group.kind];
  if (counter) (totals[counter] as number) += group.rows;
  totals.promptTokens += group.promptTokens;
  totals.completionTokens += group.completionTokens;
  totals.cachedTokens += group.cachedTokens;
  totals.costMicros.twilio += group.twilioMicros;
  totals.costMicros.meta += group.metaMicros;
  totals.costMicros.llm += group.llmMicros;
  totals.costMicros.total += group.costMicros;
};

export const addTotals = (into: UsageTotals, from: UsageTotals) => {
  for (const key of Object.keys(from) as Array<keyof UsageTotals>) {
    if (key === 'costMicros') continue;
    into[key] += from[key];
  }
  for (const key of ['twilio', 'meta', 'llm', 'total'] as const) into.costMicros[key] += from.costMicros[key];
};

/** One entry per day of the month, zero where nothing happened (a chart needs every day). */
export const dailySeries = (days: string[], groups: UsageGroup[]): DailyUsage[] => {
  const byDay = new Map(
    days.map((date) => [date, { date, messagesIn: 0, messagesOut: 0, memberTurns: 0, costMicros: 0 }])
  );
  for (const group of groups) {
    const day = byDay.get(group.day);
    if (!day) continue;
    if (group.kind === 'inbound') day.messagesIn += group.rows;
    if (group.kind === 'outbound' || group.kind === 'person') day.messagesOut += group.rows;
    if (TURN_KINDS.includes(group.kind)) day.memberTurns += group.rows;
    day.costMicros += group.costMicros;
  }
  return [...byDay.values()];
};

export type StatementLine = {
  community: CommunityRef;
  plan: Plan;
  totals: UsageTotals;
  billableMicros: number;
  limit: LimitState;
};
