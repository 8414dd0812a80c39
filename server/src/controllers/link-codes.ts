import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { LinkingUnavailableError } from '../identity/linking';
import { answerError } from '../utils/answer-error';
import { getService } from '../utils/get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /api/whatsapp-agent/link-codes — a one-time phrase for the logged-in member. */
  async create(ctx: Context) {
    const user = ctx.state.user as { id: number } | undefined;
    // Not errors.UnauthorizedError: Strapi replaces its message on content-API routes.
    if (!user) return ctx.throw(401, 'Log in to link WhatsApp to your account');
    try {
      const code = await getService(strapi, 'linking').issue(user.id);
      ctx.status = 201;
      ctx.body = code;
    } catch (error) {
      if (error instanceof LinkingUnavailableError)
        return answerError(ctx, 503, 'ServiceUnavailableError', error.message);
      throw error;
    }
  },
});
