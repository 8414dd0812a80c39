import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { offlineModelReply } from './offline-model';

/**
 * An OpenAI-compatible Chat Completions server on 127.0.0.1. Tests script its answers (and read
 * what the plugin sent); with nothing scripted it follows the offline demo model's simple rules.
 * The plugin talks to it through the real `openai` client.
 */

export type ChatMessage = {
  role: string;
  content?: string | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
};
export type ChatRequest = {
  model: string;
  messages: ChatMessage[];
  tools?: Array<{ function: { name: string } }>;
};

export type ScriptedAnswer =
  | { content: string }
  /** `delayMs`: thinks that long before answering, as a real model does. */
  | { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }>; delayMs?: number }
  /** Answers an HTTP error (e.g. 500), or stays silent for `delayMs` first (a slow model). */
  | { status: number; delayMs?: number }
  | { delayMs: number; content: string };

/** A function sees the request first; a promise holds the answer back until the test lets it go. */
type Step = ScriptedAnswer | ((request: ChatRequest) => ScriptedAnswer | Promise<ScriptedAnswer>);

/** Any HTTP request that reached the server, on any path: what a key would have been sent with. */
export type ReceivedCall = { method: string; path: string; authorization: string | undefined };

let callCounter = 0;

const completion = (model: string, message: Record<string, unknown>, finishReason: string) => ({
  id: `chatcmpl-${(callCounter += 1)}`,
  object: 'chat.completion',
  created: Math.floor(Date.now() / 1000),
  model,
  choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
  usage: {
    prompt_tokens: 120,
    completion_tokens: 30,
    total_tokens: 150,
    prompt_tokens_details: { cached_tokens: 0 },
  },
});

export const createScriptedLlm = ({ port = 0 }: { port?: number } = {}) => {
  const requests: ChatRequest[] = [];
  const calls: ReceivedCall[] = [];
  const script: Step[] = [];
  let unscripted: Step | undefined;

  const answer = async (request: ChatRequest): Promise<ScriptedAnswer> => {
    const step = script.shift() ?? unscripted;
    if (!step) return offlineModelReply(request);
    return typeof step === 'function' ? step(request) : step;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    calls.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res
        .writeHead(404, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'Not found' } }));
      return;
    }
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
    requests.push(request);
    const reply = await answer(request);
    if ('delayMs' in reply && reply.delayMs)
      // Unref'd: a slow answer nobody waits for any more must not keep the test process alive.
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs).unref());
    if (res.destroyed) return;
    res.writeHead('status' in reply ? reply.status : 200, { 'Content-Type': 'application/json' });
    if ('status' in reply)
      return void res.end(
        JSON.stringify({ error: { message: `Scripted failure ${reply.status}`, type: 'server_error' } })
      );
    if ('toolCalls' in reply) {
      const toolCalls = reply.toolCalls.map((call, i) => ({
        id: `call_${callCounter}_${i}`,
        type: 'function',
        function: { name: call.name, arguments: JSON.stringify(call.arguments) },
      }));
      return void res.end(
        JSON.stringify(completion(request.model, { content: null, tool_calls: toolCalls }, 'tool_calls'))
      );
    }
    res.end(JSON.stringify(completion(request.model, { content: reply.content }, 'stop')));
  };

  // A handler that throws answers 500 rather than leaving the request hanging.
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ error: { message: String(error) } }));
    });
  });

  return {
    requests,
    calls,
    /** Answers for the next calls, in order; a function sees the request first. */
    script(...steps: Step[]) {
      script.push(...steps);
    },
    /**
     * What every call gets once the script is used up, instead of the offline model's rules: for
     * a load of concurrent turns whose order no script could foresee. `undefined` restores the rules.
     */
    whenUnscripted(step: Step | undefined) {
      unscripted = step;
    },
    reset() {
      requests.length = 0;
      calls.length = 0;
      script.length = 0;
      unscripted = undefined;
    },
    get url() {
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    },
    async start() {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      return this;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

export type ScriptedLlm = ReturnType<typeof createScriptedLlm>;
