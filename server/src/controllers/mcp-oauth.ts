import type { Core } from '@strapi/strapi';
import {
  InvalidClientError,
  InvalidRequestError,
  OAuthError,
  ServerError,
  TooManyRequestsError,
  UnsupportedGrantTypeError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { OAuthTokenRevocationRequestSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Context } from 'koa';
import { z } from 'zod';
import {
  authorizationParamsSchema,
  checkAuthorizationRequest,
  redirectWith,
  type AuthorizationRequest,
} from '../mcp/oauth/authorization-request';
import { consentPage, consentPagePolicy, errorPage, type ConsentTool } from '../mcp/oauth/consent-page';
import { hashClientSecret, presentedClient } from '../mcp/oauth/client-authentication';
import { createOAuthClients } from '../mcp/oauth/clients';
import { checkMemberLogin } from '../mcp/oauth/member-login';
import { oauthUrls } from '../mcp/oauth/metadata';
import { registrationOf } from '../mcp/oauth/registration';
import { exposedTools } from '../mcp/exposed-tools';
import { createRequestLimits } from '../mcp/request-limits';
import { createRepositories } from '../repositories';
import { getService } from '../utils/get-service';

/** Per minute, per IP address (and per identifier for passwords): enough for people, not for scripts. */
const REGISTRATIONS_PER_MINUTE = 20;
const TOKEN_REQUESTS_PER_MINUTE = 60;
/** Password attempts per account; an address gets more, as members behind one NAT share it. */
const LOGIN_ATTEMPTS_PER_MINUTE = 10;
const LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE = 30;
const UNUSED_CLIENT_DAYS = 1;
const REALM = 'whatsapp-agent';

const tokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    client_id: z.string().max(2000),
    code: z.string().max(200),
    code_verifier: z.string().regex(/^[A-Za-z0-9._~-]{43,128}$/, 'must be 43 to 128 unreserved characters'),
    redirect_uri: z.string().max(2000).optional(),
    resource: z.string().max(2000).optional(),
  }),
  z.object({
    grant_type: z.literal('refresh_token'),
    client_id: z.string().max(2000),
    refresh_token: z.string().max(200),
    scope: z.string().max(1000).optional(),
    resource: z.string().max(2000).optional(),
  }),
]);

/** The form a client posted, with its client_id wherever it put it, and the secret it presented. */
const clientForm = (ctx: Context) => {
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  const presented = presentedClient(ctx.get('authorization'), body);
  const form: Record<string, unknown> = { ...body, client_id: presented.clientId };
  return { form, presented };
};

const decisionSchema = authorizationParamsSchema.extend({
  decision: z.enum(['allow', 'deny']),
  identifier: z.string().trim().max(200).optional(),
  password: z.string().max(200).optional(),
});

/**
 * The OAuth 2.1 authorization server of the members' MCP endpoint (README: Use it from ChatGPT,
 * Claude or Cursor): dynamic registration (RFC 7591), the consent page (GET shows it, POST checks
 * the member's usual credentials and redirects with a code), the token endpoint (code + PKCE,
 * refresh with rotation) and revocation (RFC 7009). Off with the MCP endpoint (404 like no route).
 * OAuth errors are answered in OAuth's own JSON (`error`, `error_description`), never Strapi's.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const limits = createRequestLimits();
  const { oauthClients } = createRepositories(strapi);
  const oauth = () => getService(strapi, 'mcpOAuth');
  const clients = createOAuthClients(strapi);

  const enabled = (ctx: Context) => {
    if (getService(strapi, 'settings').mcp().enabled) return true;
    ctx.status = 404;
    ctx.body = {
      data: null,
      error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} },
    };
    return false;
  };

  const answerError = (ctx: Context, error: unknown) => {
    if (!(error instanceof OAuthError)) throw error;
    // RFC 6749 §5.2: a failed client authentication names the scheme to use.
    if (error instanceof InvalidClientError) ctx.set('WWW-Authenticate', `Basic realm="${REALM}"`);
    ctx.status =
      error instanceof InvalidClientError
        ? 401
        : error instanceof TooManyRequestsError
          ? 429
          : error instanceof ServerError
            ? 500
            : 400;
    if (error instanceof TooManyRequestsError) ctx.set('Retry-After', String(limits.retryAfterSeconds()));
    ctx.set('Cache-Control', 'no-store');
    ctx.body = error.toResponseObject();
  };

  const limit = (key: string, perMinute: number) => {
    if (!limits.take(key, perMinute))
      throw new TooManyRequestsError('Too many requests: try again in a minute');
  };

  /** What the member's assistant will be able to use: the tools the endpoint lists. */
  const tools = (): ConsentTool[] => {
    const settings = getService(strapi, 'settings');
    const actions = new Set(settings.agent().actions.map((action) => action.name));
    return exposedTools(getService(strapi, 'agent').tools(), settings.mcp().tools).map(([name, tool]) => ({
      name,
      description: tool.definition.function.description ?? '',
      asksFirst: actions.has(name),
    }));
  };

  const showPage = (
    ctx: Context,
    request: AuthorizationRequest,
    params: z.infer<typeof authorizationParamsSchema>,
    extra: { error?: string; identifier?: string; status?: number } = {}
  ) => {
    ctx.set('Content-Security-Policy', consentPagePolicy(request.redirectUri));
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'text/html; charset=utf-8';
    ctx.status = extra.status ?? 200;
    ctx.body = consentPage({
      clientId: request.client.clientId,
      clientName: request.client.clientName,
      redirectUri: request.redirectUri,
      tools: tools(),
      params,
      formAction: new URL(oauthUrls(strapi).authorize).pathname,
      identifier: extra.identifier,
      error: extra.error,
    });
  };

  /** Checks an authorization request; answers it (error page or redirect) unless the member is to be asked. */
  const checked = async (ctx: Context, params: z.infer<typeof authorizationParamsSchema>) => {
    const client = await clients.requesting(params.client_id);
    const result =
      typeof client === 'string'
        ? ({ kind: 'page-error', message: client } as const)
        : checkAuthorizationRequest(params, client, oauthUrls(strapi));
    if (result.kind === 'ok') return result.request;
    if (result.kind === 'page-error') {
      ctx.set('Content-Security-Policy', consentPagePolicy());
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'text/html; charset=utf-8';
      ctx.status = 400;
      ctx.body = errorPage(result.message);
      return null;
    }
    ctx.redirect(
      redirectWith(result.redirectUri, {
        error: result.error,
        error_description: result.description,
        state: result.state,
        iss: oauthUrls(strapi).issuer,
      })
    );
    return null;
  };

  return {
    /** POST /oauth/register (RFC 7591) */
    async register(ctx: Context) {
      if (!enabled(ctx)) return;
      try {
        limit(`register:${ctx.ip}`, REGISTRATIONS_PER_MINUTE);
        const { clientName, redirectUris, clientSecret, information } = registrationOf(
          ctx.request.body ?? {}
        );
        // Registrations nobody signed in with for a day go (a client that comes back registers again).
        await oauthClients.deleteUnusedSince(new Date(Date.now() - UNUSED_CLIENT_DAYS * 86_400_000));
        const { client_secret: _shownOnce, ...metadata } = information;
        await oauthClients.create({
          clientId: information.client_id,
          clientName,
          redirectUris,
          metadata,
          clientSecretHash: clientSecret
            ? hashClientSecret(getService(strapi, 'crypto').hashingKey(), clientSecret)
            : null,
        });
        ctx.set('Cache-Control', 'no-store');
        ctx.status = 201;
        ctx.body = information;
      } catch (error) {
        answerError(ctx, error);
      }
    },

    /** GET /oauth/authorize: the consent page. */
    async authorizePage(ctx: Context) {
      if (!enabled(ctx)) return;
      const params = authorizationParamsSchema.safeParse(ctx.query);
      if (!params.success) {
        ctx.status = 400;
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = errorPage('This sign-in link is malformed: start again from the assistant');
        return;
      }
      const request = await checked(ctx, params.data);
      if (request) showPage(ctx, request, params.data);
    },

    /** POST /oauth/authorize: the member's answer, with their credentials when they allow. */
    async authorizeDecision(ctx: Context) {
      if (!enabled(ctx)) return;
      const body = decisionSchema.safeParse(ctx.request.body ?? {});
      if (!body.success) {
        ctx.status = 400;
        ctx.type = 'text/html; charset=utf-8';
        ctx.body = errorPage('This form is incomplete: start again from the assistant');
        return;
      }
      const { decision, identifier, password, ...params } = body.data;
      const request = await checked(ctx, params);
      if (!request) return;
      const back = (answer: Record<string, string | undefined>) => {
        ctx.redirect(
          redirectWith(request.redirectUri, {
            ...answer,
            state: request.state,
            iss: oauthUrls(strapi).issuer,
          })
        );
        // See other: the browser follows with a GET, never re-posting the password.
        ctx.status = 303;
      };
      if (decision === 'deny')
        return back({ error: 'access_denied', error_description: 'The member did not allow access' });
      if (!identifier || !password)
        return showPage(ctx, request, params, {
          error: 'Enter your email or username and your password',
          status: 400,
        });
      if (
        !limits.take(`login-ip:${ctx.ip}`, LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE) ||
        !limits.take(`login-id:${identifier.toLowerCase()}`, LOGIN_ATTEMPTS_PER_MINUTE)
      )
        return showPage(ctx, request, params, {
          identifier,
          error: 'Too many attempts: wait a minute and try again',
          status: 429,
        });
      const login = await checkMemberLogin(strapi, identifier, password);
      if ('error' in login)
        return showPage(ctx, request, params, { identifier, error: login.error, status: 401 });
      const code = await oauth().createCode({
        userId: login.userId,
        clientId: request.client.clientId,
        clientName: request.client.clientName,
        redirectUri: request.redirectUri,
        codeChallenge: request.codeChallenge,
        scope: request.scope,
        resource: request.resource,
      });
      return back({ code });
    },

    /** POST /oauth/token */
    async token(ctx: Context) {
      if (!enabled(ctx)) return;
      ctx.set('Cache-Control', 'no-store');
      try {
        limit(`token:${ctx.ip}`, TOKEN_REQUESTS_PER_MINUTE);
        const { form: raw, presented } = clientForm(ctx);
        if (raw.grant_type !== 'authorization_code' && raw.grant_type !== 'refresh_token')
          throw new UnsupportedGrantTypeError('grant_type must be authorization_code or refresh_token');
        const body = tokenRequestSchema.safeParse(raw);
        if (!body.success)
          throw new InvalidRequestError(
            body.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')
          );
        await clients.authenticate(body.data.client_id, presented);
        ctx.body =
          body.data.grant_type === 'authorization_code'
            ? await oauth().exchangeCode({
                clientId: body.data.client_id,
                code: body.data.code,
                codeVerifier: body.data.code_verifier,
                redirectUri: body.data.redirect_uri,
                resource: body.data.resource,
              })
            : await oauth().refresh({
                clientId: body.data.client_id,
                refreshToken: body.data.refresh_token,
                resource: body.data.resource,
              });
      } catch (error) {
        answerError(ctx, error);
      }
    },

    /** POST /oauth/revoke (RFC 7009): 200 whether or not the token was known. */
    async revoke(ctx: Context) {
      if (!enabled(ctx)) return;
      try {
        limit(`token:${ctx.ip}`, TOKEN_REQUESTS_PER_MINUTE);
        const { form, presented } = clientForm(ctx);
        const body = OAuthTokenRevocationRequestSchema.extend({ client_id: z.string().max(2000) }).safeParse(
          form
        );
        if (!body.success) throw new InvalidRequestError('token and client_id are required');
        await clients.authenticate(body.data.client_id, presented);
        await oauth().revoke(body.data.client_id, body.data.token);
        ctx.status = 200;
        ctx.body = {};
      } catch (error) {
        answerError(ctx, error);
      }
    },
  };
};
