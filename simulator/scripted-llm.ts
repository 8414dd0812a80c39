import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { audioSeconds } from '../server/src/media/duration';
import { offlineModelReply } from './offline-model';

/**
 * An OpenAI-compatible Chat Completions server on 127.0.0.1. Tests script its answers (and read
 * what the plugin sent); with nothing scripted it follows the offline demo model's simple rules.
 * It also transcribes (`/audio/transcriptions`): a voice note says what its `TRANSCRIPT=` OGG
 * comment says (the simulator's samples carry one), unless a test scripts the answer.
 * The plugin talks to it through the real `openai` client.
 */

/** A part of a multimodal user message: text, or a picture as a data URL. */
export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export type ChatMessage = {
  role: string;
  /** Text; a multimodal message's parts are flattened to their text here (see ChatRequest.parts). */
  content?: string | null;
  tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
};
export type ChatRequest = {
  model: string;
  messages: ChatMessage[];
  tools?: Array<{ function: { name: string } }>;
  /** The parts of multimodal messages as they were sent (pictures as data URLs), by message index. */
  parts?: Array<{ messageIndex: number; parts: ContentPart[] }>;
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

/** The pictures (data URLs) of a request's latest user message. */
export const picturesOf = (request: ChatRequest) => {
  const lastUser = request.messages.map((message) => message.role).lastIndexOf('user');
  return (request.parts ?? [])
    .filter((entry) => entry.messageIndex === lastUser)
    .flatMap((entry) =>
      entry.parts.flatMap((part) => (part.type === 'image_url' ? [part.image_url.url] : []))
    );
};

/** A transcription as the plugin asked for it. */
export type TranscriptionRequest = { model: string; responseFormat: string; fileName: string; bytes: number };
/** A scripted transcription: its text, or an HTTP error. */
export type ScriptedTranscript = { text: string; seconds?: number } | { status: number };

/** The `TRANSCRIPT=` comment of an OGG file (a length-prefixed Vorbis comment). */
const transcriptMarker = (audio: Buffer) => {
  const at = audio.indexOf('TRANSCRIPT=', 0, 'latin1');
  if (at < 4) return undefined;
  const length = audio.readUInt32LE(at - 4);
  return audio.subarray(at + 'TRANSCRIPT='.length, at + length).toString('utf8');
};

/** The parts of a multipart/form-data body, by field name. */
const multipart = (body: Buffer, contentType: string) => {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  const fields = new Map<string, { fileName?: string; data: Buffer }>();
  if (!boundary) return fields;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  for (let at = body.indexOf(delimiter); at >= 0; ) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(at + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const name = /name="([^"]*)"/.exec(headers)?.[1];
    if (name)
      fields.set(name, {
        fileName: /filename="([^"]*)"/.exec(headers)?.[1],
        data: part.subarray(headerEnd + 4),
      });
    at = next;
  }
  return fields;
};

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
  const transcriptions: TranscriptionRequest[] = [];
  const transcriptScript: ScriptedTranscript[] = [];

  const transcribe = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer) => {
    const fields = multipart(body, req.headers['content-type'] ?? '');
    const file = fields.get('file');
    const model = fields.get('model')?.data.toString('utf8') ?? '';
    const responseFormat = fields.get('response_format')?.data.toString('utf8') ?? 'json';
    transcriptions.push({
      model,
      responseFormat,
      fileName: file?.fileName ?? '',
      bytes: file?.data.length ?? 0,
    });
    const scripted = transcriptScript.shift();
    if (scripted && 'status' in scripted)
      return void res
        .writeHead(scripted.status, { 'Content-Type': 'application/json' })
        .end(
          JSON.stringify({ error: { message: `Scripted failure ${scripted.status}`, type: 'server_error' } })
        );
    const audio = file?.data ?? Buffer.alloc(0);
    const text = scripted?.text ?? transcriptMarker(audio) ?? '';
    const seconds = scripted?.seconds ?? audioSeconds(audio, 'audio/ogg') ?? 0;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify(
        responseFormat === 'verbose_json'
          ? { task: 'transcribe', language: 'english', duration: seconds, text, segments: [] }
          : { text, usage: { type: 'duration', seconds: Math.ceil(seconds) } }
      )
    );
  };

  const answer = async (request: ChatRequest): Promise<ScriptedAnswer> => {
    const step = script.shift() ?? unscripted;
    if (!step) return offlineModelReply(request);
    return typeof step === 'function' ? step(request) : step;
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    calls.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization });
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'POST' && req.url?.endsWith('/audio/transcriptions'))
      return transcribe(req, res, Buffer.concat(chunks));
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res
        .writeHead(404, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'Not found' } }));
      return;
    }
    const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
    request.messages.forEach((message, messageIndex) => {
      const content = message.content as unknown;
      if (!Array.isArray(content)) return;
      const parts = content as ContentPart[];
      (request.parts ??= []).push({ messageIndex, parts });
      message.content = parts.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
    });
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
    /** Every transcription asked for, in order. */
    transcriptions,
    /** Answers for the next transcriptions, in order (then the files' own TRANSCRIPT= comments). */
    scriptTranscription(...answers: ScriptedTranscript[]) {
      transcriptScript.push(...answers);
    },
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
      transcriptions.length = 0;
      transcriptScript.length = 0;
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
