import { errors } from '@strapi/utils';
import type { Context } from 'koa';

type Ability = { can: (action: string) => boolean };

/** The admin's ability as Strapi's admin auth put it on the request (none: not an admin request). */
const abilityOf = (ctx: Context): Ability | undefined => {
  const ability = (ctx.state as { userAbility?: unknown }).userAbility;
  return ability && typeof (ability as Ability).can === 'function' ? (ability as Ability) : undefined;
};

/** Whether the admin behind the request may do `action` (false without an admin ability). */
export const may = (ctx: Context, action: string) => abilityOf(ctx)?.can(action) ?? false;

/**
 * A write handler's own check of the exact action, as Strapi's i18n and upload controllers do:
 * the route's policy is not the only guard, so a host that mounts the handler on another route
 * (or a policy set changed by mistake) cannot make it write for an admin without the permission.
 */
export const requireAbility = (ctx: Context, action: string) => {
  if (!may(ctx, action))
    throw new errors.ForbiddenError(
      'You may not do this: ask an administrator for this WhatsApp agent permission (Settings → Roles)'
    );
};
