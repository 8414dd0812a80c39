import type { Core } from '@strapi/strapi';
import {
  burstAnswer,
  confirmationAnswer,
  confirmationTap,
  type ConfirmationTap,
} from '../agent/actions/confirm-words';
import { callHostRoute, hostUrl as hostUrlOf } from '../agent/actions/host-route';
import type { LinkedIdentity } from '../identity';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import type { PendingAction } from '../repositories/pending-action';
import { getService } from '../utils/get-service';
import type { Turn, TurnAnswer } from '../worker/turn';
import { hasOptedIn } from '../scheduler/consent';
import type { MessageKey } from './replies';

type Say = (key: MessageKey, values?: Record<string, string | number | undefined>) => string;

/** The stage's verdict: a reply (null: none, another turn answers), or on to the agent. */
export type PendingActionVerdict = { reply: TurnAnswer } | 'continue';

/** Taps as the REMIND ME command: reminders on, given with the RSVP. */
const REMIND_ME = { id: 'consent:reminders', title: 'Remind me' };

const asStatement = (question: string) => question.trim().replace(/[?？]+$/, '');

/**
 * What a turn answers, message by message (a burst of them is one turn): the taps on confirmation
 * buttons, each naming its question, and every other line as a typed (or transcribed) answer —
 * a tap's own line (the button's title) is not read a second time as typed.
 */
const answersOf = (turn: Turn) => {
  const lines = turn.text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const taps: ConfirmationTap[] = [];
  for (const message of turn.messages) {
    const tap = confirmationTap(message.buttonPayload);
    if (!tap) continue;
    taps.push(tap);
    const line = lines.indexOf(message.body.trim());
    if (line >= 0) lines.splice(line, 1);
  }
  return { taps, words: lines.map((line) => confirmationAnswer(line)) };
};

/**
 * The member's answer to an action the agent proposed on this channel. Yes runs it — once, by
 * the host's own route, as the member who was asked; No cancels it; anything else cancels it
 * and goes on to the agent as a new question; a late answer hears that it expired. A typed Yes
 * answers the latest open question; a tapped one only the question it was tapped on.
 */
export const createPendingActionStage = (strapi: Core.Strapi, say: Say) => {
  const { pendingActions } = createRepositories(strapi);
  const config = () => getService(strapi, 'pluginConfig').get().agent;
  const hostUrl = () => hostUrlOf(strapi);

  const execute = async (action: PendingAction, channel: Channel): Promise<TurnAnswer> => {
    const fail = async (reason: string) => {
      await pendingActions.finish(action.id, { ok: false, text: reason });
      return say('actionFailed', { reason });
    };
    const configured = getService(strapi, 'settings')
      .agent()
      .actions.find((candidate) => candidate.name === action.tool);
    if (!configured) return fail('this action is no longer offered.');
    const token = await getService(strapi, 'identity').accessToken(channel.id);
    if (!token) return fail('your WhatsApp link has ended; send a new linking phrase, then ask me again.');
    let result;
    try {
      result = await callHostRoute({
        baseUrl: hostUrl(),
        method: configured.method,
        path: configured.path,
        args: action.args,
        accessToken: token,
      });
    } catch (error) {
      strapi.log.warn(
        `[whatsapp-agent] Action ${action.tool} could not reach ${hostUrl()}: ${String(error)}`
      );
      return fail('the community site did not answer; ask me again in a few minutes.');
    }
    if (!result.ok) {
      const reason =
        result.status === 403
          ? 'you are not allowed to do that on the community site.'
          : `${result.message}.`;
      return fail(reason.replace(/\.\.$/, '.'));
    }
    await pendingActions.finish(action.id, { ok: true, text: `HTTP ${result.status}` });
    const done = say('actionDone', { what: asStatement(action.question) });
    if (!configured.offerReminders || hasOptedIn(channel.consent, 'reminders')) return done;
    return { text: `${done}\n\n${say('offerReminders')}`, buttons: [REMIND_ME] };
  };

  return {
    async answer(turn: Turn, channel: Channel, who: LinkedIdentity): Promise<PendingActionVerdict> {
      const { taps, words } = answersOf(turn);
      const action = await pendingActions.openOfChannel(channel.id);
      // A tap names its question: one on any other (answered, cancelled, replaced) writes nothing.
      const current = taps.filter((tap) => action && tap.proposalId === action.id);
      if (taps.length > 0 && current.length === 0 && words.length === 0) return { reply: say('actionStale') };
      if (!action) return 'continue';
      const answer = burstAnswer([...current.map((tap) => tap.answer), ...words]);
      if (action.expiresAt.getTime() <= Date.now()) {
        await pendingActions.expire(action.id);
        if (!answer) return 'continue';
        return { reply: say('actionExpired', { minutes: Math.round(config().actionTtlSeconds / 60) }) };
      }
      // Proposed to whoever this number acted as then: never confirmed by the number's next owner.
      if (action.userId !== who.user.id) {
        await pendingActions.cancel(action.id, 'the channel acts as another member now');
        return 'continue';
      }
      if (answer === 'no') {
        await pendingActions.cancel(action.id, 'the member said no');
        return { reply: say('actionCancelled') };
      }
      if (answer !== 'yes') {
        await pendingActions.cancel(action.id, 'the member wrote something else');
        return 'continue';
      }
      // Of two Yeses (or two processes), one runs it.
      if (!(await pendingActions.claim(action.id))) return { reply: null };
      const reply = await execute(action, channel);
      // The model learns at the next turn what happened.
      turn.writes.history = [
        ...channel.history,
        { role: 'user', content: turn.text },
        { role: 'assistant', content: typeof reply === 'string' ? reply : reply?.text },
      ];
      return { reply };
    },
  };
};
