import type { Core } from '@strapi/strapi';

export type DemoUser = {
  username: string;
  email: string;
  password: string;
  displayName: string;
  /** Slug of the community the user's member profile belongs to. */
  community: string;
};

/** Documented in the README; shared so demos and tests can log in as anyone. */
export const DEMO_PASSWORD = 'Demo-pass-2026!';

export const DEMO_USERS: ReadonlyArray<DemoUser> = [
  {
    username: 'ada',
    email: 'ada@example.com',
    password: DEMO_PASSWORD,
    displayName: 'Ada Lovelace',
    community: 'climate-builders',
  },
  {
    username: 'ben',
    email: 'ben@example.com',
    password: DEMO_PASSWORD,
    displayName: 'Ben Okafor',
    community: 'open-source-makers',
  },
  {
    username: 'chloe',
    email: 'chloe@example.com',
    password: DEMO_PASSWORD,
    displayName: 'Chloé Martin',
    community: 'climate-builders',
  },
];

export type CreatedUser = { id: number; documentId: string; email: string };

const ROLE_UID = 'plugin::users-permissions.role';
const USER_UID = 'plugin::users-permissions.user';

export const findAuthenticatedRole = async (strapi: Core.Strapi): Promise<{ id: number }> => {
  const role = await strapi.db.query(ROLE_UID).findOne({ where: { type: 'authenticated' } });
  // users-permissions creates this role in its own bootstrap, which runs before the app's.
  if (!role) throw new Error('users-permissions "authenticated" role not found; is the plugin enabled?');
  return role;
};

/**
 * Goes through the users-permissions user service (Document Service underneath) so the password
 * is bcrypt-hashed exactly the way /api/auth/local verifies it.
 */
export const createDemoUsers = async (strapi: Core.Strapi, roleId: number): Promise<CreatedUser[]> => {
  const userService = strapi.plugin('users-permissions').service('user');
  const created: CreatedUser[] = [];
  for (const demo of DEMO_USERS) {
    const user = await userService.add({
      username: demo.username,
      email: demo.email,
      password: demo.password,
      provider: 'local',
      confirmed: true,
      blocked: false,
      role: roleId,
    });
    created.push({ id: user.id, documentId: user.documentId, email: user.email });
  }
  return created;
};

export const countDemoUsers = (strapi: Core.Strapi) =>
  strapi.db.query(USER_UID).count({ where: { email: { $in: DEMO_USERS.map((u) => u.email) } } });
