import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { deepLinkQrSvg, isDeepLinkTo, qrRequestSchema } from '../linking-page/qr';
import { linkingPage, linkingPagePolicy } from '../linking-page/page';
import { LINKING_PAGE_SCRIPT } from '../linking-page/script';
import { getService } from '../utils/get-service';
import { describeIssues, zodIssues } from '../utils/zod-issues';

/**
 * The optional, ready-made linking page (`linkingPage.enabled`, off by default): GET /link (the
 * page), GET /link/app.js (its code), POST /link/qr (the QR code of a deep link). Off, all three
 * answer 404 as if they did not exist. The page only calls the public member API.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'pluginConfig').get().linkingPage;
  const requireEnabled = () => {
    if (!settings().enabled) throw new errors.NotFoundError('Not Found');
  };

  return {
    async page(ctx: Context) {
      requireEnabled();
      const { enabled: _enabled, ...theme } = settings();
      const { html, styleHash } = linkingPage({
        theme,
        apiPrefix: strapi.config.get<string>('api.rest.prefix', '/api'),
      });
      // Replaces the security middleware's policy for this page only (set before the handler runs).
      ctx.set('Content-Security-Policy', linkingPagePolicy({ theme, styleHash }));
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = html;
    },

    async script(ctx: Context) {
      requireEnabled();
      ctx.type = 'application/javascript; charset=utf-8';
      ctx.body = LINKING_PAGE_SCRIPT;
    },

    async qr(ctx: Context) {
      requireEnabled();
      const parsed = qrRequestSchema.safeParse(ctx.request.body ?? {});
      if (!parsed.success)
        throw new errors.ValidationError(describeIssues(zodIssues(parsed.error)), {
          errors: zodIssues(parsed.error),
        });
      // Any of our WhatsApp numbers: each community's phrase names its own.
      const numbers = await getService(strapi, 'senders').whatsappNumbers();
      if (!numbers.some((number) => isDeepLinkTo(parsed.data.deepLink, number)))
        throw new errors.ValidationError(
          "deepLink must be the wa.me link of this community's WhatsApp number"
        );
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'image/svg+xml';
      ctx.body = await deepLinkQrSvg(parsed.data.deepLink);
    },
  };
};
