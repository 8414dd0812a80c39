import { PassThrough } from 'node:stream';
import type { Context, Next } from 'koa';
import { PLUGIN_ID } from '../constants';

/** Meta posts a few KB per webhook; anything near this is not Meta (the same cap as Twilio's). */
export const MAX_RAW_WEBHOOK_BYTES = 64 * 1024;

/** Where the webhook controller finds the exact bytes a provider posted. */
export const RAW_BODY = Symbol.for(`${PLUGIN_ID}.rawBody`);

/** The webhooks whose signature covers the body's exact bytes (Meta's X-Hub-Signature-256). */
const SIGNED_BODY_PATH = new RegExp(`^/api/${PLUGIN_ID}/webhooks/meta/`);

/** The whole stream, or null once it is longer than `limit`. */
export const readAll = async (stream: NodeJS.ReadableStream, limit: number) => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += bytes.length;
    if (size > limit) return null;
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
};

/**
 * Keeps the raw body of Meta's webhooks: its signature is an HMAC over the exact bytes, and
 * Strapi's body parser (`strapi::body`) keeps only the parsed JSON (re-serialising it changes
 * escapes and spacing). Registered by the plugin's `register`, so it runs before every middleware
 * of the host's config/middlewares.ts and the host edits nothing. For those requests only, it
 * reads the bytes, keeps them on `ctx.state`, and hands Strapi's parser a stream replaying them,
 * so the request is parsed exactly as before.
 */
export const rawBodyMiddleware = () => async (ctx: Context, next: Next) => {
  if (ctx.method !== 'POST' || !SIGNED_BODY_PATH.test(ctx.path)) return next();
  const raw = await readAll(ctx.req, MAX_RAW_WEBHOOK_BYTES);
  if (!raw) {
    ctx.status = 413;
    ctx.body = {
      data: null,
      error: {
        status: 413,
        name: 'PayloadTooLargeError',
        message: `Request body larger than ${MAX_RAW_WEBHOOK_BYTES} bytes`,
      },
    };
    return undefined;
  }
  keepRawBody(ctx, raw);
  replayBody(ctx, raw);
  return next();
};

/** Keeps the exact bytes of the body where the webhook controller finds them (`rawBodyOf`). */
export const keepRawBody = (ctx: Context, raw: Buffer) => {
  (ctx.state as Record<symbol, Buffer>)[RAW_BODY] = raw;
};

/**
 * Hands the middlewares after this one a request whose body is `raw` again (it was read here):
 * a stream replaying the bytes with the request's headers, so Strapi's parser reads it as before.
 */
export const replayBody = (ctx: Context, raw: Buffer) => {
  const original = ctx.req;
  const replay = new PassThrough();
  replay.end(raw);
  // What Koa and the body parser read of the request, on the replaying stream.
  const request = Object.assign(replay, {
    headers: original.headers,
    rawHeaders: original.rawHeaders,
    method: original.method,
    url: original.url,
    httpVersion: original.httpVersion,
    httpVersionMajor: original.httpVersionMajor,
    httpVersionMinor: original.httpVersionMinor,
    socket: original.socket,
    connection: original.socket,
  }) as unknown as Context['req'];
  ctx.req = request;
  ctx.request.req = request;
  ctx.response.req = request;
};

/** The exact bytes of the request's body, when a middleware of the plugin kept them. */
export const rawBodyOf = (ctx: Context): Buffer | undefined =>
  (ctx.state as Record<symbol, Buffer | undefined>)[RAW_BODY];
