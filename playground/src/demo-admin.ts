import type { Core } from '@strapi/strapi';

/** The admin-panel login printed by `npm run demo` (playground only: never ship fixed credentials). */
export const DEMO_ADMIN = {
  email: 'admin@example.com',
  password: 'Admin-pass-2026!',
  firstname: 'Demo',
  lastname: 'Admin',
} as const;

/** Creates the demo super admin when the instance has no admin yet, so the panel opens without a sign-up step. */
export const ensureDemoAdmin = async (strapi: Core.Strapi) => {
  const users = strapi.service('admin::user');
  if (await users.exists()) return false;

  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  await users.create({
    ...DEMO_ADMIN,
    isActive: true,
    registrationToken: null,
    roles: superAdmin ? [superAdmin.id] : [],
  });
  return true;
};
