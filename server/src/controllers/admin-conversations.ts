import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { z } from 'zod';
import { createAssignees } from '../conversation/assignees';
import { createManagerReply } from '../conversation/manager-reply';
import { managerScopesSchema } from '../conversation/manager-scopes';
import { managerActor, type Manager } from '../conversation/service';
import { createCommunityDirectory } from '../identity/communities';
import { maskPhone } from '../identity/mask';
import { windowState } from '../outbox/window';
import { ACTION } from '../permissions';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import { getService } from '../utils/get-service';
import { requireAbility } from '../utils/require-ability';
import { maskSecrets } from '../utils/mask-secrets';
import { describeZodError } from '../utils/zod-issues';

const assignBody = z
  .object({
    /** Whom to give it to; absent: the manager asking. */
    assigneeId: z.number().int().positive().optional(),
    /** Who had it as the manager saw it (null: nobody): of two managers at once, one wins. */
    expectedAssigneeId: z.number().int().positive().nullable(),
  })
  .strict();
const resolveBody = z
  .object({
    note: z.string().trim().max(2_000).optional(),
    /** The member's last message the manager saw: a newer one must be read before resolving. */
    seenInboundId: z.number().int().positive().nullable(),
  })
  .strict();
const replyBody = z.union([
  z.object({ text: z.string().trim().min(1).max(4_000) }).strict(),
  z.object({ reengage: z.literal(true) }).strict(),
]);
const noteBody = z.object({ text: z.string().trim().min(1).max(4_000) }).strict();
const managersQuery = z.object({ conversation: z.string().min(1).max(200).optional() });
const inboxQuery = z.object({
  filter: z.enum(['all', 'mine', 'unassigned']).catch('all'),
  community: z.string().max(200).optional(),
});

const parse = <T>(schema: z.ZodType<T>, value: unknown): T => {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw new errors.ValidationError(describeZodError(parsed.error));
  return parsed.data;
};

/**
 * People in the loop, in the admin panel: the inbox (conversations waiting for or with a
 * person), one conversation with its messages, changes and notes, and a manager's actions on it.
 * A manager limited to communities sees and acts on those only (403 otherwise); write handlers
 * re-check the admin's ability, as the route's policy may be configured away.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const { channels } = createRepositories(strapi);
  const handoff = () => getService(strapi, 'handoff');
  const reply = createManagerReply(strapi);
  const assignees = () => createAssignees(strapi, handoff().scopes);

  const managerOf = (ctx: Context): Manager => {
    const user = ctx.state.user as Manager | undefined;
    if (!user) throw new errors.UnauthorizedError('Log in to the admin panel first.');
    return user;
  };

  /** The channel, if this manager may see its community; the community it is billed to. */
  const conversationOf = async (ctx: Context, documentId = String(ctx.params.documentId)) => {
    const channel = await channels.findByDocumentId(documentId);
    if (!channel) throw new errors.NotFoundError('No such conversation');
    const { community } = await getService(strapi, 'usage').accountOf(channel.user?.id ?? null);
    const scope = await handoff().scopes.of(managerOf(ctx).id);
    if (scope && !scope.includes(community))
      throw new errors.ForbiddenError('This conversation belongs to a community you do not manage.');
    return { channel, community };
  };

  const namesOf = async (ids: number[]) => {
    if (ids.length === 0) return new Map<number, string>();
    const users = (await strapi.db
      .query('admin::user')
      .findMany({ select: ['id', 'firstname', 'lastname'], where: { id: { $in: ids } } })) as Array<
      Manager & { id: number }
    >;
    return new Map(users.map((user) => [user.id, managerActor(user).name]));
  };

  const view = async (channel: Channel, community: string) => {
    const state = await handoff().repository.stateOf(channel.id);
    const [events, messages, lastInbound] = await Promise.all([
      handoff().repository.eventsOf(channel.id),
      handoff().timeline.of(channel.id, { limit: 100 }),
      handoff().timeline.lastInbound(channel.id),
    ]);
    const assigneeId = state?.assigneeId ?? null;
    const names = await namesOf(assigneeId ? [assigneeId] : []);
    const window = windowState(channel);
    return {
      documentId: channel.documentId,
      address: maskPhone(channel.address),
      member: channel.user ? { id: channel.user.id, username: channel.user.username } : null,
      linked: channel.status === 'linked',
      community,
      answeredBy: state?.answeredBy ?? 'assistant',
      since: state?.since ?? null,
      assignee: assigneeId ? { id: assigneeId, name: names.get(assigneeId) ?? `Admin ${assigneeId}` } : null,
      lastInboundId: lastInbound?.id ?? null,
      window: {
        ...window,
        templateSet: Boolean(getService(strapi, 'settings').template('reengagement')),
      },
      events,
      // Twilio's error text can quote the status callback URL, and so the webhook token.
      messages: messages.map((message) =>
        message.direction === 'out' && message.reason
          ? { ...message, reason: maskSecrets(strapi, message.reason) }
          : message
      ),
    };
  };

  const answerView = async (ctx: Context) => {
    const { channel, community } = await conversationOf(ctx);
    ctx.body = {
      data: await view((await channels.findByDocumentId(channel.documentId)) ?? channel, community),
    };
  };

  return {
    /** Conversations waiting for or with a person: mine, unassigned or all (of the manager's communities). */
    async inbox(ctx: Context) {
      const manager = managerOf(ctx);
      const { filter, community } = parse(inboxQuery, ctx.query);
      const scope = await handoff().scopes.of(manager.id);
      if (community && scope && !scope.includes(community))
        throw new errors.ForbiddenError('You do not manage this community.');
      const communities = community ? [community] : scope;
      const states = await handoff().repository.withPerson({
        assigneeId: filter === 'mine' ? manager.id : filter === 'unassigned' ? null : undefined,
        communities,
      });
      const names = await namesOf([...new Set(states.flatMap((state) => state.assigneeId ?? []))]);
      const { timeline, repository } = handoff();
      ctx.body = {
        data: await Promise.all(
          states.map(async (state) => {
            const [channel, last, requested] = await Promise.all([
              channels.findByDocumentId(state.documentId),
              timeline.lastInbound(state.channelId),
              repository.eventsOf(state.channelId, 20),
            ]);
            const since = state.lastReplyAt ?? state.since ?? new Date(0);
            return {
              documentId: state.documentId,
              address: channel ? maskPhone(channel.address) : null,
              member: channel?.user ? { id: channel.user.id, username: channel.user.username } : null,
              community: state.community,
              answeredBy: state.answeredBy,
              since: state.since,
              assignee: state.assigneeId
                ? { id: state.assigneeId, name: names.get(state.assigneeId) ?? `Admin ${state.assigneeId}` }
                : null,
              unread: await timeline.countInboundAfter(state.channelId, since),
              lastMessage: last ? { body: last.body, at: last.at } : null,
              reason: requested.filter((event) => event.kind === 'requested').at(-1)?.reason ?? null,
            };
          })
        ),
      };
    },

    /** How many members wait for a person (the menu's badge), in the manager's communities. */
    async waitingCount(ctx: Context) {
      const scope = await handoff().scopes.of(managerOf(ctx).id);
      ctx.body = { data: { waiting: await handoff().repository.countWaiting(scope) } };
    },

    find: answerView,

    async assign(ctx: Context) {
      requireAbility(ctx, ACTION.conversationsAssign);
      const manager = managerOf(ctx);
      const body = parse(assignBody, ctx.request.body);
      const { channel, community } = await conversationOf(ctx);
      const assigneeId = body.assigneeId ?? manager.id;
      if (assigneeId !== manager.id && !(await assignees().mayTake(assigneeId, community)))
        throw new errors.ValidationError(
          'That admin user cannot answer this conversation: they need the permission to reply to conversations and, if limited to communities, this one.'
        );
      const won = await handoff().assign(channel, manager, {
        assigneeId,
        expectedAssigneeId: body.expectedAssigneeId,
        community,
      });
      if (!won)
        throw new errors.ApplicationError(
          'Someone else changed who has this conversation a moment ago: look again before assigning it.'
        );
      await answerView(ctx);
    },

    async resolve(ctx: Context) {
      requireAbility(ctx, ACTION.conversationsAssign);
      const body = parse(resolveBody, ctx.request.body);
      const { channel } = await conversationOf(ctx);
      const outcome = await handoff().handBack(channel.id, managerActor(managerOf(ctx)), {
        note: body.note || null,
        seenInboundId: body.seenInboundId,
      });
      if (outcome === 'memberWroteSince')
        throw new errors.ApplicationError('The member wrote again a moment ago: read it before resolving.');
      if (outcome === 'notWithPerson')
        throw new errors.ApplicationError('The assistant already has this conversation.');
      await answerView(ctx);
    },

    async reply(ctx: Context) {
      requireAbility(ctx, ACTION.conversationsReply);
      const body = parse(replyBody, ctx.request.body);
      const { channel, community } = await conversationOf(ctx);
      await reply(channel, managerOf(ctx), body, community);
      await answerView(ctx);
    },

    /** An internal note: for the team, never sent to the member. */
    async note(ctx: Context) {
      requireAbility(ctx, ACTION.conversationsReply);
      const body = parse(noteBody, ctx.request.body);
      const { channel, community } = await conversationOf(ctx);
      await handoff().repository.record(channel.id, {
        kind: 'note',
        actor: managerActor(managerOf(ctx)),
        body: body.text,
        community,
      });
      await answerView(ctx);
    },

    /**
     * Admin users a conversation can be assigned to: those who may reply, limited to its
     * community when `?conversation=<documentId>` names one (which this manager must see).
     */
    async managers(ctx: Context) {
      const { conversation } = parse(managersQuery, ctx.query);
      const community = conversation ? (await conversationOf(ctx, conversation)).community : undefined;
      ctx.body = { data: await assignees().of(community) };
    },

    /** Who is limited to which communities, and the admin users and communities to choose from. */
    async scopes(ctx: Context) {
      const users = (await strapi.db.query('admin::user').findMany({
        select: ['id', 'firstname', 'lastname'],
        where: { isActive: true },
        orderBy: { firstname: 'asc' },
        limit: 1_000,
      })) as Array<Manager & { id: number }>;
      ctx.body = {
        data: await handoff().scopes.all(),
        meta: {
          admins: users.map((user) => ({ id: user.id, name: managerActor(user).name })),
          communities: await createCommunityDirectory(strapi).all(),
        },
      };
    },

    async setScopes(ctx: Context) {
      requireAbility(ctx, ACTION.settingsUpdate);
      const scopes = parse(managerScopesSchema, (ctx.request.body as { data?: unknown })?.data);
      await handoff().scopes.save(scopes);
      ctx.body = { data: scopes };
    },
  };
};
