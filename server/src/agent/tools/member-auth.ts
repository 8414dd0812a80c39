import type { Core } from '@strapi/strapi';

type Ability = Awaited<ReturnType<Core.Strapi['contentAPI']['permissions']['engine']['generateAbility']>>;

export type MemberAuth = {
  strategy: { name: 'users-permissions' };
  credentials: Record<string, unknown>;
  ability: Ability;
};

/** The check a content-API route makes for its scope, e.g. `api::event.event.find`. */
export const can = (auth: MemberAuth, action: string) =>
  (auth.ability.can as (action: string) => boolean)(action);

/**
 * The auth the REST API builds for this member (users-permissions strategy): their role's
 * permissions as a content-API ability. Tools check and sanitize with it, so a tool sees what
 * `GET /api/...` with the member's own JWT would.
 */
export const memberAuth = async (
  strapi: Core.Strapi,
  user: { id: number; role?: { id: number } }
): Promise<MemberAuth> => {
  const permissionService = strapi.plugin('users-permissions').service('permission');
  const permissions = user.role ? await permissionService.findRolePermissions(user.role.id) : [];
  const ability = await strapi.contentAPI.permissions.engine.generateAbility(
    permissions.map(permissionService.toContentAPIPermission)
  );
  return { strategy: { name: 'users-permissions' }, credentials: user, ability };
};
