import { Readable } from 'node:stream';
import type { Context } from 'koa';
import { MAX_RAW_WEBHOOK_BYTES, rawBodyMiddleware, rawBodyOf } from '../../server/src/middlewares/raw-body';

// Meta signs the exact bytes it posts; Strapi's body parser keeps only the parsed JSON. The
// plugin's middleware keeps the bytes for that path and hands the parser a stream replaying them.

const contextFor = (path: string, body: Buffer | string) => {
  const req = Object.assign(Readable.from([Buffer.from(body)]), {
    headers: { 'content-type': 'application/json' },
    method: 'POST',
    url: path,
  });
  return { method: 'POST', path, req, request: { req }, response: { req }, state: {} } as unknown as Context;
};

const readAll = async (stream: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
};

const META_PATH = '/api/whatsapp-agent/webhooks/meta/some-token';

it('keeps the raw bytes of a Meta webhook and lets the body parser read them all the same', async () => {
  // Escapes and spacing that JSON.stringify of the parsed body would not reproduce.
  const body = '{"object":"whatsapp_business_account", "entry":[{"text":"caf\\u00e9 \u2713"}]}';
  const ctx = contextFor(META_PATH, body);
  let parsedBytes: Buffer | undefined;
  await rawBodyMiddleware()(ctx, async () => {
    parsedBytes = await readAll(ctx.req);
  });
  expect(rawBodyOf(ctx)?.toString('utf8')).toBe(body);
  expect(parsedBytes?.toString('utf8')).toBe(body);
  expect(ctx.req.headers['content-type']).toBe('application/json');
  expect(ctx.request.req).toBe(ctx.req);
});

it('leaves every other request to Strapi untouched', async () => {
  const ctx = contextFor('/api/whatsapp-agent/webhooks/twilio/some-token', 'Body=hi');
  const original = ctx.req;
  await rawBodyMiddleware()(ctx, async () => undefined);
  expect(ctx.req).toBe(original);
  expect(rawBodyOf(ctx)).toBeUndefined();
});

it('refuses a body over the webhook cap (413) without reading further or calling the next middleware', async () => {
  const ctx = contextFor(META_PATH, Buffer.alloc(MAX_RAW_WEBHOOK_BYTES + 1, 'a'));
  const next = jest.fn();
  await rawBodyMiddleware()(ctx, next);
  expect(ctx.status).toBe(413);
  expect(next).not.toHaveBeenCalled();
  expect(rawBodyOf(ctx)).toBeUndefined();
});
