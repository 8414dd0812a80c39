import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { getService } from '../../utils/get-service';
import { authorizationServerMetadata, oauthUrls, protectedResourceMetadata } from './metadata';

/**
 * Serves the two discovery documents where the RFCs put them, at the host's root
 * (`/.well-known/…`), which no plugin route can reach (content-API routes live under `/api`).
 * Registered by the plugin's `register`, before the host's middlewares; anything else, and
 * everything while the MCP endpoint is off, passes through untouched (a 404 as before). Open to
 * any origin: browser-based MCP clients read them too.
 */
export const oauthWellKnownMiddleware = (strapi: Core.Strapi) => async (ctx: Context, next: Next) => {
  if (!ctx.path.startsWith('/.well-known/oauth-')) return next();
  if (ctx.method !== 'GET' && ctx.method !== 'OPTIONS') return next();
  if (!getService(strapi, 'settings').mcp().enabled) return next();
  const urls = oauthUrls(strapi);
  const document =
    ctx.path === new URL(urls.resourceMetadata).pathname
      ? protectedResourceMetadata(urls)
      : ctx.path === new URL(urls.authorizationServerMetadata).pathname
        ? authorizationServerMetadata(urls)
        : null;
  if (!document) return next();
  ctx.set('Access-Control-Allow-Origin', '*');
  if (ctx.method === 'OPTIONS') {
    ctx.set('Access-Control-Allow-Methods', 'GET');
    ctx.set('Access-Control-Allow-Headers', 'mcp-protocol-version');
    ctx.status = 204;
    return undefined;
  }
  ctx.set('Cache-Control', 'public, max-age=300');
  ctx.body = document;
  return undefined;
};
