import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './constants';
import { MEMBER_ACTIONS } from './routes/content-api';

const PERMISSION = 'plugin::users-permissions.permission';
const GRANTED_KEY = 'memberPermissionsGranted';

/**
 * Lets logged-in members use the member routes: each action is granted to the Authenticated role
 * once, the first time this plugin runs with it (a new version's new route included). Afterwards
 * the admin owns the decision (Users & Permissions → Roles), and a removed grant stays removed.
 */
export const grantMemberPermissionsOnce = async (strapi: Core.Strapi) => {
  const store = strapi.store({ type: 'plugin', name: PLUGIN_ID });
  const stored = await store.get({ key: GRANTED_KEY });
  // Before per-action records, `true` meant: the first three actions were granted.
  const granted = new Set<string>(
    Array.isArray(stored) ? stored : stored === true ? MEMBER_ACTIONS.slice(0, 3) : []
  );
  const due = MEMBER_ACTIONS.filter((action) => !granted.has(action));
  if (due.length === 0) return;

  const authenticated = () =>
    strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  let role = await authenticated();
  if (!role) {
    // A new database, and this plugin bootstraps before users-permissions (it is listed first in
    // config/plugins.ts). Granting later would not do: users-permissions creates its default
    // permissions (Public's register and login) only while the table is empty. So let it set up
    // its roles and defaults now, with its own idempotent step it runs again at its bootstrap.
    await strapi.plugin('users-permissions').service('users-permissions').initialize();
    role = await authenticated();
  }
  if (!role) return;
  for (const action of due) {
    const exists = await strapi.db.query(PERMISSION).count({ where: { action, role: { id: role.id } } });
    if (!exists) await strapi.db.query(PERMISSION).create({ data: { action, role: role.id } });
    granted.add(action);
  }
  await store.set({ key: GRANTED_KEY, value: [...granted] });
};
