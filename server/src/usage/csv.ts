import type { CommunityRef, UsageTotals } from '../admin-api';
import { microsToUsd } from './money';
import type { StatementLine } from './report';

/**
 * RFC 4180 fields; a text that a spreadsheet would run as a formula (= + - @ first, or a tab, CR or
 * NUL that some spreadsheets skip before reading one) gets a leading apostrophe, since community
 * names come from the host's users.
 */
const field = (value: string | number) => {
  const text = String(value);
  const safe = typeof value === 'string' && /^[=+\-@\t\r\0]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

const line = (values: Array<string | number>) => values.map(field).join(',');

const totalsColumns = [
  'member_turns',
  'messages_in',
  'messages_out',
  'messages_failed',
  'prompt_tokens',
  'completion_tokens',
  'cached_tokens',
  'twilio_usd',
  'meta_usd',
  'llm_usd',
  'cost_usd',
];

const totalsValues = (totals: UsageTotals) => [
  totals.memberTurns,
  totals.messagesIn,
  totals.messagesOut,
  totals.messagesFailed,
  totals.promptTokens,
  totals.completionTokens,
  totals.cachedTokens,
  microsToUsd(totals.costMicros.twilio),
  microsToUsd(totals.costMicros.meta),
  microsToUsd(totals.costMicros.llm),
  microsToUsd(totals.costMicros.total),
];

/** The monthly statement: one line per community, amounts in USD with 6 decimals (exact micros). */
export const statementCsv = (month: string, lines: StatementLine[]) =>
  [
    line([
      'month',
      'community',
      'name',
      'plan',
      ...totalsColumns,
      'active_members',
      'billable_usd',
      'limit_percent',
    ]),
    ...lines.map(({ community, plan, totals, billableMicros, limit }) =>
      line([
        month,
        community.key,
        community.name,
        plan.kind,
        ...totalsValues(totals),
        totals.activeMembers,
        microsToUsd(billableMicros),
        limit.percent ?? '',
      ])
    ),
  ].join('\r\n') + '\r\n';

/** One line per community and day (days without usage left out). */
export const dailyCsv = (rows: Array<{ date: string; community: CommunityRef; totals: UsageTotals }>) =>
  [
    line(['date', 'community', 'name', ...totalsColumns]),
    ...rows.map(({ date, community, totals }) =>
      line([date, community.key, community.name, ...totalsValues(totals)])
    ),
  ].join('\r\n') + '\r\n';
