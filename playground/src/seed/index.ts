import type { Core } from '@strapi/strapi';
import { createRandom } from './random';
import { COMMUNITIES } from './data/communities';
import { buildMembers, createUniques, reserve, sprinkleRareValues, type MemberData } from './members';
import { buildEvents } from './events';
import { countDemoUsers, createDemoUsers, DEMO_USERS, findAuthenticatedRole } from './users';
import { DEMO_PROFILES } from './data/demo-profiles';
import { grantActions } from './permissions';
import {
  COMMUNITY_UID,
  EVENT_UID,
  MEMBER_UID,
  createCommunity,
  createLinkedMember,
  insertMany,
  insertPublished,
  linkToCommunity,
} from './persist';

export { DEMO_PASSWORD, DEMO_USERS } from './users';
export type { DemoUser } from './users';

export type SeedSummary = {
  created: boolean;
  communities: number;
  members: number;
  events: number;
  users: number;
};

/** Changing this changes every generated profile and event; tests may depend on the data. */
const PRNG_SEED = 20260214;

/** Interests are stored as one comma-separated text, so the REST API (and the agent) can filter on them. */
const asRow = <T extends { interests: string[] }>(member: T) => ({
  ...member,
  interests: member.interests.join(', '),
});

const countAll = async (strapi: Core.Strapi, created: boolean): Promise<SeedSummary> => ({
  created,
  communities: await strapi.db.query(COMMUNITY_UID).count(),
  members: await strapi.db.query(MEMBER_UID).count(),
  events: await strapi.db.query(EVENT_UID).count({ where: { publishedAt: { $notNull: true } } }),
  users: await countDemoUsers(strapi),
});

/**
 * Seeds the demo communities, members, events, demo users and Authenticated read permissions.
 * Does nothing if any community exists, so it is safe to call on every boot and in every test.
 */
export async function seed(strapi: Core.Strapi, options: { now?: Date } = {}): Promise<SeedSummary> {
  // Every boot, not only the first: a demo database from before a new route gets it too.
  const role = await findAuthenticatedRole(strapi);
  await grantActions(strapi, role.id);
  if ((await strapi.db.query(COMMUNITY_UID).count()) > 0) return countAll(strapi, false);

  const now = options.now ?? new Date();
  const rng = createRandom(PRNG_SEED);

  // Generate everything up front (pure, deterministic), then write it.
  const demoProfiles: MemberData[] = DEMO_USERS.map((demo) => {
    const profile = DEMO_PROFILES[demo.email];
    if (!profile) throw new Error(`No demo profile for ${demo.email}`);
    return { displayName: demo.displayName, email: demo.email, ...profile };
  });
  const uniques = createUniques();
  demoProfiles.forEach((profile) => reserve(uniques, profile));
  const generated = new Map<string, MemberData[]>();
  for (const spec of COMMUNITIES) {
    generated.set(spec.slug, buildMembers(rng, spec.slug, spec.generatedMembers, uniques));
  }
  sprinkleRareValues(rng, [...generated.values()].flat(), uniques);
  const events = new Map(
    COMMUNITIES.map((spec) => [spec.slug, buildEvents(rng, spec.slug, spec.events, now)])
  );

  // One transaction: a failed seed leaves no community behind, so the next boot retries cleanly
  // (and on SQLite a single commit is much faster than hundreds of implicit ones).
  await strapi.db.transaction(async () => {
    const users = await createDemoUsers(strapi, role.id);
    const demoMemberIds = new Map<string, number[]>();
    for (const [i, demo] of DEMO_USERS.entries()) {
      const id = await createLinkedMember(strapi, asRow(demoProfiles[i]), users[i].id);
      demoMemberIds.set(demo.community, [...(demoMemberIds.get(demo.community) ?? []), id]);
    }

    for (const spec of COMMUNITIES) {
      const community = await createCommunity(strapi, { name: spec.name, slug: spec.slug });
      // Separate inserts per community, so no reliance on the order RETURNING gives ids back.
      const memberIds = await insertMany(strapi, MEMBER_UID, (generated.get(spec.slug) ?? []).map(asRow));
      const eventIds = await insertPublished(strapi, EVENT_UID, events.get(spec.slug) ?? []);
      await linkToCommunity(strapi, community.id, 'members', [
        ...(demoMemberIds.get(spec.slug) ?? []),
        ...memberIds,
      ]);
      await linkToCommunity(strapi, community.id, 'events', eventIds);
    }
  });

  return countAll(strapi, true);
}
