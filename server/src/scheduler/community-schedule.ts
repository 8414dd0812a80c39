import type { PluginConfig } from '../settings/plugin-config-schema';

type Digest = PluginConfig['proactive']['digest'];

/** A community's digest schedule: its own entry over the defaults (`proactive.digest`); null: the defaults. */
export const digestScheduleOf = (digest: Digest, community: string | null) => {
  const own = (community !== null && digest.communities[community]) || {};
  return {
    enabled: own.enabled ?? digest.enabled,
    day: own.day ?? digest.day,
    hour: own.hour ?? digest.hour,
    timeZone: own.timeZone ?? digest.timeZone,
  };
};

/** The time zone dates are written in for a community's members. */
export const timeZoneOf = (digest: Digest, community: string) => digestScheduleOf(digest, community).timeZone;
