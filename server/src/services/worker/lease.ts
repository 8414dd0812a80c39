import type { Core } from '@strapi/strapi';
import { uid } from '../../plugin-id';

const CHANNEL = uid('channel');

/**
 * A per-channel lease in the database: one worker (of any Strapi instance) processes a
 * conversation at a time. A lease that is not renewed expires, so a crashed worker's channel
 * is taken over after `ttlMs`.
 */
export const createChannelLease = ({ strapi, owner, ttlMs }: { strapi: Core.Strapi; owner: string; ttlMs: number }) => ({
  async acquire(channelId: number): Promise<boolean> {
    const now = new Date();
    const { count } = await strapi.db.query(CHANNEL).updateMany({
      where: { id: channelId, $or: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseExpiresAt: { $lt: now } }] },
      data: { leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + ttlMs) },
    });
    return count === 1;
  },

  async renew(channelId: number): Promise<boolean> {
    const { count } = await strapi.db.query(CHANNEL).updateMany({
      where: { id: channelId, leaseOwner: owner },
      data: { leaseExpiresAt: new Date(Date.now() + ttlMs) },
    });
    return count === 1;
  },

  async release(channelId: number) {
    await strapi.db.query(CHANNEL).updateMany({ where: { id: channelId, leaseOwner: owner }, data: { leaseOwner: null, leaseExpiresAt: null } });
  },
});

export type ChannelLease = ReturnType<typeof createChannelLease>;
