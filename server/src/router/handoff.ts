import type { Core } from '@strapi/strapi';
import { describeRequest } from '../conversation/handoff-tool';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import { getService } from '../utils/get-service';
import type { Turn, TurnAnswer } from '../worker/turn';

const withNotice = (answer: TurnAnswer, notice: string): TurnAnswer => {
  if (answer === null) return notice;
  if (typeof answer === 'string') return [answer, notice].filter(Boolean).join('\n\n');
  // A question with buttons is not asked any more: a person answers from here on.
  return [answer.text, notice].filter(Boolean).join('\n\n');
};

/**
 * The handoff stage of a linked member's turn (README: People in the loop). Before the limits,
 * attachments and the model: the member's HUMAN / BOT, and while a person is asked for or has
 * the conversation, silence — the messages are stored for the managers, no model is called, the
 * member was told once when it changed. After the model: its handoff_to_person.
 */
export const createHandoffStage = (strapi: Core.Strapi) => {
  const { channels } = createRepositories(strapi);
  const handoff = () => getService(strapi, 'handoff');

  return {
    /** The reply (or silence) when this turn is not the assistant's; else the channel as it is now. */
    async before(turn: Turn, channel: Channel): Promise<{ reply: TurnAnswer } | { channel: Channel }> {
      const word = handoff().wordOf(turn.text);
      const { community } = turn.account;
      if (channel.answeredBy === 'assistant') {
        if (word !== 'request') return { channel };
        const moved = await handoff().request(
          channel,
          { kind: 'member' },
          'The member asked for a person',
          community
        );
        return { reply: handoff().say(moved ? 'handoffRequested' : 'handoffPending') };
      }
      if (word === 'back') {
        const outcome = await handoff().handBack(channel.id, { kind: 'member' });
        if (outcome === 'handedBack') return { reply: handoff().say('handoffEnded') };
      } else if (await handoff().absorb(channel.id, turn.messages[turn.messages.length - 1].id, community)) {
        // Said once when it changed; a repeated HUMAN is answered, other messages wait for the manager.
        return { reply: word === 'request' ? handoff().say('handoffPending') : null };
      }
      // Handed back since the turn began: the assistant answers, from the history as it is now.
      const now = await channels.findForTurn(channel.id);
      return now ? { channel: now } : { reply: null };
    },

    /** The model asked for a person: the member reads its words and then what happens now. */
    async after(turn: Turn, channel: Channel, answer: TurnAnswer): Promise<TurnAnswer> {
      const request = turn.writes.handoff;
      if (!request) return answer;
      const moved = await handoff().request(
        channel,
        { kind: 'assistant' },
        describeRequest(request),
        turn.account.community
      );
      return moved ? withNotice(answer, handoff().say('handoffRequested')) : answer;
    },
  };
};
