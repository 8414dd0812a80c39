import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { isSameAddress, type InboundMessage } from '../channels/adapter';
import { secretsEqual, signedUrl } from '../channels/twilio/signature';
import { answerError } from '../utils/answer-error';
import { getService } from '../utils/get-service';
import { maskSecrets } from '../utils/mask-secrets';

/** Twilio never posts more than a few KB; anything near this is not Twilio. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

/** The only body Twilio posts. */
const FORM = 'application/x-www-form-urlencoded';

// Twilio wants XML from a message webhook (anything else is its error 12300), so not a bare 204;
// encoded once, with its type set as a header, so that Koa has nothing to look up or measure.
const EMPTY_TWIML = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');

const acknowledge = (ctx: Context) => {
  ctx.set('Content-Type', 'text/xml; charset=utf-8');
  ctx.body = EMPTY_TWIML;
};

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
 * The body's size: its Content-Length when it was sent uncompressed (the parser refuses a body
 * whose length differs), otherwise counted from the params (chunked or compressed requests).
 */
const bodyBytes = (ctx: Context, params: Record<string, unknown>) =>
  ctx.request.length !== undefined && !ctx.get('Content-Encoding') ? ctx.request.length : formBytes(params);

/**
 * Twilio's webhooks. Every request passes, before anything is stored and in this order: the
 * path token (404 like an unknown route), the content type (415), the body size (413), the
 * provider being configured (503, answered with its reason: nothing is stored), the adapter's check of the signature and the account (403).
 * Then the adapter parses and normalises the params (400), a message must be addressed to one
 * of our senders (403), and it goes to the inbox; Twilio gets its empty TwiML only once it is
 * committed.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const warn = (text: string) => strapi.log.warn(maskSecrets(strapi, `[whatsapp-agent] ${text}`));

  const authenticate = (ctx: Context) => {
    const settings = getService(strapi, 'settings');
    if (!secretsEqual(String(ctx.params.token ?? ''), settings.webhookToken()))
      throw new errors.NotFoundError('Not Found');
    // Strapi parsed the body before any route code runs (its global `strapi::body`): whatever is
    // not a form was read for nothing, and is refused before anything looks at it.
    if (!ctx.is(FORM)) {
      return ctx.throw(
        415,
        `Unsupported content type: Twilio posts its webhooks as ${FORM}; nothing else is accepted here`
      );
    }
    const params = (ctx.request.body ?? {}) as Record<string, unknown>;
    if (bodyBytes(ctx, params) > MAX_WEBHOOK_BODY_BYTES) {
      throw new errors.PayloadTooLargeError(`Request body larger than ${MAX_WEBHOOK_BODY_BYTES} bytes`);
    }
    const twilio = getService(strapi, 'adapters').twilio();
    if (!twilio) {
      answerError(
        ctx,
        503,
        'ServiceUnavailableError',
        'Twilio is not configured: set the Account SID and Auth Token (Settings → WhatsApp agent or TWILIO_* variables)'
      );
      return null;
    }
    const url = signedUrl(settings.publicUrl(), ctx.originalUrl);
    const verified = twilio.inbound.verify({ url, header: (name) => ctx.get(name) || undefined, params });
    if (!verified.ok) {
      // Never log the body: it is personal data and, here, unauthenticated.
      warn(`Rejected a webhook request: ${verified.error} (checked against ${url})`);
      // Not errors.ForbiddenError: Strapi replaces its message on content-API routes with "Forbidden".
      return ctx.throw(403, verified.error);
    }
    return { inbound: twilio.inbound, params };
  };

  /** A message to a number we do not send from cannot be answered from the number it was sent to. */
  const assertAddressedToUs = (ctx: Context, message: InboundMessage) => {
    const sender = getService(strapi, 'adapters').forKind(message.kind)?.senderAddress();
    if (sender && isSameAddress(message.to, sender)) return;
    const kind = message.kind === 'whatsapp' ? 'WhatsApp' : 'SMS';
    warn(`Rejected a message to ${message.to}: it is not the configured ${kind} sender`);
    ctx.throw(
      403,
      `The message was sent to ${message.to}, which is not this plugin's ${kind} sender: point that number's webhook elsewhere, or set it as the sender (Settings → WhatsApp agent → Twilio)`
    );
  };

  return {
    notFound() {
      throw new errors.NotFoundError('Not Found');
    },

    /** An inbound message: stored (once) and queued before Twilio gets its 200. */
    async inbound(ctx: Context) {
      const authenticated = authenticate(ctx);
      if (!authenticated) return;
      const { inbound, params } = authenticated;
      const parsed = inbound.parseMessage(params);
      if (!parsed.ok) throw new errors.ValidationError(parsed.error);
      assertAddressedToUs(ctx, parsed.value);

      const { channelId, duplicate } = await getService(strapi, 'inbox').accept(parsed.value);
      if (!duplicate) await getService(strapi, 'queue').enqueue(channelId);
      acknowledge(ctx);
    },

    /** A delivery status callback for one of our outbound messages. */
    async status(ctx: Context) {
      const authenticated = authenticate(ctx);
      if (!authenticated) return;
      const { inbound, params } = authenticated;
      const parsed = inbound.parseStatus(params);
      if (!parsed.ok) throw new errors.ValidationError(parsed.error);

      // The callback can overtake the send's own response, before the part has its SID.
      for (
        let attempt = 0;
        !(await getService(strapi, 'outbox').recordStatus(parsed.value)) && attempt < 5;
        attempt += 1
      ) {
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
      acknowledge(ctx);
    },
  };
};
