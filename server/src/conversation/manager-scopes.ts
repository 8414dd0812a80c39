import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { PLUGIN_ID } from '../constants';

/**
 * Which communities an admin user manages (admin user id → community keys). An admin without an
 * entry is not limited; one with an entry sees and answers only those communities' conversations
 * (inbox, conversation view, admin API). Kept in the plugin store, read per request: every
 * instance sees a change at once.
 */
export const managerScopesSchema = z
  .array(
    z
      .object({
        adminUserId: z.number().int().positive(),
        communities: z.array(z.string().trim().min(1).max(200)).max(200),
      })
      .strict()
  )
  .max(1_000)
  .refine((scopes) => new Set(scopes.map((scope) => scope.adminUserId)).size === scopes.length, {
    message: 'each admin user once',
  });

export type ManagerScopes = z.infer<typeof managerScopesSchema>;

export const createManagerScopes = (strapi: Core.Strapi) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID });
  const KEY = 'manager-scopes';

  const scopes = {
    async all(): Promise<ManagerScopes> {
      const parsed = managerScopesSchema.safeParse((await store().get({ key: KEY })) ?? []);
      return parsed.success ? parsed.data : [];
    },

    async save(next: ManagerScopes) {
      await store().set({ key: KEY, value: next });
    },

    /** The communities this admin user may see, or undefined when they are not limited. */
    async of(adminUserId: number): Promise<string[] | undefined> {
      return (await scopes.all()).find((scope) => scope.adminUserId === adminUserId)?.communities;
    },

    /** The admin users limited to (among others) this community: who is told of a request. */
    async managersOf(community: string): Promise<number[]> {
      return (await scopes.all())
        .filter((scope) => scope.communities.includes(community))
        .map((scope) => scope.adminUserId);
    },
  };
  return scopes;
};

export type ManagerScopesStore = ReturnType<typeof createManagerScopes>;
