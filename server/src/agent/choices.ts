import type { ListPicker } from '../channels/adapter';
import type { HistoryMessage } from './memory';
import { formatDayTime } from '../scheduler/zoned-time';

/** WhatsApp's limits for a list picker. */
const MAX_ITEMS = 10;
const MAX_TITLE = 24;
const MAX_DESCRIPTION = 72;

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

type EventFields = {
  tool: string;
  titleField: string;
  dateField: string;
  placeField?: string;
  timeZone: string;
};

/** The records the turn's searches of `tool` returned, by call (tool results are JSON; a cut one is skipped). */
const searchResults = (messages: HistoryMessage[], tool: string) => {
  const searchCalls = new Set(
    messages.flatMap((message) =>
      message.role === 'assistant'
        ? (message.tool_calls ?? [])
            .filter((call) => call.type === 'function' && call.function.name === `search_${tool}`)
            .map((call) => call.id)
        : []
    )
  );
  return messages.flatMap((message) => {
    if (message.role !== 'tool' || !searchCalls.has(message.tool_call_id)) return [];
    try {
      const records = (JSON.parse(String(message.content)) as Record<string, unknown>)[tool];
      return Array.isArray(records) ? [records as Array<Record<string, unknown>>] : [];
    } catch {
      return [];
    }
  });
};

/**
 * The events a reply presents, as a list the member can pick one of instead of typing its name:
 * the events of the turn's last search that the reply names (at least two, in the reply's order).
 * A pick comes back as "I pick …" with the event's documentId (channels/twilio/list-pick.ts).
 */
export const eventChoices = (
  messages: HistoryMessage[],
  reply: string,
  { tool, titleField, dateField, placeField, timeZone }: EventFields
): ListPicker | undefined => {
  const records = searchResults(messages, tool).at(-1) ?? [];
  const lowerReply = reply.toLowerCase();
  const named = records
    .map((record) => ({ record, title: String(record[titleField] ?? '') }))
    .filter(({ record, title }) => title && typeof record.documentId === 'string')
    .map((entry) => ({ ...entry, at: lowerReply.indexOf(entry.title.toLowerCase()) }))
    .filter(({ at }) => at >= 0)
    .sort((a, b) => a.at - b.at)
    .slice(0, MAX_ITEMS);
  if (named.length < 2) return undefined;
  return {
    button: 'Choose an event',
    items: named.map(({ record, title }) => {
      const start = typeof record[dateField] === 'string' ? new Date(record[dateField] as string) : undefined;
      const place =
        placeField && typeof record[placeField] === 'string' ? (record[placeField] as string) : '';
      const when = start && !Number.isNaN(start.getTime()) ? formatDayTime(start, timeZone) : '';
      return {
        id: `${tool}:${String(record.documentId)}`,
        title: cut(title, MAX_TITLE),
        description: cut([when, place].filter(Boolean).join(' · ') || title, MAX_DESCRIPTION),
      };
    }),
  };
};
