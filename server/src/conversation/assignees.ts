import type { Core } from '@strapi/strapi';
import { ACTION } from '../permissions';
import type { ManagerScopesStore } from './manager-scopes';
import { managerActor, type Manager } from './service';

/** Strapi's built-in role that holds every action, whether or not a permission row says so. */
const SUPER_ADMIN_ROLE = 'strapi-super-admin';

/**
 * Whom a conversation can be given to: active admin users who may answer it, i.e. whose role
 * holds `conversations.reply` (or who are super admins) and who are not limited to other
 * communities. Read from the database on each call: a role or scope changed in another process
 * counts at once.
 */
export const createAssignees = (strapi: Core.Strapi, scopes: ManagerScopesStore) => {
  const replyRoles = async () => {
    const permissions = (await strapi.db.query('admin::permission').findMany({
      where: { action: ACTION.conversationsReply },
      populate: { role: { select: ['id'] } },
    })) as Array<{ role: { id: number } | null }>;
    return [...new Set(permissions.flatMap((permission) => (permission.role ? [permission.role.id] : [])))];
  };

  const of = async (community?: string) => {
    const users = (await strapi.db.query('admin::user').findMany({
      select: ['id', 'firstname', 'lastname'],
      where: {
        isActive: true,
        roles: { $or: [{ id: { $in: await replyRoles() } }, { code: SUPER_ADMIN_ROLE }] },
      },
      orderBy: { firstname: 'asc' },
      limit: 500,
    })) as Array<Manager & { id: number }>;
    const limitedElsewhere = new Set(
      (await scopes.all())
        .filter((scope) => community !== undefined && !scope.communities.includes(community))
        .map((scope) => scope.adminUserId)
    );
    return users
      .filter((user) => !limitedElsewhere.has(user.id))
      .map((user) => ({ id: user.id, name: managerActor(user).name }));
  };

  return {
    /** The admin users who may answer a conversation of this community (any community: all of them), by first name. */
    of,
    async mayTake(adminUserId: number, community: string) {
      return (await of(community)).some((user) => user.id === adminUserId);
    },
  };
};
