import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { maskPhone } from '../identity/mask';
import { uid } from '../plugin-id';
import { getService } from '../utils/get-service';

const CHANNEL = uid('channel');

/** The logged-in member's own linked channels: see them, unlink them. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /api/whatsapp-agent/channels/me */
  async find(ctx: Context) {
    const user = ctx.state.user as { id: number };
    const channels = await strapi.db.query(CHANNEL).findMany({ where: { user: { id: user.id }, status: 'linked' }, orderBy: { linkedAt: 'desc' } });
    ctx.body = {
      data: channels.map((channel) => ({
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
    const user = ctx.state.user as { id: number };
    const channel = await strapi.db.query(CHANNEL).findOne({ where: { documentId: ctx.params.documentId, user: { id: user.id }, status: 'linked' }, populate: ['user'] });
    if (!channel) return ctx.notFound('No linked channel of yours has this id');
    await getService(strapi, 'identity').unbind(channel);
    ctx.status = 204;
  },
});
