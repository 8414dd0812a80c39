import type { ChannelRepository } from '../repositories/channel';

/**
 * A per-channel lease in the database: one worker (of any Strapi instance) processes a
 * conversation at a time. A lease that is not renewed expires, so a crashed worker's channel
 * is taken over after `ttlMs`.
 */
export const createChannelLease = ({
  channels,
  owner,
  ttlMs,
}: {
  channels: ChannelRepository;
  owner: string;
  ttlMs: () => number;
}) => ({
  acquire: (channelId: number) => channels.acquireLease(channelId, owner, ttlMs()),
  renew: (channelId: number) => channels.renewLease(channelId, owner, ttlMs()),
  release: (channelId: number) => channels.releaseLease(channelId, owner),
});

export type ChannelLease = ReturnType<typeof createChannelLease>;
