import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { USER_UID } from '../../constants';

const storedUser = z.object({
  id: z.union([z.number(), z.string()]).transform(Number),
  password: z.string().nullish(),
  confirmed: z.boolean().nullish(),
  blocked: z.boolean().nullish(),
});

/**
 * The member's usual credentials, checked the way users-permissions' own `POST /api/auth/local`
 * checks them (local provider, email or username, its password hashing, email confirmation when
 * required, not blocked), so the consent page lets in exactly who the site's login does.
 * The answer is the user's id or the sentence to show.
 */
export const checkMemberLogin = async (
  strapi: Core.Strapi,
  identifier: string,
  password: string
): Promise<{ userId: number } | { error: string }> => {
  const wrong = { error: 'Wrong email or password' };
  const store = strapi.store({ type: 'plugin', name: 'users-permissions' });
  const grant = (await store.get({ key: 'grant' })) as { email?: { enabled?: boolean } } | null;
  if (grant?.email?.enabled === false)
    return { error: 'Signing in with a password is disabled on this site' };
  const row = await strapi.db.query(USER_UID).findOne({
    where: { provider: 'local', $or: [{ email: identifier.toLowerCase() }, { username: identifier }] },
  });
  const user = storedUser.safeParse(row);
  if (!user.success || !user.data.password) return wrong;
  const valid = await strapi
    .plugin('users-permissions')
    .service('user')
    .validatePassword(password, user.data.password);
  if (!valid) return wrong;
  const advanced = (await store.get({ key: 'advanced' })) as { email_confirmation?: boolean } | null;
  if (advanced?.email_confirmation && user.data.confirmed !== true)
    return { error: 'Your account email is not confirmed: confirm it first' };
  if (user.data.blocked === true) return { error: 'Your account has been blocked by an administrator' };
  return { userId: user.data.id };
};
