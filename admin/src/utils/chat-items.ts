import type { HistoryMessage, ToolCall, UndeliveredReply } from '../../../server/src/admin-api';

export type ChatItem =
  | { kind: 'user' | 'assistant'; key: string; text: string }
  | { kind: 'tool'; key: string; call: ToolCall; result: string | null }
  /** `whole`: the part is the whole message above it, so its text need not be repeated. */
  | { kind: 'undelivered'; key: string; reply: UndeliveredReply; whole: boolean };

/**
 * The stored history as the admin reads it: each tool call next to its result (the model's
 * `tool` messages only make sense attached to the call they answer).
 */
export const chatItems = (history: HistoryMessage[]): ChatItem[] => {
  const results = new Map(
    history
      .filter((message) => message.role === 'tool' && message.tool_call_id)
      .map((message) => [message.tool_call_id, message.content])
  );
  const called = new Set<string>();
  const items: ChatItem[] = [];

  history.forEach((message, index) => {
    if (message.role === 'user' || message.role === 'assistant') {
      if (message.content) items.push({ kind: message.role, key: `${index}`, text: message.content });
      for (const call of message.tool_calls ?? []) {
        called.add(call.id);
        items.push({ kind: 'tool', key: `${index}-${call.id}`, call, result: results.get(call.id) ?? null });
      }
    } else if (message.tool_call_id && !called.has(message.tool_call_id)) {
      // A result whose call was trimmed away: still shown, under an unknown name.
      items.push({
        kind: 'tool',
        key: `${index}`,
        call: { id: message.tool_call_id, function: { name: '?', arguments: '{}' } },
        result: message.content,
      });
    }
  });
  return items;
};

/**
 * Puts each reply part the member never got right after the agent's message it was cut from.
 * The history keeps no times, so a part is placed by its text: matched from the newest part
 * and message backwards (a failure is most likely recent), never out of order. Parts whose
 * text is erased, or whose message the history no longer holds (or never held: fixed replies),
 * come back as `unplaced`, for the page to list apart.
 */
export const placeUndelivered = (
  items: ChatItem[],
  undelivered: UndeliveredReply[]
): { items: ChatItem[]; unplaced: UndeliveredReply[] } => {
  const after = new Map<number, UndeliveredReply[]>();
  const unplaced: UndeliveredReply[] = [];
  let cursor = items.length - 1;
  for (let index = undelivered.length - 1; index >= 0; index -= 1) {
    const reply = undelivered[index];
    const text = reply.body?.trim();
    let found = -1;
    if (text) {
      for (let at = cursor; at >= 0; at -= 1) {
        const item = items[at];
        if (item.kind === 'assistant' && item.text.includes(text)) {
          found = at;
          break;
        }
      }
    }
    if (found < 0) {
      unplaced.unshift(reply);
      continue;
    }
    // Several parts of one reply stay under the same message, in order.
    after.set(found, [reply, ...(after.get(found) ?? [])]);
    cursor = found;
  }
  const placed = items.flatMap((item, index) => [
    item,
    ...(after.get(index) ?? []).map(
      (reply, part): ChatItem => ({
        kind: 'undelivered',
        key: `${item.key}-undelivered-${part}`,
        reply,
        whole: item.kind === 'assistant' && item.text.trim() === reply.body?.trim(),
      })
    ),
  ]);
  return { items: placed, unplaced };
};

const parse = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    // Long results are cut before they reach the model, which leaves invalid JSON.
    return text;
  }
};

/** `{"query":"climate"}` as compact JSON, whatever spacing the model used. */
export const compactArguments = (call: ToolCall) => {
  const args = parse(call.function.arguments);
  return typeof args === 'string' ? args : JSON.stringify(args);
};

/** What a result amounts to: a count of records, an error, or neither. */
export const resultSummary = (result: string | null): { count?: number; error?: string } => {
  const value = parse(result);
  if (Array.isArray(value)) return { count: value.length };
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.count === 'number') return { count: record.count };
    if (typeof record.error === 'string') return { error: record.error };
  }
  return {};
};

/** Arguments and result pretty-printed, for the unfolded detail. */
export const rawToolCall = (call: ToolCall, result: string | null) =>
  JSON.stringify(
    { name: call.function.name, arguments: parse(call.function.arguments), result: parse(result) },
    null,
    2
  );
