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

type RoleRef = { id: number; updatedAt?: unknown };

/** A role's ability is rebuilt at least this often, whatever else happens. */
const ABILITY_TTL_MS = 60_000;
const PERMISSION_MODELS = ['plugin::users-permissions.permission', 'plugin::users-permissions.role'];

/**
 * The auth the REST API builds for a member (users-permissions strategy): their role's
 * permissions as a content-API ability. Tools check and sanitize with it, so a tool sees what
 * `GET /api/...` with the member's own JWT would.
 *
 * Building it reads the role's permissions and compiles them: done once per role, not per turn.
 * A role saved in the admin panel changes its `updatedAt` (part of the key, so every instance
 * sees the change at the member's next message); a permission written in this process clears
 * the cache at once; anything else is picked up within a minute.
 */
export const createMemberAuth = (strapi: Core.Strapi) => {
  const abilities = new Map<string, { at: number; ability: Promise<Ability> }>();

  const build = async (roleId: number): Promise<Ability> => {
    const permissionService = strapi.plugin('users-permissions').service('permission');
    const permissions = await permissionService.findRolePermissions(roleId);
    return strapi.contentAPI.permissions.engine.generateAbility(
      permissions.map(permissionService.toContentAPIPermission)
    );
  };

  const abilityOf = (role: RoleRef): Promise<Ability> => {
    const key = `${role.id}:${String(role.updatedAt ?? '')}`;
    const known = abilities.get(key);
    if (known && Date.now() - known.at < ABILITY_TTL_MS) return known.ability;
    const ability = build(role.id);
    abilities.set(key, { at: Date.now(), ability });
    // A failed read is not kept.
    ability.catch(() => abilities.delete(key));
    return ability;
  };

  return {
    async of(user: { id: number; role?: RoleRef | null }): Promise<MemberAuth> {
      const ability = user.role
        ? await abilityOf(user.role)
        : await strapi.contentAPI.permissions.engine.generateAbility([]);
      return { strategy: { name: 'users-permissions' }, credentials: user, ability };
    },

    /** Forgets every ability when a role or permission changes in this process. */
    watchPermissions() {
      const clear = async () => abilities.clear();
      strapi.db.lifecycles.subscribe({
        models: PERMISSION_MODELS,
        afterCreate: clear,
        afterCreateMany: clear,
        afterUpdate: clear,
        afterUpdateMany: clear,
        afterDelete: clear,
        afterDeleteMany: clear,
      });
    },
  };
};

export type MemberAuthCache = ReturnType<typeof createMemberAuth>;
