import type { HistoryMessage, ToolCall } from '../../../server/src/admin-api';

export type ChatItem =
  | { kind: 'user' | 'assistant'; key: string; text: string }
  | { kind: 'tool'; key: string; call: ToolCall; result: string | null };

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
