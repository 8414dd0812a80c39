import type { Core } from '@strapi/strapi';
import { USER_UID } from '../constants';
import { createRepositories } from '../repositories';
import { createHandoffRepository } from '../repositories/handoff';
import type { Channel } from '../repositories/channel';
import { sessionDeviceId } from './session-device';

type Traces = { channels: Channel[]; linkCodeIds: number[]; mcpTokenIds: number[]; oauthGrantIds: number[] };

/**
 * Deleting a member (admin panel, API, users-permissions service) deletes what this plugin
 * keeps about them: their channels with the conversation history, every message in and out of
 * those channels (pending ones are never answered), the actions they were asked to confirm,
 * their linking phrases, their assistants' (MCP) tokens and OAuth grants; their channel
 * sessions are revoked. Usage records stay: they hold counts and costs, no content. What
 * belongs to them is found before the delete, while the relations to the user still exist.
 */
export const registerUserCleanup = (strapi: Core.Strapi) => {
  const repositories = createRepositories(strapi);

  const collect = async (where: unknown): Promise<Traces> => {
    // The users about to be deleted, by the delete's own filter (users-permissions' table).
    const users = await strapi.db
      .query(USER_UID)
      .findMany({ select: ['id'], where: where as Record<string, unknown> });
    const userIds = users.map((user) => Number(user.id));
    return {
      channels: await repositories.channels.listOfUsers(userIds),
      linkCodeIds: await repositories.linkCodes.idsOfUsers(userIds),
      mcpTokenIds: await repositories.mcpTokens.idsOfUsers(userIds),
      oauthGrantIds: await repositories.oauthGrants.idsOfUsers(userIds),
    };
  };

  const forget = async ({ channels, linkCodeIds, mcpTokenIds, oauthGrantIds }: Traces) => {
    for (const channel of channels) {
      if (channel.user)
        await strapi
          .sessionManager('users-permissions')
          .invalidateRefreshToken(String(channel.user.id), sessionDeviceId(channel));
    }
    const channelIds = channels.map((channel) => channel.id);
    await repositories.inbound.deleteOfChannels(channelIds);
    await repositories.outbound.deleteOfChannels(channelIds);
    await repositories.pendingActions.deleteOfChannels(channelIds);
    await repositories.proactive.deleteOfChannels(channelIds);
    await createHandoffRepository(strapi).deleteOfChannels(channelIds);
    await repositories.channels.deleteByIds(channelIds);
    await repositories.linkCodes.deleteByIds(linkCodeIds);
    await repositories.mcpTokens.deleteByIds(mcpTokenIds);
    await repositories.oauthGrants.deleteByIds(oauthGrantIds);
  };

  const before = async (event: { params: { where?: unknown }; state: Record<string, unknown> }) => {
    event.state.whatsappAgentTraces = await collect(event.params.where);
  };
  const after = async (event: { state: Record<string, unknown> }) => {
    const traces = event.state.whatsappAgentTraces as Traces | undefined;
    if (traces) await forget(traces);
  };

  strapi.db.lifecycles.subscribe({
    models: [USER_UID],
    beforeDelete: before,
    afterDelete: after,
    beforeDeleteMany: before,
    afterDeleteMany: after,
  });
};
