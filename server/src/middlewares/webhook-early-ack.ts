import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { PLUGIN_ID } from '../constants';
import type createWebhookController from '../controllers/webhook';
import { answerError } from '../utils/answer-error';
import { getService } from '../utils/get-service';
import { maskSecrets } from '../utils/mask-secrets';
import { keepRawBody, readAll, replayBody } from './raw-body';

/**
 * Providers post a few KB. A larger body, a compressed one or one without a Content-Length takes
 * the route, whose parser and checks answer it as always.
 */
const EARLY_MAX_BYTES = 16 * 1024;

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

type WebhookController = ReturnType<typeof createWebhookController>;
type Target = { provider: string; token: string; endpoint?: string };

/** `/api/whatsapp-agent/webhooks/:provider/:token[/:endpoint]`, decoded as the router would. */
const targetOf = (path: string, prefix: string): Target | null => {
  const base = `${prefix}/${PLUGIN_ID}/webhooks/`;
  if (!path.startsWith(base)) return null;
  const segments = path.slice(base.length).split('/');
  if (segments.length < 2 || segments.length > 3 || segments.some((segment) => segment === '')) return null;
  try {
    const [provider, token, endpoint] = segments.map(decodeURIComponent);
    return { provider, token, endpoint };
  } catch {
    return null;
  }
};

/**
 * The posted params as the route's parser would give them, or null for anything it might read
 * differently (a repeated or bracketed key — qs nests and lists those), which takes the route.
 */
const paramsOf = (raw: Buffer, form: boolean): Record<string, unknown> | null => {
  const text = raw.toString('utf8');
  if (!form) {
    try {
      const value: unknown = JSON.parse(text);
      return value !== null && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  }
  const params: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (name in params || name.includes('[')) return null;
    params[name] = value;
  }
  return params;
};

/**
 * The early acknowledgement: a provider's webhook answered before the host's middleware stack
 * (`config/middlewares.ts`: request logger, security headers, CORS, sessions, body parser, the
 * router's ~300 routes). Those cost about 0.45 ms of CPU per request here, nine tenths of a
 * durable acknowledgement (bench/RESULTS.md, issue 24), and none of them concerns a
 * server-to-server request that authenticates itself. Only a request the route would accept is
 * answered here, by the same controller (path token, signature, validation, inbox); anything
 * else — a wrong token or signature, invalid params, an unconfigured provider, an unusual body —
 * is handed on untouched (its body replayed) to the route, which refuses and logs it exactly as
 * before. Its request line is logged here at `http` level as Strapi's logger would, with the token
 * masked. `webhook.earlyAck: 'off'` (WHATSAPP_AGENT_WEBHOOK_EARLY_ACK=off) sends everything
 * through the stack.
 */
export const webhookEarlyAckMiddleware = (strapi: Core.Strapi) => {
  // The host's API prefix is fixed once Strapi runs: read on the first request, not on each.
  let prefix: string | undefined;
  return async (ctx: Context, next: Next) => {
    if (ctx.method !== 'POST') return next();
    prefix ??= strapi.config.get<string>('api.rest.prefix', '/api');
    const target = targetOf(ctx.path, prefix);
    if (!target) return next();
    const length = ctx.request.length;
    const form = ctx.is(FORM) === FORM;
    if (
      length === undefined ||
      length > EARLY_MAX_BYTES ||
      ctx.get('Content-Encoding') ||
      (!form && ctx.is(JSON_TYPE) !== JSON_TYPE) ||
      getService(strapi, 'pluginConfig').get().webhook.earlyAck === 'off'
    ) {
      return next();
    }
    const started = Date.now();
    // Node ends the body at its Content-Length, so this reads at most what was checked above.
    const raw = (await readAll(ctx.req, EARLY_MAX_BYTES)) ?? Buffer.alloc(0);
    keepRawBody(ctx, raw);
    const params = paramsOf(raw, form);
    if (params) {
      (ctx as Context & { params: Target }).params = target;
      ctx.request.body = params;
      const controller = strapi.plugin(PLUGIN_ID).controller('webhook') as unknown as WebhookController;
      let answered: boolean;
      try {
        answered = await controller.acknowledgeEarly(ctx);
      } catch (error) {
        // Storing failed (the database is away): answered and logged as Strapi's error middleware would.
        strapi.log.error(
          maskSecrets(strapi, error instanceof Error ? (error.stack ?? error.message) : String(error))
        );
        answerError(ctx, 500, 'InternalServerError', 'Internal Server Error');
        answered = true;
      }
      if (answered) {
        strapi.log.http(
          maskSecrets(strapi, `${ctx.method} ${ctx.url} (${Date.now() - started} ms) ${ctx.status}`)
        );
        return undefined;
      }
      ctx.request.body = undefined;
    }
    replayBody(ctx, raw);
    return next();
  };
};
