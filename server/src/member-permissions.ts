import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './constants';
import { MEMBER_ACTIONS } from './routes/content-api';

const PERMISSION = 'plugin::users-permissions.permission';

/**
 * Lets logged-in members use the linking routes: granted to the Authenticated role once, when
 * the plugin is first installed. Afterwards the admin owns the decision (Users & Permissions →
 * Roles), and a removed grant stays removed.
 */
export const grantMemberPermissionsOnce = async (strapi: Core.Strapi) => {
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID });
  if (await store.get({ key: 'memberPermissionsGranted' })) return;

  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  if (!role) return;
  for (const action of MEMBER_ACTIONS) {
    const exists = await strapi.db.query(PERMISSION).count({ where: { action, role: { id: role.id } } });
    if (!exists) await strapi.db.query(PERMISSION).create({ data: { action, role: role.id } });
  }
  await store.set({ key: 'memberPermissionsGranted', value: true });
};
