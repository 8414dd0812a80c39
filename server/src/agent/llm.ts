import OpenAI from 'openai';
import type {
  ChatCompletionFunctionTool,
  ChatCompletionMessage,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';

export type LlmSettings = {
  /** Only ever given with a base URL of the origin the key was set for (settings/secret-origin.ts). */
  apiKey?: string;
  /** Always explicit: left out, the client would read OPENAI_BASE_URL on its own. */
  baseUrl: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
};

export type LlmUsage = {
  model: string;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  durationMs: number;
};

export type LlmReply = { message: ChatCompletionMessage; usage: LlmUsage };

/**
 * Chat Completions over the official `openai` client, against any compatible endpoint (OpenAI,
 * Azure, Ollama, vLLM, LiteLLM). Its own retries cover 408/409/429/5xx; the timeout is ours.
 */
export const createLlmClient = (settings: LlmSettings) => {
  const client = new OpenAI({
    // Local servers (Ollama, vLLM) accept any key; the client insists on one.
    apiKey: settings.apiKey ?? 'no-key',
    baseURL: settings.baseUrl,
    timeout: settings.timeoutMs,
    maxRetries: settings.maxRetries,
  });

  return {
    model: settings.model,
    async complete(
      messages: ChatCompletionMessageParam[],
      tools: ChatCompletionFunctionTool[]
    ): Promise<LlmReply> {
      const started = Date.now();
      const completion = await client.chat.completions.create({
        model: settings.model,
        messages,
        ...(tools.length > 0 ? { tools, parallel_tool_calls: true } : {}),
      });
      const choice = completion.choices[0];
      if (!choice) throw new Error('The model returned no choice');
      return {
        message: choice.message,
        usage: {
          model: completion.model ?? settings.model,
          promptTokens: completion.usage?.prompt_tokens ?? 0,
          completionTokens: completion.usage?.completion_tokens ?? 0,
          cachedTokens: completion.usage?.prompt_tokens_details?.cached_tokens ?? 0,
          durationMs: Date.now() - started,
        },
      };
    },
  };
};

export type LlmClient = ReturnType<typeof createLlmClient>;
