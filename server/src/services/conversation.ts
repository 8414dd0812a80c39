import type { Core } from '@strapi/strapi';
import { endReasons, linkPage, type MessageKey } from '../identity/messages';
import { maskName } from '../identity/mask';
import { uid } from '../plugin-id';
import { getService } from '../utils/get-service';
import type { Turn, TurnReply } from './worker/turn';
import type { ChannelRow, Identity } from './identity';

const CHANNEL = uid('channel');

type LinkedIdentity = Extract<Identity, { linked: true }>;

/** Answers a linked member's turn (the agent service, unless replaced). */
export type Agent = (turn: Turn, identity: LinkedIdentity, channel: ChannelRow) => Promise<TurnReply>;

const COMMANDS = ['HELP', 'UNLINK', 'STOP', 'UNDO', 'RESET'] as const;
type Command = (typeof COMMANDS)[number];

/** A command is a message of just that word (any case, trailing punctuation allowed). */
const commandOf = (text: string): Command | undefined => {
  const word = text.trim().replace(/[.!?]+$/, '').toUpperCase();
  return (COMMANDS as readonly string[]).includes(word) ? (word as Command) : undefined;
};

/**
 * One turn of a conversation, in order: commands (never the LLM), then for an unknown sender a
 * linking phrase or the instructions, then for a linked sender identity → agent.
 */
export const createConversationService = ({ strapi }: { strapi: Core.Strapi }) => {
  let agent: Agent | undefined;
  const config = () => getService(strapi, 'pluginConfig').get();
  const identity = () => getService(strapi, 'identity');
  /** A fixed reply: the admin's text or the default, placeholders filled. */
  const say = (key: MessageKey, values: Record<string, string | number | undefined> = {}) =>
    getService(strapi, 'settings').message(key, { linkPage: linkPage(config().linking.pageUrl), undoMinutes: Math.round(config().linking.undoWindowSeconds / 60), ...values });

  const loadChannel = async (id: number): Promise<ChannelRow & Record<string, any>> => strapi.db.query(CHANNEL).findOne({ where: { id }, populate: ['user'] });

  const linkedName = async (channel: ChannelRow) => (channel.user ? maskName(await identity().displayName(channel.user as never)) : undefined);

  const runCommand = async (command: Command, channel: ChannelRow): Promise<string> => {
    const linked = channel.status === 'linked';
    switch (command) {
      case 'HELP':
        return say('help', {
          status: linked ? `This number is linked to ${await linkedName(channel)}. Ask me about members and events of the community.` : 'This number is not linked to an account yet.',
        });
      case 'RESET':
        await strapi.db.query(CHANNEL).update({ where: { id: channel.id }, data: { history: [] } });
        return say('reset');
      case 'UNLINK':
      case 'STOP': {
        if (!linked) return say('notLinked');
        const name = await linkedName(channel);
        await identity().unbind(channel);
        return say('unlinked', { name });
      }
      case 'UNDO': {
        if (!linked) return say('notLinked');
        const windowMs = config().linking.undoWindowSeconds * 1000;
        if (!channel.linkedAt || Date.now() - new Date(channel.linkedAt).getTime() > windowMs) return say('undoExpired');
        const name = (await linkedName(channel)) ?? 'that account';
        await identity().unbind(channel);
        return say('undone', { name });
      }
    }
  };

  /** Linking instructions, at most once per interval per sender: strangers cannot make us spam (or pay). */
  const instructionsOnce = async (channel: ChannelRow & { noticeSentAt?: string | Date | null }) => {
    const intervalMs = config().linking.instructionsIntervalSeconds * 1000;
    if (channel.noticeSentAt && Date.now() - new Date(channel.noticeSentAt).getTime() < intervalMs) return null;
    await strapi.db.query(CHANNEL).update({ where: { id: channel.id }, data: { noticeSentAt: new Date() } });
    return say('instructions');
  };

  return {
    /** Replaces the agent (tests, custom agents); `undefined` restores the LLM agent. */
    setAgent(next: Agent | undefined) {
      agent = next;
    },

    async handle(turn: Turn): Promise<TurnReply> {
      let channel = await loadChannel(turn.channel.id);
      const command = commandOf(turn.text);
      if (command) return runCommand(command, channel);

      // A phrase is honoured from any sender, linked or not: it is how a number moves to another account.
      const redeemed = await getService(strapi, 'linking').redeem(channel, turn.text);
      if (redeemed.outcome === 'linked') return say('linked', { name: redeemed.name, email: redeemed.email });
      if (redeemed.outcome === 'locked') return say('lockedOut', { minutes: redeemed.minutes });
      if (redeemed.outcome === 'wrong') return say('wrongPhrase');

      if (channel.status !== 'linked') return instructionsOnce(channel);
      const who = await identity().resolve(channel);
      if (!who.linked) return who.ended ? say('relinkNeeded', { reason: endReasons[who.ended] }) : instructionsOnce(channel);
      channel = await loadChannel(turn.channel.id);
      return agent ? agent(turn, who, channel) : getService(strapi, 'agent').answer(turn, who, channel);
    },
  };
};

export type ConversationService = ReturnType<typeof createConversationService>;
