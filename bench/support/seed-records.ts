import { COMMUNITIES } from '../../playground/src/seed/data/communities';
import { DEMO_PROFILES } from '../../playground/src/seed/data/demo-profiles';
import { buildEvents } from '../../playground/src/seed/events';
import {
  buildMembers,
  createUniques,
  reserve,
  sprinkleRareValues,
  type MemberData,
} from '../../playground/src/seed/members';
import { createRandom } from '../../playground/src/seed/random';
import { DEMO_USERS } from '../../playground/src/seed/users';

/** Must equal PRNG_SEED in playground/src/seed/index.ts (not exported there). */
const PRNG_SEED = 20260214;

export type SeededMember = MemberData & { community: string };
export type SeededEvent = { title: string; description: string; location: string; community: string };

/**
 * The records the playground's seed writes, generated the same way in the same order (pure, no
 * Strapi): what the search benchmark's labels are derived from. Event dates depend on the day
 * of the run; titles, descriptions and places do not.
 */
export const seededRecords = () => {
  const rng = createRandom(PRNG_SEED);
  const demo: SeededMember[] = DEMO_USERS.map((user) => ({
    displayName: user.displayName,
    email: user.email,
    community: user.community,
    ...DEMO_PROFILES[user.email],
  }));
  const uniques = createUniques();
  demo.forEach((profile) => reserve(uniques, profile));
  const generated = COMMUNITIES.map((spec) =>
    buildMembers(rng, spec.slug, spec.generatedMembers, uniques).map((member) =>
      Object.assign(member, { community: spec.slug })
    )
  );
  sprinkleRareValues(rng, generated.flat(), uniques);
  const events: SeededEvent[] = COMMUNITIES.flatMap((spec) =>
    buildEvents(rng, spec.slug, spec.events, new Date()).map(({ title, description, location }) => ({
      title,
      description,
      location,
      community: spec.slug,
    }))
  );
  return { members: [...demo, ...generated.flat()] as SeededMember[], events };
};
