import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { maskPhone } from '../identity/mask';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import { getService } from '../utils/get-service';
import { maskSecrets } from '../utils/mask-secrets';
import { ACTION } from '../permissions';
import { requireAbility } from '../utils/require-ability';

/** The admin panel's WhatsApp page: linked members, revoking one, reading a conversation. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const { channels, inbound, outbound } = createRepositories(strapi);

  const view = async (channel: Channel) => ({
    documentId: channel.documentId,
    kind: channel.kind,
    address: maskPhone(channel.address),
    status: channel.status,
    member: channel.user
      ? { id: channel.user.id, username: channel.user.username, email: channel.user.email }
      : null,
    linkedAt: channel.linkedAt,
    lastActiveAt: channel.lastInboundAt,
    messages: await inbound.countOfChannel(channel.id),
  });

  const findChannel = async (documentId: string) => {
    const channel = await channels.findByDocumentId(documentId);
    if (!channel) throw new errors.NotFoundError('No such channel');
    return channel;
  };

  return {
    /** Linked channels, newest first; `q` matches the member's username or email, or the number's digits. */
    async find(ctx: Context) {
      const page = Math.max(1, Number(ctx.query.page) || 1);
      const pageSize = Math.min(100, Math.max(1, Number(ctx.query.pageSize) || 10));
      const { channels: linked, total } = await channels.pageLinked({
        search: String(ctx.query.q ?? '').trim(),
        page,
        pageSize,
      });
      ctx.body = {
        data: await Promise.all(linked.map(view)),
        meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } },
      };
    },

    /** Revokes the member's channel session and erases the conversation. */
    async revoke(ctx: Context) {
      requireAbility(ctx, ACTION.channelsRevoke);
      const channel = await findChannel(ctx.params.documentId);
      if (channel.status === 'linked') await getService(strapi, 'identity').unbind(channel);
      ctx.body = { data: await view(await findChannel(ctx.params.documentId)) };
    },

    async conversation(ctx: Context) {
      const channel = await findChannel(ctx.params.documentId);
      // A manager limited to communities reads those conversations only (People in the loop).
      const scope = await getService(strapi, 'handoff').scopes.of((ctx.state.user as { id: number }).id);
      if (scope) {
        const { community } = await getService(strapi, 'usage').accountOf(channel.user?.id ?? null);
        if (!scope.includes(community))
          throw new errors.ForbiddenError('This conversation belongs to a community you do not manage.');
      }
      const undelivered = await outbound.undeliveredOfChannel(channel.id);
      ctx.body = {
        data: {
          channel: await view(channel),
          history: channel.history,
          // Twilio's error text can quote the status callback URL, and so the webhook token.
          undelivered: undelivered.map((part) => ({
            ...part,
            at: part.at.toISOString(),
            reason: part.reason && maskSecrets(strapi, part.reason),
          })),
        },
      };
    },
  };
};
