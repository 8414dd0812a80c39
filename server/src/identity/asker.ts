import type { Core } from '@strapi/strapi';
import type { CommunityRef } from '../admin-api';
import type { Asker } from '../agent/tools/collection-tool';
import { getService } from '../utils/get-service';
import { DEFAULT_COMMUNITY, toRefs } from './communities';
import { findProfilesOfUser } from './profiles-of-user';

/** The asker as the tools take it, plus their communities' names (for the prompt). */
export type TurnAsker = Asker & { communities: CommunityRef[] };

type Row = Record<string, unknown>;

/** Re-read at least this often: a member moved in another process shows within a minute. */
const ASKER_TTL_MS = 60_000;
const ASKERS_CACHED = 10_000;

/**
 * The asker of a turn: their own profile records and their communities, in one read of the
 * host's member collection (`member.contentType`, linked by `member.userAttribute`, community by
 * `member.communityAttribute` — the path the usage ledger bills by). Cached a minute per user;
 * any write to the member collection in this process forgets the cache at once.
 */
export const createAskerDirectory = (strapi: Core.Strapi) => {
  const known = new Map<number, { at: number; asker: Promise<TurnAsker> }>();

  const read = async (userId: number): Promise<TurnAsker> => {
    const { member } = getService(strapi, 'pluginConfig').get();
    if (!member.contentType) {
      return { userId, memberDocumentIds: [], communityKeys: ['default'], communities: [DEFAULT_COMMUNITY] };
    }
    const community = member.communityAttribute;
    const profiles: Row[] = await findProfilesOfUser(strapi, {
      contentType: member.contentType,
      userAttribute: member.userAttribute,
      userId,
      select: ['documentId'],
      populate: community
        ? { [community]: { select: ['documentId', member.communityNameAttribute] } }
        : undefined,
    });
    const refs = new Map<string, CommunityRef>();
    for (const profile of profiles)
      for (const ref of community ? toRefs(profile[community], member.communityNameAttribute) : [])
        refs.set(ref.key, ref);
    // A profile without a community (or no profile at all) is in `default`, as for billing.
    const orphan = profiles.length === 0 || profiles.some((profile) => !community || !profile[community]);
    if (orphan) refs.set(DEFAULT_COMMUNITY.key, DEFAULT_COMMUNITY);
    const communities = [...refs.values()].sort((a, b) => a.key.localeCompare(b.key));
    return {
      userId,
      memberDocumentIds: [...new Set(profiles.map((profile) => String(profile.documentId)))],
      communityKeys: communities.map((ref) => ref.key),
      communities,
    };
  };

  return {
    of(userId: number): Promise<TurnAsker> {
      const cached = known.get(userId);
      if (cached && Date.now() - cached.at < ASKER_TTL_MS) return cached.asker;
      const asker = read(userId);
      known.delete(userId);
      known.set(userId, { at: Date.now(), asker });
      if (known.size > ASKERS_CACHED) known.delete(known.keys().next().value!);
      // A failed read is not kept.
      asker.catch(() => known.delete(userId));
      return asker;
    },

    /** At bootstrap: a profile created, edited, moved or deleted here is seen at the next turn. */
    watchMembers() {
      const { member } = getService(strapi, 'pluginConfig').get();
      if (!member.contentType) return;
      const forget = async () => known.clear();
      strapi.db.lifecycles.subscribe({
        models: [member.contentType],
        afterCreate: forget,
        afterCreateMany: forget,
        afterUpdate: forget,
        afterUpdateMany: forget,
        afterDelete: forget,
        afterDeleteMany: forget,
      });
    },
  };
};

export type AskerDirectory = ReturnType<typeof createAskerDirectory>;
