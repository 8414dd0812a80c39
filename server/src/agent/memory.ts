import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';

export type HistoryMessage = ChatCompletionMessageParam;

/** Splits history into turns, each starting at a user message (anything before the first is dropped). */
const turnsOf = (history: HistoryMessage[]) => {
  const turns: HistoryMessage[][] = [];
  for (const message of history) {
    if (message.role === 'user') turns.push([message]);
    else if (turns.length > 0) turns[turns.length - 1].push(message);
  }
  return turns;
};

/**
 * The last `maxTurns` turns. Cutting only at turn boundaries keeps every assistant `tool_calls`
 * message with its `tool` results (the API rejects a request that separates them).
 */
export const trimHistory = (history: HistoryMessage[], maxTurns: number): HistoryMessage[] =>
  turnsOf(history).slice(-maxTurns).flat();

/** History to use for a new turn: none after `idleMinutes` without messages. */
export const activeHistory = (
  stored: unknown,
  lastActivity: Date | string | null | undefined,
  idleMinutes: number,
  now = Date.now()
): HistoryMessage[] => {
  if (!Array.isArray(stored) || stored.length === 0) return [];
  if (!lastActivity || now - new Date(lastActivity).getTime() > idleMinutes * 60_000) return [];
  return stored as HistoryMessage[];
};
