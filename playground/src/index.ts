import type { Core } from '@strapi/strapi';
import { ensureDemoAdmin } from './demo-admin';
import { seed } from './seed';

export default {
  register() {},

  /** Seeds the demo community and admin on first boot (skipped when PLAYGROUND_SEED=false). */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    if (process.env.PLAYGROUND_SEED === 'false') return;
    const summary = await seed(strapi);
    if (summary.created) {
      strapi.log.info(
        `[playground] Seeded ${summary.communities} communities, ${summary.members} members, ${summary.events} events, ${summary.users} demo users.`
      );
    }
    if (await ensureDemoAdmin(strapi)) strapi.log.info('[playground] Created the demo admin account.');
  },
};
