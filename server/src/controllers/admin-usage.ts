import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { CommunitySummary, UsageReport } from '../admin-api';
import { ACTION } from '../permissions';
import { monthParam } from '../usage/month-param';
import { getService } from '../utils/get-service';
import { may, requireAbility } from '../utils/require-ability';

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** The usage dashboard and the billing API: usage per community and month, statements, plans. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const usage = () => getService(strapi, 'usage');

  return {
    /** GET /usage?community=<key|all>&month=YYYY-MM */
    async report(ctx: Context) {
      const data: UsageReport = await usage().usageReport({
        period: monthParam(ctx.query.month),
        community: text(ctx.query.community),
      });
      ctx.body = { data };
    },

    /** GET /usage.csv?month=YYYY-MM[&by=day]: a file a spreadsheet or a billing system reads. */
    async statement(ctx: Context) {
      const byDay = ctx.query.by === 'day';
      const { month, csv } = await usage().statement({ period: monthParam(ctx.query.month), byDay });
      ctx.type = 'text/csv; charset=utf-8';
      ctx.attachment(`whatsapp-agent-usage-${month}${byDay ? '-daily' : ''}.csv`);
      ctx.body = csv;
    },

    /** GET /communities */
    async communities(ctx: Context) {
      const data: CommunitySummary[] = await usage().communities();
      ctx.body = { data };
    },

    /**
     * PUT /communities/:key/plan. The community's figures come back only to an admin who may see
     * usage: "Change settings" alone learns that the plan was saved (204), as with PUT /settings.
     */
    async setPlan(ctx: Context) {
      requireAbility(ctx, ACTION.settingsUpdate);
      const key = String(ctx.params.key);
      await usage().setPlan(key, ctx.request.body);
      if (may(ctx, ACTION.usageRead)) ctx.body = { data: await usage().community(key) };
      else ctx.status = 204;
    },
  };
};
