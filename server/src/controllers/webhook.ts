import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { InboundAdapter, WebhookRequest } from '../channels/adapter';
import { isProviderName, PROVIDERS, type ProviderName } from '../channels/registry';
import { secretsEqual, signedUrl } from '../channels/twilio/signature';
import { CHANNEL_KIND_LABEL } from '../constants';
import { rawBodyOf } from '../middlewares/raw-body';
import { answerError } from '../utils/answer-error';
import { getService } from '../utils/get-service';
import { maskSecrets } from '../utils/mask-secrets';

/** Providers post a few KB; anything near this is not a provider. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

/**
 * The size of the params as a form, which is what Twilio sends byte for byte. Counted from what
 * Strapi's body parser read, not from Content-Length: a chunked request has none. (The parser
 * does not keep the raw body; its own `formLimit`, 56 KB by default, counts the raw bytes.)
 */
const formBytes = (params: Record<string, unknown>) =>
  Buffer.byteLength(
    new URLSearchParams(
      Object.entries(params).map(([name, value]): [string, string] => [
        name,
        typeof value === 'string' ? value : JSON.stringify(value),
      ])
    ).toString()
  );

/**
 * The body's size: the raw bytes when the provider's adapter kept them, else its Content-Length
 * when it was sent uncompressed (the parser refuses a body whose length differs), otherwise
 * counted from the params (chunked or compressed requests).
 */
const bodyBytes = (ctx: Context, params: Record<string, unknown>, rawBody: Buffer | undefined) =>
  rawBody?.length ??
  (ctx.request.length !== undefined && !ctx.get('Content-Encoding') ? ctx.request.length : formBytes(params));

/**
 * Every provider's webhooks, `/webhooks/:provider/:token[/:endpoint]`. Every request passes,
 * before anything is stored and in this order: the path token and a known provider and endpoint
 * (404 like an unknown route), the content type (415), the body size (413), the provider being
 * configured (503, answered with its reason: nothing is stored), the adapter's check of the
 * signature and the account (403). Then the adapter parses and normalises the body (400), every
 * message must be addressed to one of our senders (403), and they go to the inbox; the provider
 * gets its acknowledgement only once they are committed.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const warn = (text: string) => strapi.log.warn(maskSecrets(strapi, `[whatsapp-agent] ${text}`));

  /** The provider the path names, once the path token matched; else 404 like no route. */
  const providerOf = (ctx: Context): ProviderName => {
    const settings = getService(strapi, 'settings');
    if (!secretsEqual(String(ctx.params.token ?? ''), settings.webhookToken()))
      throw new errors.NotFoundError('Not Found');
    const name = String(ctx.params.provider ?? '');
    if (!isProviderName(name)) throw new errors.NotFoundError('Not Found');
    return name;
  };

  /** The configured provider's inbound side, or null (a 503 answered unless `early`). */
  const inboundOf = async (
    ctx: Context,
    name: ProviderName,
    early = false
  ): Promise<InboundAdapter | null> => {
    // The senders as this process knows them (read again every few seconds, not per request).
    await getService(strapi, 'senders').fresh();
    const inbound = getService(strapi, 'adapters').inbound(name);
    if (inbound) return inbound;
    if (!early) answerError(ctx, 503, 'ServiceUnavailableError', PROVIDERS[name].notConfigured);
    return null;
  };

  /**
   * `early`: tried before Strapi's middleware stack (`acknowledgeEarly`), where a request that
   * fails is handed on, unanswered and unlogged, to the route that answers it as always.
   */
  const authenticate = async (ctx: Context, early = false) => {
    const name = providerOf(ctx);
    const endpoint = String(ctx.params.endpoint ?? '');
    const inbound = await inboundOf(ctx, name, early);
    if (!inbound) return null;
    if (!inbound.endpoints.includes(endpoint)) throw new errors.NotFoundError('Not Found');
    // Strapi parsed the body before any route code runs (its global `strapi::body`): whatever is
    // not what the provider posts was read for nothing, and is refused before anything looks at it.
    if (!ctx.is(inbound.contentType)) {
      return ctx.throw(
        415,
        `Unsupported content type: ${PROVIDERS[name].label} posts its webhooks as ${inbound.contentType}; nothing else is accepted here`
      );
    }
    const params = (ctx.request.body ?? {}) as Record<string, unknown>;
    const rawBody = rawBodyOf(ctx);
    if (bodyBytes(ctx, params, rawBody) > MAX_WEBHOOK_BODY_BYTES) {
      throw new errors.PayloadTooLargeError(`Request body larger than ${MAX_WEBHOOK_BODY_BYTES} bytes`);
    }
    const url = signedUrl(getService(strapi, 'settings').publicUrl(), ctx.originalUrl);
    const request: WebhookRequest = {
      url,
      endpoint,
      header: (header) => ctx.get(header) || undefined,
      params,
      rawBody,
    };
    const verified = inbound.verify(request);
    if (!verified.ok) {
      // Never log the body: it is personal data and, here, unauthenticated.
      if (!early) warn(`Rejected a webhook request: ${verified.error} (checked against ${url})`);
      // Not errors.ForbiddenError: Strapi replaces its message on content-API routes with "Forbidden".
      return ctx.throw(403, verified.error);
    }
    return { name, inbound, request };
  };

  /** Everything a request must pass before anything is stored; its messages and statuses. */
  const admit = async (ctx: Context, early = false) => {
    const authenticated = await authenticate(ctx, early);
    if (!authenticated) return null;
    const { name, inbound, request } = authenticated;
    const parsed = inbound.parse(request);
    if (!parsed.ok) throw new errors.ValidationError(parsed.error);
    const { messages, statuses } = parsed.value;
    // A message to a number we do not send from (on the account it came through) cannot be
    // answered from the number it was sent to.
    const addressed = messages.map((message) => ({ message, sender: inbound.senderOf(message) }));
    const stray = addressed.find(({ sender }) => !sender)?.message;
    if (stray) {
      const kind = CHANNEL_KIND_LABEL[stray.kind];
      if (!early) warn(`Rejected a message to ${stray.to}: it is not the configured ${kind} sender`);
      return ctx.throw(
        403,
        `The message was sent to ${stray.to}, which is not this plugin's ${kind} sender: point that number's webhook elsewhere, or set it as the sender (Settings → WhatsApp agent → ${PROVIDERS[name].label})`
      );
    }
    return { inbound, addressed, statuses };
  };

  /** Stores and queues the admitted messages, applies the statuses, then answers the provider. */
  const commit = async (
    ctx: Context,
    { inbound, addressed, statuses }: NonNullable<Awaited<ReturnType<typeof admit>>>
  ) => {
    for (const { message, sender } of addressed) {
      const accepted = await getService(strapi, 'inbox').accept({
        ...message,
        senderId: sender?.senderId ?? null,
      });
      if (!accepted.duplicate) await getService(strapi, 'queue').enqueue(accepted.channelId);
    }
    for (const status of statuses) {
      // The callback can overtake the send's own response, before the part has its id.
      for (
        let attempt = 0;
        !(await getService(strapi, 'outbox').recordStatus(status)) && attempt < 5;
        attempt += 1
      ) {
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    }
    const { type, body } = inbound.acknowledgement();
    // Set as a header, not `ctx.type`: a full content type needs no MIME lookup per request.
    ctx.set('Content-Type', type);
    ctx.body = body;
  };

  return {
    notFound() {
      throw new errors.NotFoundError('Not Found');
    },

    /**
     * A provider's webhook: its messages stored (each once) and queued, its statuses applied to
     * the outbox's parts, before the provider gets its 200.
     */
    async receive(ctx: Context) {
      const admitted = await admit(ctx);
      if (admitted) await commit(ctx, admitted);
    },

    /**
     * The same, for the early acknowledgement (middlewares/webhook-early-ack.ts): true once
     * answered; false, with nothing stored, answered or logged, for any request the route would
     * refuse, so that the route refuses it as always.
     */
    async acknowledgeEarly(ctx: Context): Promise<boolean> {
      const admitted = await admit(ctx, true).catch(() => null);
      if (!admitted) return false;
      await commit(ctx, admitted);
      return true;
    },

    /** A provider's subscription handshake (Meta's GET with `hub.challenge`). */
    async handshake(ctx: Context) {
      const name = providerOf(ctx);
      const inbound = await inboundOf(ctx, name);
      if (!inbound) return;
      if (!inbound.handshake || ctx.params.endpoint) throw new errors.NotFoundError('Not Found');
      const answer = inbound.handshake(ctx.query as Record<string, unknown>);
      if (!answer.ok) {
        warn(`Refused a webhook subscription: ${answer.error}`);
        return ctx.throw(403, answer.error);
      }
      ctx.type = 'text/plain';
      ctx.body = answer.value;
    },
  };
};
