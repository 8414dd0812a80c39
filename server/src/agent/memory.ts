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

export type HistoryLimits = {
  /** Turns kept (a turn starts at a user message). */
  maxTurns: number;
  /** Bytes kept: the UTF-8 length of the history as JSON, as it is stored and re-sent. */
  maxBytes: number;
};

/** A turn's bytes in the history's JSON: each message and one separator (`[a,b]` = 1 + (a+1) + (b+1)). */
const turnBytes = (turn: HistoryMessage[]) =>
  turn.reduce((sum, message) => sum + Buffer.byteLength(JSON.stringify(message), 'utf8') + 1, 0);

/** The member's question and the final answer, without the tool calls and results between them. */
const withoutToolCalls = (turn: HistoryMessage[]) =>
  turn.filter(
    (message) => message.role === 'user' || (message.role === 'assistant' && !message.tool_calls?.length)
  );

/**
 * The most recent turns within both limits. Cutting only at turn boundaries keeps every
 * assistant `tool_calls` message with its `tool` results (the API rejects a request that
 * separates them); the oldest turns go first, and a turn that does not fit ends the history
 * there (no gaps in the conversation). A latest turn too large on its own (a model that fetched
 * far too much) is kept as question and answer without its tool calls and results; if even that
 * exceeds `maxBytes`, nothing is kept. So the result never exceeds `maxBytes`.
 */
export const trimHistory = (history: HistoryMessage[], { maxTurns, maxBytes }: HistoryLimits) => {
  const turns = turnsOf(history).slice(-maxTurns);
  const kept: HistoryMessage[][] = [];
  let size = 1; // the array's opening bracket; each message adds its bytes and a `,` or `]`
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const latest = index === turns.length - 1;
    const fitting = (latest ? [turns[index], withoutToolCalls(turns[index])] : [turns[index]])
      .map((turn) => ({ turn, bytes: turnBytes(turn) }))
      .find(({ bytes }) => size + bytes <= maxBytes);
    if (!fitting) break;
    kept.unshift(fitting.turn);
    size += fitting.bytes;
  }
  return kept.flat();
};

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
