import type { Core } from '@strapi/strapi';

const PERMISSION_UID = 'plugin::users-permissions.permission';

/** What a logged-in member may do: read the community, and answer invitations. */
export const AUTHENTICATED_ACTIONS: ReadonlyArray<string> = [
  'api::member.member.find',
  'api::member.member.findOne',
  'api::event.event.find',
  'api::event.event.findOne',
  'api::community.community.find',
  'api::community.community.findOne',
  // The RSVP routes: a member answers for themself (the route takes the user from the token).
  'api::event.rsvp.rsvp',
  'api::event.rsvp.mine',
];

/**
 * Same storage users-permissions' own role service uses (one row per action with a `role`
 * relation), so the admin "Roles" screen shows these boxes ticked. Existing rows are left alone.
 */
export const grantActions = async (
  strapi: Core.Strapi,
  roleId: number,
  actions: ReadonlyArray<string> = AUTHENTICATED_ACTIONS
): Promise<number> => {
  const existing: Array<{ action: string }> = await strapi.db.query(PERMISSION_UID).findMany({
    select: ['action'],
    where: { action: { $in: [...actions] }, role: { id: roleId } },
  });
  const have = new Set(existing.map((p) => p.action));
  const missing = actions.filter((action) => !have.has(action));
  for (const action of missing) {
    // create (not createMany) because the role link lives in a join table createMany skips.
    await strapi.db.query(PERMISSION_UID).create({ data: { action, role: roleId } });
  }
  return missing.length;
};
