import type { Core } from '@strapi/strapi';
import { oauthWellKnownMiddleware } from './mcp/oauth/well-known';
import { rawBodyMiddleware } from './middlewares/raw-body';
import { webhookEarlyAckMiddleware } from './middlewares/webhook-early-ack';
import { indexSessions } from './session-indexes';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // Before the host's own middlewares (they are mounted at bootstrap): Meta's webhook signature
  // needs the body's bytes, which Strapi's body parser would consume. Sessions, queues and tools
  // are wired in bootstrap, once the database is there.
  strapi.server.use(rawBodyMiddleware());
  // Provider webhooks a route would accept are answered before the host's middleware stack
  // (middlewares/webhook-early-ack.ts); everything else is handed on to the routes.
  strapi.server.use(webhookEarlyAckMiddleware(strapi));
  // The MCP endpoint's OAuth discovery documents live at the host's root, where no route can be.
  strapi.server.use(oauthWellKnownMiddleware(strapi));
  indexSessions(strapi);
};

export default register;
