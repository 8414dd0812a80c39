import type { Context } from 'koa';
import { PLUGIN_ID } from '../constants';
import type createLinkingPageController from '../controllers/linking-page';
import type createWebhookController from '../controllers/webhook';
import type createMcpController from '../controllers/mcp';
import type createMcpOAuthController from '../controllers/mcp-oauth';

type WebhookController = ReturnType<typeof createWebhookController>;
type LinkingPageController = ReturnType<typeof createLinkingPageController>;
type McpController = ReturnType<typeof createMcpController>;
type McpOAuthController = ReturnType<typeof createMcpOAuthController>;

// Public routes under /api/whatsapp-agent. The webhooks authenticate themselves (path token +
// the provider's signature); the member routes go through users-permissions like any content API route
// (the Authenticated role is granted them once at install, see bootstrap).
export const MEMBER_ACTIONS = [
  'plugin::whatsapp-agent.linkCodes.create',
  'plugin::whatsapp-agent.memberChannels.find',
  'plugin::whatsapp-agent.memberChannels.delete',
  'plugin::whatsapp-agent.memberChannels.findPreferences',
  'plugin::whatsapp-agent.memberChannels.updatePreferences',
  'plugin::whatsapp-agent.mcpTokens.create',
  'plugin::whatsapp-agent.mcpTokens.find',
  'plugin::whatsapp-agent.mcpTokens.delete',
];

/**
 * The public routes' handlers are functions, not `'webhook.inbound'` strings: Strapi lists a
 * controller action as a tickable permission in Users & Permissions exactly when a content-API
 * route names it by string (core's compose-endpoint tags it `content-api`), and a route that
 * authenticates itself (path token + signature) or serves a login page has nothing a role could
 * be granted.
 */
const webhook = (action: 'receive' | 'handshake' | 'notFound') => (ctx: Context) =>
  (strapi.plugin(PLUGIN_ID).controller('webhook') as unknown as WebhookController)[action](ctx);
const linkingPage = (action: 'page' | 'script' | 'qr') => (ctx: Context) =>
  (strapi.plugin(PLUGIN_ID).controller('linkingPage') as unknown as LinkingPageController)[action](ctx);
// The MCP endpoint authenticates its own bearer tokens (a member's personal token), answering a
// 401 with WWW-Authenticate as MCP clients expect.
const mcp = (ctx: Context) =>
  (strapi.plugin(PLUGIN_ID).controller('mcp') as unknown as McpController).handle(ctx);
// Its OAuth authorization server: clients and the consent page are anonymous by nature (the
// member signs in on the page itself), and the token endpoint authenticates the client by PKCE.
const mcpOAuth = (action: keyof McpOAuthController) => (ctx: Context) =>
  (strapi.plugin(PLUGIN_ID).controller('mcpOAuth') as unknown as McpOAuthController)[action](ctx);

export default {
  type: 'content-api' as const,
  routes: [
    { method: 'POST' as const, path: '/link-codes', handler: 'linkCodes.create', config: { policies: [] } },
    {
      method: 'GET' as const,
      path: '/channels/me',
      handler: 'memberChannels.find',
      config: { policies: [] },
    },
    {
      method: 'DELETE' as const,
      path: '/channels/me/:documentId',
      handler: 'memberChannels.delete',
      config: { policies: [] },
    },
    {
      method: 'GET' as const,
      path: '/channels/me/:documentId/preferences',
      handler: 'memberChannels.findPreferences',
      config: { policies: [] },
    },
    {
      method: 'PUT' as const,
      path: '/channels/me/:documentId/preferences',
      handler: 'memberChannels.updatePreferences',
      config: { policies: [] },
    },
    { method: 'POST' as const, path: '/mcp-tokens', handler: 'mcpTokens.create', config: { policies: [] } },
    { method: 'GET' as const, path: '/mcp-tokens', handler: 'mcpTokens.find', config: { policies: [] } },
    {
      method: 'DELETE' as const,
      path: '/mcp-tokens/:documentId',
      handler: 'mcpTokens.delete',
      config: { policies: [] },
    },
    ...(['POST', 'GET', 'DELETE'] as const).map((method) => ({
      method,
      path: '/mcp',
      handler: mcp,
      config: { auth: false as const, policies: [] },
    })),
    ...(
      [
        ['POST', '/oauth/register', 'register'],
        ['GET', '/oauth/authorize', 'authorizePage'],
        ['POST', '/oauth/authorize', 'authorizeDecision'],
        ['POST', '/oauth/token', 'token'],
        ['POST', '/oauth/revoke', 'revoke'],
      ] as const
    ).map(([method, path, action]) => ({
      method,
      path,
      handler: mcpOAuth(action),
      config: { auth: false as const, policies: [] },
    })),
    // The optional linking page (off by default: 404). Public like any login page; what it shows
    // comes from the member routes above, called by its script with the member's token.
    {
      method: 'GET' as const,
      path: '/link',
      handler: linkingPage('page'),
      config: { auth: false as const, policies: [] },
    },
    {
      method: 'GET' as const,
      path: '/link/app.js',
      handler: linkingPage('script'),
      config: { auth: false as const, policies: [] },
    },
    {
      method: 'POST' as const,
      path: '/link/qr',
      handler: linkingPage('qr'),
      config: { auth: false as const, policies: [] },
    },
    // One route per shape for every provider (channels/registry.ts): Twilio's message and
    // status URLs (`/webhooks/twilio/:token` and `…/status`) are these, unchanged.
    {
      method: 'POST' as const,
      path: '/webhooks/:provider/:token',
      handler: webhook('receive'),
      config: { auth: false as const, policies: [] },
    },
    {
      method: 'POST' as const,
      path: '/webhooks/:provider/:token/:endpoint',
      handler: webhook('receive'),
      config: { auth: false as const, policies: [] },
    },
    {
      method: 'GET' as const,
      path: '/webhooks/:provider/:token',
      handler: webhook('handshake'),
      config: { auth: false as const, policies: [] },
    },
    {
      // Any other POST under /webhooks answers like a wrong token does, so a probe cannot tell
      // a wrong token from a wrong path.
      method: 'POST' as const,
      path: '/webhooks/(.*)',
      handler: webhook('notFound'),
      config: { auth: false as const, policies: [] },
    },
  ],
};
