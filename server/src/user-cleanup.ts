import type { Core } from '@strapi/strapi';
import { uid } from './plugin-id';

const USER = 'plugin::users-permissions.user';

type Traces = { channels: Array<{ id: number; kind: string; address: string; userId: number }>; linkCodeIds: number[] };

/**
 * Deleting a member (admin panel, API, users-permissions service) deletes what this plugin
 * keeps about them: their channels with the conversation history, every message in and out of
 * those channels (pending ones are never answered), and their linking phrases; their channel
 * sessions are revoked. Usage records stay: they hold counts and costs, no content. What belongs to them is found
 * before the delete, while the relations to the user still exist.
 */
export const registerUserCleanup = (strapi: Core.Strapi) => {
  const collect = async (where: unknown): Promise<Traces> => {
    const userIds = (await strapi.db.query(USER).findMany({ select: ['id'], where: where as never })).map((user) => user.id as number);
    if (userIds.length === 0) return { channels: [], linkCodeIds: [] };
    const channels = await strapi.db.query(uid('channel')).findMany({ where: { user: { id: { $in: userIds } } }, populate: ['user'] });
    const codes = await strapi.db.query(uid('link-code')).findMany({ select: ['id'], where: { user: { id: { $in: userIds } } } });
    return {
      channels: channels.map((channel) => ({ id: channel.id, kind: channel.kind, address: channel.address, userId: channel.user.id })),
      linkCodeIds: codes.map((code) => code.id as number),
    };
  };

  const forget = async ({ channels, linkCodeIds }: Traces) => {
    for (const channel of channels) {
      await strapi.sessionManager('users-permissions').invalidateRefreshToken(String(channel.userId), `${channel.kind}:${channel.address}`);
    }
    const channelIds = channels.map((channel) => channel.id);
    if (channelIds.length > 0) {
      await strapi.db.query(uid('inbound-message')).deleteMany({ where: { channelId: { $in: channelIds } } });
      await strapi.db.query(uid('outbound-message')).deleteMany({ where: { channelId: { $in: channelIds } } });
      await strapi.db.query(uid('channel')).deleteMany({ where: { id: { $in: channelIds } } });
    }
    if (linkCodeIds.length > 0) await strapi.db.query(uid('link-code')).deleteMany({ where: { id: { $in: linkCodeIds } } });
  };

  const before = async (event: { params: { where?: unknown }; state: Record<string, unknown> }) => {
    event.state.whatsappAgentTraces = await collect(event.params.where);
  };
  const after = async (event: { state: Record<string, unknown> }) => {
    const traces = event.state.whatsappAgentTraces as Traces | undefined;
    if (traces) await forget(traces);
  };

  strapi.db.lifecycles.subscribe({ models: [USER], beforeDelete: before, afterDelete: after, beforeDeleteMany: before, afterDeleteMany: after });
};
