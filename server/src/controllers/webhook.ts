import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { isValidTwilioSignature, secretsEqual, signedUrl } from '../channels/twilio-signature';
import { describeParamsError, inboundParamsSchema, statusParamsSchema } from '../services/inbound-params';
import { getService } from '../utils/get-service';

/** Twilio never posts more than a few KB; anything near this is not Twilio. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

const fail = (ctx: Context, status: number, name: string, message: string) => {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message, details: {} } };
};

const notFound = (ctx: Context) => fail(ctx, 404, 'NotFoundError', 'Not Found');

/**
 * The checks every Twilio request passes before anything is stored, in this order: the path
 * token (404 like an unknown route), the body size (413), the signature over the public URL and
 * all posted params (403). Returns the params, or undefined when the request was answered.
 */
const authenticate = (strapi: Core.Strapi, ctx: Context): Record<string, unknown> | undefined => {
  const settings = getService(strapi, 'settings');
  if (!secretsEqual(String(ctx.params.token ?? ''), settings.webhookToken())) {
    notFound(ctx);
    return undefined;
  }
  if ((ctx.request.length ?? 0) > MAX_WEBHOOK_BODY_BYTES) {
    fail(ctx, 413, 'PayloadTooLargeError', `Request body larger than ${MAX_WEBHOOK_BODY_BYTES} bytes`);
    return undefined;
  }
  const twilio = settings.twilio();
  if (!twilio) {
    fail(ctx, 503, 'ServiceUnavailableError', 'Twilio is not configured: set the Account SID and Auth Token (Settings → WhatsApp agent or TWILIO_* variables)');
    return undefined;
  }
  const params = (ctx.request.body ?? {}) as Record<string, unknown>;
  const url = signedUrl(settings.publicUrl(), ctx.originalUrl);
  if (!isValidTwilioSignature(twilio.authToken, ctx.get('X-Twilio-Signature') || undefined, url, params)) {
    // Never log the body: it is personal data and, here, unauthenticated.
    strapi.log.warn(`[whatsapp-agent] Rejected a webhook request with a ${ctx.get('X-Twilio-Signature') ? 'bad' : 'missing'} Twilio signature (checked against ${url.replace(settings.webhookToken(), '<token>')})`);
    fail(ctx, 403, 'ForbiddenError', 'Invalid Twilio signature: the request was not signed with this account\'s Auth Token for this URL (check WHATSAPP_AGENT_PUBLIC_URL)');
    return undefined;
  }
  return params;
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  notFound,

  /** An inbound message: stored (once) and queued before Twilio gets its 200. */
  async inbound(ctx: Context) {
    const params = authenticate(strapi, ctx);
    if (!params) return;
    const parsed = inboundParamsSchema.safeParse(params);
    if (!parsed.success) return fail(ctx, 400, 'ValidationError', `Invalid Twilio params: ${describeParamsError(parsed.error)}`);

    const { channelId, duplicate } = await getService(strapi, 'inbox').accept(parsed.data);
    if (!duplicate) await getService(strapi, 'queue').enqueue(channelId);
    ctx.type = 'text/xml';
    ctx.body = EMPTY_TWIML;
  },

  /** A delivery status callback for one of our outbound messages. */
  async status(ctx: Context) {
    const params = authenticate(strapi, ctx);
    if (!params) return;
    const parsed = statusParamsSchema.safeParse(params);
    if (!parsed.success) return fail(ctx, 400, 'ValidationError', `Invalid Twilio params: ${describeParamsError(parsed.error)}`);

    const { MessageSid, MessageStatus, ErrorCode, ErrorMessage } = parsed.data;
    const update = { providerSid: MessageSid, status: MessageStatus, errorCode: ErrorCode, errorMessage: ErrorMessage };
    // The callback can overtake the send's own response, before the part has its SID.
    for (let attempt = 0; !(await getService(strapi, 'outbox').recordStatus(update)) && attempt < 5; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    ctx.type = 'text/xml';
    ctx.body = EMPTY_TWIML;
  },
});
