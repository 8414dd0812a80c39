import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import { maskPhone } from '../identity/mask';
import { createRepositories } from '../repositories';
import { preferencesOf, withConsent } from '../scheduler/consent';
import { getService } from '../utils/get-service';
import { describeIssues, zodIssues } from '../utils/zod-issues';

const preferencesUpdate = z
  .object({ reminders: z.boolean().optional(), digest: z.boolean().optional() })
  .strict()
  .refine((update) => Object.keys(update).length > 0, 'name at least one of reminders, digest');

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

    /** GET /api/whatsapp-agent/channels/me/:documentId/preferences — which proactive messages this channel gets. */
    async findPreferences(ctx: Context) {
      const channel = await channels.findLinkedOfUser(ctx.params.documentId, member(ctx).id);
      if (!channel) throw new errors.NotFoundError('No linked channel of yours has this id');
      ctx.body = { data: preferencesOf(channel.consent) };
    },

    /** PUT …/preferences `{ reminders?: boolean, digest?: boolean }` — opts in or out, recorded as given through the API. */
    async updatePreferences(ctx: Context) {
      const update = preferencesUpdate.safeParse(ctx.request.body ?? {});
      if (!update.success) {
        throw new errors.ValidationError(describeIssues(zodIssues(update.error)), {
          errors: zodIssues(update.error),
        });
      }
      const channel = await channels.findLinkedOfUser(ctx.params.documentId, member(ctx).id);
      if (!channel) throw new errors.NotFoundError('No linked channel of yours has this id');
      const consent = withConsent(channel.consent, update.data, 'api');
      await channels.recordConsent(channel.id, consent);
      ctx.body = { data: preferencesOf(consent) };
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
