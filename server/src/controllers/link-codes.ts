import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { LinkingError } from '../services/linking';
import { getService } from '../utils/get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** POST /api/whatsapp-agent/link-codes — a one-time phrase for the logged-in member. */
  async create(ctx: Context) {
    const user = ctx.state.user as { id: number } | undefined;
    if (!user) return ctx.unauthorized('Log in to link WhatsApp to your account');
    try {
      ctx.status = 201;
      ctx.body = await getService(strapi, 'linking').issue(user.id);
    } catch (error) {
      if (!(error instanceof LinkingError)) throw error;
      ctx.status = error.status;
      ctx.body = { data: null, error: { status: error.status, name: error.status === 429 ? 'RateLimitError' : 'ServiceUnavailableError', message: error.message, details: {} } };
    }
  },
});
