import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import { TooManyTokensError } from '../mcp/tokens';
import { getService } from '../utils/get-service';

const createBody = z.object({ name: z.string().trim().min(1).max(60) }).strict();

/**
 * The logged-in member's personal tokens for their own AI assistant (MCP), like link codes:
 * POST creates one (its value is shown once), GET lists them (name, last 4 characters, when
 * created and last used), DELETE revokes one with its session.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tokens = () => getService(strapi, 'mcpTokens');
  const member = (ctx: Context) => {
    const user = ctx.state.user as { id: number } | undefined;
    // Not errors.UnauthorizedError: Strapi replaces its message on content-API routes.
    if (!user) return ctx.throw(401, 'Log in to manage your assistant tokens');
    return user;
  };

  return {
    /** POST /api/whatsapp-agent/mcp-tokens { name } */
    async create(ctx: Context) {
      const user = member(ctx);
      const body = createBody.safeParse(ctx.request.body ?? {});
      if (!body.success)
        throw new errors.ValidationError('Give the token a name of 1 to 60 characters, e.g. "Claude"');
      try {
        ctx.status = 201;
        ctx.body = { data: await tokens().issue(user.id, body.data.name) };
      } catch (error) {
        if (error instanceof TooManyTokensError) throw new errors.ValidationError(error.message);
        throw error;
      }
    },

    /** GET /api/whatsapp-agent/mcp-tokens */
    async find(ctx: Context) {
      ctx.body = { data: await tokens().list(member(ctx).id) };
    },

    /** DELETE /api/whatsapp-agent/mcp-tokens/:documentId */
    async delete(ctx: Context) {
      const revoked = await tokens().revoke(member(ctx).id, String(ctx.params.documentId));
      if (!revoked) throw new errors.NotFoundError('You have no such token');
      ctx.status = 204;
    },
  };
};
