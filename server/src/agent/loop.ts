import type {
  ChatCompletionContentPartImage,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { LlmClient, LlmUsage } from './llm';
import type { HistoryMessage } from './memory';

export type ToolRunner = (name: string, args: unknown) => Promise<unknown>;

export type LoopResult = { reply: string; messages: HistoryMessage[]; usage: LlmUsage[] };

const truncate = (text: string, maxChars: number) =>
  text.length <= maxChars
    ? text
    : `${text.slice(0, maxChars)}… [cut: ${text.length - maxChars} more characters; ask a narrower question]`;

const parseArguments = (raw: string) => {
  try {
    return JSON.parse(raw || '{}') as unknown;
  } catch {
    return undefined;
  }
};

/**
 * What a call beyond the round's cap gets instead of a result: the API needs a `tool` message for
 * every call id, and the model learns why and what to do instead. Short, as there may be many.
 */
const notRun = (maxCalls: number) => ({
  error: `Not run: at most ${maxCalls} tool calls per round. Make fewer, narrower calls.`,
});

/**
 * The stateless tool loop: system prompt + history + the new turn go to the model; tool calls
 * are run (in parallel, at most `maxToolCallsPerRound` of them) and their results sent back, for
 * at most `maxRounds` rounds; then the model must answer in words. Returns the reply and the
 * turn's messages for the history.
 */
export const runAgentLoop = async ({
  llm,
  system,
  history,
  userText,
  images = [],
  tools,
  runTool,
  maxRounds,
  maxToolCallsPerRound,
  toolResultMaxChars,
  onCall,
}: {
  llm: LlmClient;
  system: string;
  history: HistoryMessage[];
  userText: string;
  /** Pictures the member sent with this turn, as image parts of its user message. */
  images?: ChatCompletionContentPartImage[];
  tools: ChatCompletionFunctionTool[];
  runTool: ToolRunner;
  maxRounds: number;
  /** A model asking for hundreds of calls at once would run them all and re-send every result. */
  maxToolCallsPerRound: number;
  toolResultMaxChars: number;
  /** Each model call's usage as it happens: a turn that fails later still paid for these. */
  onCall?: (usage: LlmUsage) => void;
}): Promise<LoopResult> => {
  const turn: HistoryMessage[] = [{ role: 'user', content: userText }];
  // Pictures go with this turn's calls only: the history keeps the text ("[picture] caption"),
  // not megabytes of base64 re-sent with every later turn.
  const asked: ChatCompletionMessageParam =
    images.length > 0 ? { role: 'user', content: [{ type: 'text', text: userText }, ...images] } : turn[0];
  const usage: LlmUsage[] = [];

  for (let round = 0; ; round += 1) {
    const offerTools = round < maxRounds ? tools : [];
    const messages: ChatCompletionMessageParam[] = [
      { role: 'system', content: system },
      ...history,
      asked,
      ...turn.slice(1),
    ];
    const { message, usage: callUsage } = await llm.complete(messages, offerTools);
    usage.push(callUsage);
    onCall?.(callUsage);

    const calls = (message.tool_calls ?? []).filter((call) => call.type === 'function');
    if (calls.length === 0 || offerTools.length === 0) {
      const reply = (message.content ?? '').trim() || 'Sorry, I have no answer to that.';
      turn.push({ role: 'assistant', content: reply });
      return { reply, messages: turn, usage };
    }

    turn.push({ role: 'assistant', content: message.content ?? null, tool_calls: calls });
    const results = await Promise.all(
      calls.map(async (call, index) => {
        if (index >= maxToolCallsPerRound) return notRun(maxToolCallsPerRound);
        const args = parseArguments(call.function.arguments);
        if (args === undefined) return { error: 'The arguments were not valid JSON' };
        try {
          return await runTool(call.function.name, args);
        } catch (error) {
          return { error: error instanceof Error ? error.message : String(error) };
        }
      })
    );
    calls.forEach((call, i) =>
      turn.push({
        role: 'tool',
        tool_call_id: call.id,
        content: truncate(JSON.stringify(results[i]), toolResultMaxChars),
      })
    );
  }
};
