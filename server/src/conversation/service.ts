import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { activeHistory, trimHistory, type HistoryMessage } from '../agent/memory';
import { memberTemplateValues } from '../outbox/member-values';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import { createConversationTimeline } from '../repositories/conversation-timeline';
import { createHandoffRepository } from '../repositories/handoff';
import type { MessageKey } from '../router/replies';
import { getService } from '../utils/get-service';
import { inLanguage } from '../languages/context';
import { createMemberLanguage } from '../languages/member-language';
import { MOVES, type Actor } from './handoff';
import { createManagerScopes } from './manager-scopes';
import { createHandoffNotifier } from './notify';
import { handoffTranscript } from './transcript';

/** A community manager as the admin panel knows them (the admin user). */
export type Manager = { id: number; firstname?: string | null; lastname?: string | null };

/** What a hand-back came to: done, refused because the member wrote since, or nothing to hand back. */
export type HandBackOutcome = 'handedBack' | 'memberWroteSince' | 'notWithPerson';

const actorName = (actor: Actor) =>
  actor.kind === 'manager'
    ? actor.name
    : actor.kind === 'member'
      ? 'the member'
      : actor.kind === 'assistant'
        ? 'the assistant'
        : 'the plugin (no manager reply in time)';

/** A manager as the record names them (full name: the record is for the team, not the member). */
export const managerActor = (manager: Manager): Actor & { kind: 'manager' } => ({
  kind: 'manager',
  adminUserId: manager.id,
  name: [manager.firstname, manager.lastname].filter(Boolean).join(' ') || `Admin ${manager.id}`,
});

/**
 * Who answers each conversation, and every change of it (README: People in the loop): a member
 * or the model asks for a person, a manager takes it, assigns it, hands it back; after
 * `handoff.timeoutHours` without a manager's reply the assistant takes it back by itself. Each
 * change is one conditional UPDATE (two at once: one wins), recorded with who, when and why, and
 * announced on the eventHub.
 */
export const createHandoffService = ({ strapi }: { strapi: Core.Strapi }) => {
  const handoff = createHandoffRepository(strapi);
  const timeline = createConversationTimeline(strapi);
  const { channels } = createRepositories(strapi);
  const scopes = createManagerScopes(strapi);
  const notify = createHandoffNotifier(strapi, scopes);
  const memberLanguage = createMemberLanguage(strapi);
  const config = () => getService(strapi, 'settings').handoff();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  /** A fixed reply with the words of the member's commands filled in. */
  const say = (key: MessageKey, values: Record<string, string | number | undefined> = {}) =>
    getService(strapi, 'settings').message(key, {
      requestWord: config().requestWords[0],
      backWord: config().backWords[0],
      ...values,
    });

  /** A message to the member outside any turn (a hand-back's notice); a failure is logged, not thrown. */
  const tellMember = async (channelId: number, text: string) => {
    try {
      const channel = await channels.findForTurn(channelId);
      if (!channel || channel.status !== 'linked') return;
      const account = await getService(strapi, 'usage').accountOf(channel.user?.id ?? null);
      await getService(strapi, 'outbox').deliver({
        channel,
        text,
        turnKey: `notice:${crypto.randomUUID()}`,
        account,
        startedBy: 'us',
        template: { purpose: 'reengagement', values: () => memberTemplateValues(strapi, account) },
      });
    } catch (error) {
      strapi.log.warn(
        `[whatsapp-agent] Member of channel ${channelId} not told of a hand-back: ${String(error)}`
      );
    }
  };

  /** The history the assistant reads after a hand-back: before, during (marked) and the note. */
  const historyAfterHandBack = async (channel: Channel, actor: Actor, note: string | null, at: Date) => {
    const state = await handoff.stateOf(channel.id);
    const agent = getService(strapi, 'settings').agent();
    const before = activeHistory(
      channel.history,
      latest(channel.lastInboundAt, channel.handedBackAt),
      agent.historyIdleMinutes
    );
    const transcript = handoffTranscript({
      messages: await timeline.of(channel.id, { since: state?.since }),
      replies: await handoff.repliesOf(channel.id, state?.since ?? null),
      handedBackBy: actorName(actor),
      note,
      at,
    });
    return trimHistory([...before, ...transcript] as HistoryMessage[], {
      maxTurns: agent.historyTurns,
      maxBytes: agent.historyMaxBytes,
    });
  };

  const service = {
    /** The member's words for asking for a person or for the assistant back (any case, alone in a message). */
    wordOf(text: string): 'request' | 'back' | undefined {
      const word = text
        .trim()
        .replace(/[.!?]+$/, '')
        .toUpperCase();
      const { requestWords, backWords } = config();
      if (requestWords.some((candidate) => candidate.toUpperCase() === word)) return 'request';
      if (backWords.some((candidate) => candidate.toUpperCase() === word)) return 'back';
      return undefined;
    },

    say,

    /** A person is asked for (by the member or the model). True when this call made the change. */
    async request(
      channel: Pick<Channel, 'id' | 'documentId'>,
      actor: Actor,
      reason: string,
      community: string
    ) {
      if (!(await handoff.move(channel.id, 'request', { community }))) return false;
      await handoff.record(channel.id, {
        kind: 'requested',
        actor,
        fromState: 'assistant',
        toState: 'waiting',
        reason,
        community,
      });
      notify('requested', { community, channel: channel.documentId, reason, by: actor.kind });
      return true;
    },

    /**
     * A manager takes the conversation for `assigneeId` (themselves or another manager), if it is
     * still assigned to `expectedAssigneeId` as they saw it: of two managers at once, one wins.
     */
    async assign(
      channel: Pick<Channel, 'id' | 'documentId'>,
      manager: Manager,
      {
        assigneeId,
        expectedAssigneeId,
        community,
      }: { assigneeId: number; expectedAssigneeId: number | null; community: string }
    ) {
      const state = await handoff.stateOf(channel.id);
      if (!state) return false;
      const move = state.answeredBy === 'assistant' ? 'takeOver' : 'assign';
      const won = await handoff.move(channel.id, move, {
        assigneeId,
        assignedTo: expectedAssigneeId,
        community,
      });
      if (!won) return false;
      // The timeline names the new manager as the team knows them, not by an id.
      const assignee: Manager | null =
        assigneeId === manager.id
          ? null
          : await strapi.db
              .query('admin::user')
              .findOne({ where: { id: assigneeId }, select: ['id', 'firstname', 'lastname'] });
      await handoff.record(channel.id, {
        kind: 'assigned',
        actor: managerActor(manager),
        fromState: state.answeredBy,
        toState: MOVES[move].to,
        reason:
          assigneeId === manager.id
            ? 'Took the conversation'
            : `Assigned to ${managerActor(assignee ?? { id: assigneeId }).name}`,
        community,
      });
      notify('assigned', {
        community,
        channel: channel.documentId,
        reason: null,
        by: 'manager',
        assigneeId,
      });
      return true;
    },

    /**
     * Back to the assistant. A manager's hand-back names the member's last message they saw: if
     * a newer one was taken in meanwhile it is refused (they read it first), so a message that
     * crosses a Resolve is answered exactly once, by one side.
     */
    async handBack(
      channelId: number,
      actor: Actor,
      {
        note = null,
        seenInboundId,
        quietSince,
        tell = true,
      }: { note?: string | null; seenInboundId?: number | null; quietSince?: Date; tell?: boolean } = {}
    ): Promise<HandBackOutcome> {
      const at = new Date();
      type Result = { outcome: 'handedBack'; community: string | null } | { outcome: HandBackOutcome };
      const result = await strapi.db.transaction(async (): Promise<Result> => {
        const channel = await channels.findForTurn(channelId);
        if (!channel || channel.answeredBy === 'assistant') return { outcome: 'notWithPerson' };
        const state = await handoff.stateOf(channelId);
        const history = await historyAfterHandBack(channel, actor, note, at);
        const won = await handoff.move(channelId, 'handBack', { seenInboundId, quietSince, now: at });
        if (!won) {
          const now = await handoff.stateOf(channelId);
          return { outcome: now?.answeredBy === 'assistant' ? 'notWithPerson' : 'memberWroteSince' };
        }
        await channels.saveHistory(channelId, history);
        await handoff.record(channelId, {
          kind: 'resolved',
          actor,
          fromState: channel.answeredBy,
          toState: 'assistant',
          reason: note,
          community: state?.community,
        });
        return { outcome: 'handedBack', community: state?.community ?? null };
      });
      if (result.outcome !== 'handedBack' || !('community' in result)) return result.outcome;
      const channel = await channels.findForTurn(channelId);
      notify('resolved', {
        community: result.community,
        channel: channel?.documentId ?? String(channelId),
        reason: note,
        by: actor.kind,
      });
      if (tell && actor.kind !== 'member' && channel) {
        // Outside a turn: in the language the member was last answered in.
        const text = inLanguage(await memberLanguage.ofChannel(channel), () =>
          actor.kind === 'system'
            ? say('handoffTimedOut', { hours: config().timeoutHours })
            : say('handoffEnded')
        );
        await tellMember(channelId, text);
      }
      return 'handedBack';
    },

    /** A member's messages while a person is asked for or has it: false when handed back meanwhile. */
    absorb: (channelId: number, lastInboundId: number, community: string) =>
      handoff.absorb(channelId, lastInboundId, community),

    /** Hands back every conversation no manager answered for `timeoutHours`; each is claimed once across processes. */
    async handBackDue(now = new Date()) {
      running ??= (async () => {
        const before = new Date(now.getTime() - config().timeoutHours * 3_600_000);
        let handedBack = 0;
        for (const state of await handoff.dueForHandBack(before)) {
          const outcome = await service.handBack(state.channelId, { kind: 'system' }, { quietSince: before });
          if (outcome === 'handedBack') handedBack += 1;
        }
        return handedBack;
      })().finally(() => {
        running = undefined;
      });
      return running;
    },

    start() {
      const { queue } = getService(strapi, 'pluginConfig').get();
      if (queue.role === 'web') return;
      timer = setInterval(
        () =>
          void service
            .handBackDue()
            .catch((error) =>
              strapi.log.warn(`[whatsapp-agent] Automatic hand-back failed: ${String(error)}`)
            ),
        config().checkIntervalSeconds * 1000
      );
      timer.unref();
    },

    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },

    repository: handoff,
    timeline,
    scopes,
  };
  return service;
};

const latest = (...dates: Array<Date | null>) =>
  dates.reduce<Date | null>((max, date) => (date && (!max || date > max) ? date : max), null);

export type HandoffService = ReturnType<typeof createHandoffService>;
