import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { maskPhone } from '../identity/mask';
import { uid } from '../plugin-id';
import { getService } from '../utils/get-service';

const CHANNEL = uid('channel');
const INBOUND = uid('inbound-message');

type ChannelRecord = Record<string, any>;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const view = async (channel: ChannelRecord) => ({
    documentId: channel.documentId,
    kind: channel.kind,
    address: maskPhone(channel.address),
    status: channel.status,
    member: channel.user ? { id: channel.user.id, username: channel.user.username, email: channel.user.email } : null,
    linkedAt: channel.linkedAt,
    lastActiveAt: channel.lastInboundAt,
    messages: await strapi.db.query(INBOUND).count({ where: { channelId: channel.id } }),
  });

  const findChannel = (documentId: string) => strapi.db.query(CHANNEL).findOne({ where: { documentId }, populate: ['user'] });

  return {
    /** Linked channels, newest first; `q` matches the member's username or email, or the number's digits. */
    async find(ctx: Context) {
      const page = Math.max(1, Number(ctx.query.page) || 1);
      const pageSize = Math.min(100, Math.max(1, Number(ctx.query.pageSize) || 10));
      const q = String(ctx.query.q ?? '').trim();
      const where = {
        status: 'linked',
        ...(q ? { $or: [{ address: { $contains: q.replace(/[^\d+]/g, '') || q } }, { user: { username: { $containsi: q } } }, { user: { email: { $containsi: q } } }] } : {}),
      };
      const [channels, total] = await Promise.all([
        strapi.db.query(CHANNEL).findMany({ where, populate: ['user'], orderBy: { linkedAt: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
        strapi.db.query(CHANNEL).count({ where }),
      ]);
      ctx.body = { data: await Promise.all(channels.map(view)), meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } } };
    },

    /** Revokes the member's channel session and erases the conversation. */
    async revoke(ctx: Context) {
      const channel = await findChannel(ctx.params.documentId);
      if (!channel) return ctx.notFound('No such channel');
      if (channel.status === 'linked') await getService(strapi, 'identity').unbind(channel);
      ctx.body = { data: await view(await findChannel(ctx.params.documentId)) };
    },

    async conversation(ctx: Context) {
      const channel = await findChannel(ctx.params.documentId);
      if (!channel) return ctx.notFound('No such channel');
      ctx.body = { data: { channel: await view(channel), history: Array.isArray(channel.history) ? channel.history : [] } };
    },
  };
};
