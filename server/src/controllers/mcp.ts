import type { Core } from '@strapi/strapi';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Context } from 'koa';
import { ACCESS_TOKEN_PREFIX } from '../mcp/oauth/grants';
import { oauthUrls } from '../mcp/oauth/metadata';
import { createRequestLimits } from '../mcp/request-limits';
import { createMcpServer } from '../mcp/server';
import { wantsSession } from '../mcp/sessions';
import { getService } from '../utils/get-service';

const REALM = 'whatsapp-agent';

/** A JSON-RPC error as the body of a refused HTTP request: what an MCP client shows its user. */
const refuse = (ctx: Context, status: number, message: string, headers: Record<string, string> = {}) => {
  for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
  ctx.status = status;
  ctx.body = { jsonrpc: '2.0', error: { code: -32001, message }, id: null };
};

const originOf = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * POST /api/whatsapp-agent/mcp — the members' MCP endpoint (Streamable HTTP). Stateless (every
 * request carries its token and gets a server of its own), except for clients that declare
 * elicitation: they get a session, so an action can ask the member in the client (sessions.ts).
 * Before any MCP is spoken, on every request: off is a 404 like no route; a browser's Origin
 * other than this server's own (or one the host allows) is refused (DNS rebinding); no valid
 * token (a personal one, or an OAuth access token for this endpoint) is a 401 with
 * `WWW-Authenticate` naming the OAuth discovery document; too many requests from one member or
 * one client is a 429.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const limits = createRequestLimits();
  const settings = () => getService(strapi, 'settings');
  const sessions = () => getService(strapi, 'mcpSessions');

  const originAllowed = (origin: string) => {
    const allowed = [settings().publicUrl(), ...settings().mcp().allowedOrigins].map(originOf);
    return allowed.includes(originOf(origin));
  };

  return {
    async handle(ctx: Context) {
      const mcp = settings().mcp();
      if (!mcp.enabled) {
        ctx.status = 404;
        ctx.body = {
          data: null,
          error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} },
        };
        return;
      }
      // Desktop and server-side clients send no Origin; a web page always does.
      const origin = ctx.get('origin');
      if (origin && !originAllowed(origin)) return refuse(ctx, 403, `Origin ${origin} is not allowed`);

      // RFC 9728 §5.1: where an OAuth client discovers how to sign the member in.
      const resourceMetadata = `resource_metadata="${oauthUrls(strapi).resourceMetadata}"`;
      const bearer = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'))?.[1];
      if (!bearer)
        return refuse(
          ctx,
          401,
          'Sign in: connect your assistant to this URL (it opens a sign-in page), or send a personal token as "Authorization: Bearer wamcp_…"',
          { 'WWW-Authenticate': `Bearer realm="${REALM}", ${resourceMetadata}` }
        );
      const caller = bearer.startsWith(ACCESS_TOKEN_PREFIX)
        ? await getService(strapi, 'mcpOAuth').resolve(bearer)
        : await getService(strapi, 'mcpTokens').resolve(bearer);
      if (!caller)
        return refuse(
          ctx,
          401,
          'This token is not valid (revoked, expired or unknown): sign in again, or create a new personal token',
          {
            'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="The token is revoked, expired, for another resource or unknown", ${resourceMetadata}`,
          }
        );

      if (
        !limits.take(`member:${caller.user.id}`, mcp.memberRequestsPerMinute) ||
        !limits.take(`client:${caller.token.id}`, mcp.clientRequestsPerMinute)
      )
        return refuse(ctx, 429, 'Too many requests: slow down and try again in a minute', {
          'Retry-After': String(limits.retryAfterSeconds()),
        });

      const body: unknown = ctx.request.body;
      // A session of this client (one that can answer a question during a call): its own transport.
      const sessionId = ctx.get('mcp-session-id');
      const live = sessionId ? sessions().find(sessionId, caller.token.id) : undefined;
      if (live) {
        ctx.respond = false;
        await live.handleRequest(ctx.req, ctx.res, body);
        return;
      }

      // Otherwise stateless (an unknown session included: another process's, or expired): no
      // stream to open or resume, no session to end.
      if (ctx.method !== 'POST')
        return refuse(ctx, 405, 'Method not allowed: this endpoint is stateless, send requests with POST', {
          Allow: 'POST',
        });

      const server = await createMcpServer(strapi, caller, bearer);
      if (!sessionId && wantsSession(body)) {
        const transport = await sessions().open(server, caller.token.id);
        ctx.respond = false;
        await transport.handleRequest(ctx.req, ctx.res, body);
        // Kept only once the SDK answered the initialize (it named the session).
        if (!transport.sessionId || !sessions().find(transport.sessionId, caller.token.id)) {
          void transport.close();
          void server.close();
        }
        return;
      }
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: true,
      });
      ctx.res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      // The SDK writes the answer itself.
      ctx.respond = false;
      await transport.handleRequest(ctx.req, ctx.res, body);
    },
  };
};
