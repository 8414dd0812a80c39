import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { maskPhone } from '../identity/mask';
import { createRepositories } from '../repositories';
import { getService } from '../utils/get-service';

/** The logged-in member's own linked channels: see them, unlink them. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const { channels } = createRepositories(strapi);
  const member = (ctx: Context) => ctx.state.user as { id: number };

  return {
    /** GET /api/whatsapp-agent/channels/me */
    async find(ctx: Context) {
      const linked = await channels.listLinkedOfUser(member(ctx).id);
      ctx.body = {
        data: linked.map((channel) => ({
          documentId: channel.documentId,
          kind: channel.kind,
          address: maskPhone(channel.address),
          linkedAt: channel.linkedAt,
          lastActiveAt: channel.lastInboundAt,
          sessionExpiresAt: channel.sessionExpiresAt,
        })),
      };
    },

    /** DELETE /api/whatsapp-agent/channels/me/:documentId — revokes the session, erases the history. */
    async delete(ctx: Context) {
      const channel = await channels.findLinkedOfUser(ctx.params.documentId, member(ctx).id);
      if (!channel) throw new errors.NotFoundError('No linked channel of yours has this id');
      await getService(strapi, 'identity').unbind(channel);
      ctx.status = 204;
    },
  };
};
