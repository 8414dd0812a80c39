import type { Core } from '@strapi/strapi';
import type { LinkedIdentity } from '../identity';
import { maskName } from '../identity/mask';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import { getService } from '../utils/get-service';
import type { Turn, TurnAnswer } from '../worker/turn';
import type { Admission } from '../usage';
import { utcDay } from '../usage/period';
import { optedOutOfAll, withConsent } from '../scheduler/consent';
import { createMediaStage } from '../media';
import { commandOf, type Command } from './commands';
import { overLimitWording } from './over-limit';
import { createHandoffStage } from './handoff';
import { createPendingActionStage } from './pending-actions';
import { endReason, helpStatus, linkPage, type MessageKey } from './replies';
import { createMemberLanguage } from '../languages/member-language';
import { currentLanguage, inLanguage } from '../languages/context';
import { nextUnlinkedReply } from './unlinked-replies';

/** What could not be used of a turn's attachments, said before the answer to the rest. */
const withNotices = (answer: TurnAnswer, notices: string[]): TurnAnswer => {
  if (notices.length === 0) return answer;
  if (answer === null) return notices.join('\n\n');
  if (typeof answer === 'string') return [...notices, answer].join('\n\n');
  return { ...answer, text: [...notices, answer.text].join('\n\n') };
};

/** Answers a linked member's turn (the agent service, unless replaced). */
export type Agent = (turn: Turn, identity: LinkedIdentity, channel: Channel) => Promise<TurnAnswer>;

/**
 * The turn's route, in order: commands (never the LLM), then a linking phrase from any sender,
 * then for an unknown sender the instructions, and for a linked sender identity → handoff (a
 * person asked for or answering: the assistant is silent) → the answer to an action they were
 * asked to confirm → limits → agent.
 */
export const createRouterService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { channels } = createRepositories(strapi);
  let agent: Agent | undefined;
  const config = () => getService(strapi, 'pluginConfig').get();
  const identity = () => getService(strapi, 'identity');
  const usage = () => getService(strapi, 'usage');
  const languages = createMemberLanguage(strapi);
  /** The turn's language (decided in handle()). */
  const language = () => currentLanguage() ?? config().defaultLanguage;
  /** A fixed reply in the member's language: the admin's text or the default, placeholders filled. */
  const say = (key: MessageKey, values: Record<string, string | number | undefined> = {}) =>
    getService(strapi, 'settings').message(key, {
      linkPage: linkPage(config().linking.pageUrl, language()),
      undoMinutes: Math.round(config().linking.undoWindowSeconds / 60),
      ...values,
    });

  const pendingActions = createPendingActionStage(strapi, say);
  const media = createMediaStage(strapi, say);
  const handoff = createHandoffStage(strapi);

  const linkedName = async (channel: Channel) =>
    channel.user ? maskName(await identity().displayName(channel.user)) : undefined;

  const runCommand = async (command: Command, channel: Channel): Promise<string> => {
    const linked = channel.status === 'linked';
    switch (command) {
      case 'HELP':
        return say('help', {
          status: helpStatus(language(), linked ? await linkedName(channel) : undefined),
        });
      case 'RESET':
        await channels.saveHistory(channel.id, []);
        return say('reset');
      case 'REMIND ME':
        if (!linked) return say('notLinked');
        await channels.recordConsent(channel.id, withConsent(channel.consent, { reminders: true }, 'rsvp'));
        return say('remindersOn');
      case 'REMINDERS ON':
      case 'REMINDERS OFF':
      case 'DIGEST ON':
      case 'DIGEST OFF': {
        if (!linked) return say('notLinked');
        const [kind, state] = command.split(' ') as ['REMINDERS' | 'DIGEST', 'ON' | 'OFF'];
        const key = kind === 'REMINDERS' ? 'reminders' : 'digest';
        await channels.recordConsent(
          channel.id,
          withConsent(channel.consent, { [key]: state === 'ON' }, 'whatsapp')
        );
        return say(`${key}${state === 'ON' ? 'On' : 'Off'}`);
      }
      case 'UNLINK':
      case 'STOP': {
        // STOP is also WhatsApp's word for "no more messages": out of every proactive message.
        if (command === 'STOP') await channels.recordConsent(channel.id, optedOutOfAll(channel.consent));
        if (!linked) return say('notLinked');
        const name = await linkedName(channel);
        await identity().unbind(channel);
        return say('unlinked', { name });
      }
      case 'UNDO': {
        if (!linked) return say('notLinked');
        const windowMs = config().linking.undoWindowSeconds * 1000;
        if (!channel.linkedAt || Date.now() - channel.linkedAt.getTime() > windowMs)
          return say('undoExpired');
        const name = (await linkedName(channel)) ?? 'that account';
        await identity().unbind(channel);
        return say('undone', { name });
      }
    }
  };

  /** Linking instructions, at most once per interval per sender: strangers cannot make us spam (or pay). */
  const instructionsOnce = async (channel: Channel) => {
    const intervalMs = config().linking.instructionsIntervalSeconds * 1000;
    if (channel.noticeSentAt && Date.now() - channel.noticeSentAt.getTime() < intervalMs) return null;
    await channels.markNoticeSent(channel.id, new Date());
    return say('instructions');
  };

  /** A reply to an unlinked sender, unless their replies of the last hour are used up: then silence. */
  const answerStranger = async (channel: Channel, reply: () => Promise<string | null>) => {
    const next = nextUnlinkedReply(channel.unlinkedReplyTimes, config().linking.unlinkedRepliesPerHour);
    if (!next.allowed) return null;
    const text = await reply();
    if (text !== null) await channels.recordUnlinkedReplies(channel.id, next.times);
    return text;
  };

  /** Over a limit: one reply per member and day saying so and until when, then silence. No LLM call. */
  const overLimit = async (channel: Channel, admission: Admission & { allowed: false }) => {
    const now = new Date();
    if (!(await channels.claimOverLimitNotice(channel.id, utcDay(now)))) return null;
    return say('overLimit', overLimitWording(admission, now));
  };

  const service = {
    /** Replaces the agent (tests, custom agents); `undefined` restores the LLM agent. */
    setAgent(next: Agent | undefined) {
      agent = next;
    },

    /** `channel` as the worker read it at the start of the turn, with its member. */
    async handle(turn: Turn, read: Channel): Promise<TurnAnswer> {
      const command = commandOf(turn.text);
      const language = await languages.ofTurn(read, command ? undefined : turn.text);
      return inLanguage(language, () => route(turn, read, command));
    },
  };

  /** The turn's route, in the member's language. */
  const route = async (turn: Turn, read: Channel, command: Command | undefined): Promise<TurnAnswer> => {
    let channel = read;
    const stranger = channel.status !== 'linked';
    const answer = (reply: () => Promise<string | null>) =>
      stranger ? answerStranger(channel, reply) : reply();

    if (command) return answer(() => runCommand(command, channel));

    // A phrase is honoured from any sender, linked or not: it is how a number moves to another account.
    const redeemed = await getService(strapi, 'linking').redeem(channel, turn.text);
    // Always answered: the sender is a member now.
    if (redeemed.outcome === 'linked') {
      // The member is known now: their profile's language, if it names one, wins.
      const linkedIn = redeemed.language ?? language();
      return inLanguage(linkedIn, () => say('linked', { name: redeemed.name, email: redeemed.email }));
    }
    if (redeemed.outcome === 'locked')
      return answer(async () => say('lockedOut', { minutes: redeemed.minutes }));
    if (redeemed.outcome === 'wrong') return answer(async () => say('wrongPhrase'));

    if (stranger) return answer(() => instructionsOnce(channel));
    const who = await identity().resolve(channel);
    if (!who.linked) {
      return who.ended
        ? say('relinkNeeded', { reason: endReason(who.ended, language()) })
        : instructionsOnce(channel);
    }
    // While a person is asked for or has the conversation, the assistant is silent: no model, no
    // transcription, no limits spent.
    const stage = await handoff.before(turn, channel);
    if ('reply' in stage) return stage.reply;
    channel = stage.channel;
    // Attachments cost money (a transcription): within the limits first. Before a confirmation
    // is read, so a spoken "yes" answers it as a typed one does.
    let admission: Admission | undefined;
    let notices: string[] = [];
    if (media.hasMedia(turn)) {
      admission = await usage().admit(turn);
      if (!admission.allowed) return overLimit(channel, admission);
      const prepared = await media.prepare(turn);
      if ('reply' in prepared) return prepared.reply;
      notices = prepared.notices;
    }
    // An answer to a proposed action needs no model (and is no agent turn).
    const verdict = await pendingActions.answer(turn, channel, who);
    if (verdict !== 'continue') return verdict.reply;
    admission ??= await usage().admit(turn);
    if (!admission.allowed) return overLimit(channel, admission);
    const admitted = admission;
    try {
      const answered = await (agent
        ? agent(turn, who, channel)
        : getService(strapi, 'agent').answer(turn, who, channel));
      return withNotices(await handoff.after(turn, channel, answered), notices);
    } finally {
      await usage()
        .settle(turn.account, admitted)
        .catch((error: unknown) =>
          strapi.log.warn(`[whatsapp-agent] Usage limits not re-checked after a turn: ${String(error)}`)
        );
    }
  };

  return service;
};

export type RouterService = ReturnType<typeof createRouterService>;
