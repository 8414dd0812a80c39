import type { Core } from '@strapi/strapi';
import { CONTENT_TYPE, type Answerer } from '../constants';
import { MOVES, type Actor, type Move } from '../conversation/handoff';
import { toDate, toNumber, toText, type RawRow } from './rows';

/** Who answers one conversation now, and since when (the channel's handoff columns). */
export type HandoffState = {
  channelId: number;
  documentId: string;
  answeredBy: Answerer;
  since: Date | null;
  assigneeId: number | null;
  community: string | null;
  /** The last member message a person's side took in (the assistant did not answer it). */
  lastInboundId: number | null;
  lastReplyAt: Date | null;
};

export type HandoffEventKind = 'requested' | 'assigned' | 'resolved' | 'reply' | 'note';

export type HandoffEvent = {
  id: number;
  kind: HandoffEventKind;
  fromState: string | null;
  toState: string | null;
  actor: Actor['kind'];
  adminUserId: number | null;
  actorName: string | null;
  reason: string | null;
  /** A note's text; null once erased. */
  body: string | null;
  turnKey: string | null;
  at: Date;
};

const STATE_COLUMNS = [
  'id',
  'documentId',
  'answeredBy',
  'handoffSince',
  'handoffAssigneeId',
  'handoffCommunity',
  'handoffLastInboundId',
  'handoffLastReplyAt',
];

const toState = (row: RawRow): HandoffState => ({
  channelId: toNumber(row.id),
  documentId: String(row.documentId),
  answeredBy: (toText(row.answeredBy) ?? 'assistant') as Answerer,
  since: toDate(row.handoffSince),
  assigneeId: row.handoffAssigneeId == null ? null : toNumber(row.handoffAssigneeId),
  community: toText(row.handoffCommunity),
  lastInboundId: row.handoffLastInboundId == null ? null : toNumber(row.handoffLastInboundId),
  lastReplyAt: toDate(row.handoffLastReplyAt),
});

const toEvent = (row: RawRow): HandoffEvent => ({
  id: toNumber(row.id),
  kind: row.kind as HandoffEventKind,
  fromState: toText(row.fromState),
  toState: toText(row.toState),
  actor: row.actor as Actor['kind'],
  adminUserId: row.adminUserId == null ? null : toNumber(row.adminUserId),
  actorName: toText(row.actorName),
  reason: toText(row.reason),
  body: row.redactedAt ? null : toText(row.body),
  turnKey: toText(row.turnKey),
  at: toDate(row.createdAt) ?? new Date(0),
});

/** No manager reply since `before` (nor since the handoff began, when none came at all). */
const quietWhere = (before: Date) => ({
  $or: [{ handoffLastReplyAt: null, handoffSince: { $lt: before } }, { handoffLastReplyAt: { $lt: before } }],
});

/** The columns a conversation in the assistant's hands has: nobody assigned, nothing waiting. */
export const WITH_ASSISTANT = {
  answeredBy: 'assistant',
  handoffSince: null,
  handoffAssigneeId: null,
  handoffLastInboundId: null,
  handoffLastReplyAt: null,
} as const;

/**
 * The only code that reads or writes who answers a conversation (the channel table's handoff
 * columns) and the record of its changes, replies and notes (the handoff-event table). Every
 * change of state is one conditional UPDATE: it says whether it won.
 */
export const createHandoffRepository = (strapi: Core.Strapi) => {
  const channels = () => strapi.db.query(CONTENT_TYPE.channel);
  const events = () => strapi.db.query(CONTENT_TYPE.handoffEvent);
  const statesWhere = async (where: Record<string, unknown>) =>
    (await channels().findMany({ select: STATE_COLUMNS, where })).map(toState);

  const repository = {
    async stateOf(channelId: number): Promise<HandoffState | null> {
      return (await statesWhere({ id: channelId }))[0] ?? null;
    },

    /**
     * Moves the conversation if it is in one of the move's start states (and, when given, assigned
     * to `assignedTo`, or handed over only if nothing newer than `seenInboundId` came in). True
     * when this call made the change; false when another one came first.
     */
    async move(
      channelId: number,
      move: Move,
      {
        assigneeId,
        assignedTo,
        community,
        seenInboundId,
        quietSince,
        now = new Date(),
      }: {
        assigneeId?: number | null;
        assignedTo?: number | null;
        community?: string;
        seenInboundId?: number | null;
        /** Only if no manager replied since then (the automatic hand-back). */
        quietSince?: Date;
        now?: Date;
      } = {}
    ): Promise<boolean> {
      const { from, to } = MOVES[move];
      const where: Record<string, unknown>[] = [{ id: channelId }, { answeredBy: { $in: [...from] } }];
      if (assignedTo !== undefined) where.push({ handoffAssigneeId: assignedTo });
      if (seenInboundId !== undefined)
        where.push({
          $or: [
            { handoffLastInboundId: null },
            ...(seenInboundId === null ? [] : [{ handoffLastInboundId: { $lte: seenInboundId } }]),
          ],
        });
      if (quietSince) where.push(quietWhere(quietSince));
      const data: Record<string, unknown> =
        to === 'assistant'
          ? { ...WITH_ASSISTANT, handedBackAt: now }
          : {
              answeredBy: to,
              ...(move === 'assign' ? {} : { handoffSince: now, handoffLastInboundId: null }),
              ...(move === 'request' ? { handoffLastReplyAt: null, handoffAssigneeId: null } : {}),
              ...(assigneeId !== undefined ? { handoffAssigneeId: assigneeId } : {}),
              ...(community ? { handoffCommunity: community } : {}),
            };
      const { count } = await channels().updateMany({
        where: { $and: where },
        data: { ...data, updatedAt: now },
      });
      return count === 1;
    },

    /**
     * A member's messages taken in by a person's side (the assistant stays silent): true while a
     * person is asked for or has the conversation; false when it was handed back meanwhile.
     */
    async absorb(channelId: number, lastInboundId: number, community: string) {
      const { count } = await channels().updateMany({
        where: { id: channelId, answeredBy: { $in: ['waiting', 'person'] } },
        data: { handoffLastInboundId: lastInboundId, handoffCommunity: community },
      });
      return count === 1;
    },

    /** A manager answered: the clock of the automatic hand-back starts again. */
    async markReplied(channelId: number, at: Date) {
      await channels().updateMany({
        where: { id: channelId, answeredBy: { $in: ['waiting', 'person'] } },
        data: { handoffLastReplyAt: at },
      });
    },

    /** Conversations with a person's side and no manager reply since `before` (the automatic hand-back). */
    async dueForHandBack(before: Date): Promise<HandoffState[]> {
      return statesWhere({ $and: [{ answeredBy: { $in: ['waiting', 'person'] } }, quietWhere(before)] });
    },

    /** The inbox: conversations waiting for or with a person, longest waiting first. */
    async withPerson({
      assigneeId,
      communities,
    }: {
      /** A number: assigned to that manager; null: unassigned; undefined: anyone's. */
      assigneeId?: number | null;
      /** Only these communities (a manager limited to some). */
      communities?: string[];
    }): Promise<HandoffState[]> {
      const where: Record<string, unknown> = { answeredBy: { $in: ['waiting', 'person'] } };
      if (assigneeId !== undefined) where.handoffAssigneeId = assigneeId;
      if (communities) where.handoffCommunity = { $in: communities };
      const rows = await channels().findMany({
        select: STATE_COLUMNS,
        where,
        orderBy: [{ handoffSince: 'asc' }, { id: 'asc' }],
        limit: 200,
      });
      return rows.map(toState);
    },

    async countWaiting(communities?: string[]) {
      return channels().count({
        where: { answeredBy: 'waiting', ...(communities ? { handoffCommunity: { $in: communities } } : {}) },
      });
    },

    async record(
      channelId: number,
      event: {
        kind: HandoffEventKind;
        actor: Actor;
        fromState?: Answerer;
        toState?: Answerer;
        reason?: string | null;
        body?: string;
        turnKey?: string;
        community?: string | null;
      }
    ) {
      const { actor } = event;
      await events().create({
        data: {
          channelId,
          kind: event.kind,
          fromState: event.fromState ?? null,
          toState: event.toState ?? null,
          actor: actor.kind,
          adminUserId: actor.kind === 'manager' ? actor.adminUserId : null,
          actorName: actor.kind === 'manager' ? actor.name : null,
          reason: event.reason ?? null,
          body: event.body ?? null,
          turnKey: event.turnKey ?? null,
          community: event.community ?? null,
        },
      });
    },

    /** The conversation's last `limit` changes, replies and notes, oldest first. */
    async eventsOf(channelId: number, limit = 100): Promise<HandoffEvent[]> {
      const rows = await events().findMany({
        where: { channelId },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        limit,
      });
      return rows.reverse().map(toEvent);
    },

    /** Replies of managers by their outbox key: who wrote which part (the text stays in the outbox). */
    async repliesOf(channelId: number, since: Date | null): Promise<HandoffEvent[]> {
      const rows = await events().findMany({
        where: { channelId, kind: 'reply', ...(since ? { createdAt: { $gte: since } } : {}) },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      });
      return rows.map(toEvent);
    },

    /** Unlinking: notes and reasons are text like any other (reasons can quote the member). */
    async redactOfChannel(channelId: number) {
      const { count } = await events().updateMany({
        where: { channelId, redactedAt: null },
        data: { body: null, reason: null, redactedAt: new Date() },
      });
      return count;
    },

    async redactCreatedBefore(before: Date) {
      const { count } = await events().updateMany({
        where: { createdAt: { $lt: before }, redactedAt: null },
        data: { body: null, reason: null, redactedAt: new Date() },
      });
      return count;
    },

    async deleteOfChannels(channelIds: number[]) {
      if (channelIds.length > 0) await events().deleteMany({ where: { channelId: { $in: channelIds } } });
    },
  };
  return repository;
};

export type HandoffRepository = ReturnType<typeof createHandoffRepository>;
