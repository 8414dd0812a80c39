import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { memberTemplateValues } from '../outbox/member-values';
import { windowState } from '../outbox/window';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import { PERSON_KEY_PREFIX } from '../repositories/conversation-timeline';
import { getService } from '../utils/get-service';
import { inLanguage } from '../languages/context';
import { createMemberLanguage } from '../languages/member-language';
import { shownManagerName } from './handoff';
import { managerActor, type Manager } from './service';

export type ManagerReplyInput = { text: string } | { reengage: true };

/**
 * A community manager's reply: an ordinary outbound message that belongs to no turn. It goes
 * through the outbox (split, paced, status callbacks, undelivered parts kept with their reason),
 * billed as kind `person` to the member's community. Inside WhatsApp's 24-hour window it is the
 * manager's text; outside it only the re-engagement template can go, or the reply is refused
 * with the reason before anything is recorded.
 */
export const createManagerReply = (strapi: Core.Strapi) => {
  const { outbound } = createRepositories(strapi);
  const handoff = () => getService(strapi, 'handoff');

  const memberLanguage = createMemberLanguage(strapi);
  return async (channel: Channel, manager: Manager, input: ManagerReplyInput, community: string) => {
    if (channel.status !== 'linked')
      throw new errors.ApplicationError(
        'This number is no longer linked to a member: nobody would get the reply.'
      );
    const state = await handoff().repository.stateOf(channel.id);
    if (state?.answeredBy === 'person' && state.assigneeId !== manager.id) {
      throw new errors.ApplicationError(
        'Another manager has this conversation: assign it to yourself first (Assign to me), then reply.'
      );
    }
    const window = windowState(channel);
    const template = getService(strapi, 'settings').template('reengagement');
    if (!window.open && !('reengage' in input))
      throw new errors.ValidationError(`${window.reason}. Send the re-engagement template instead.`);
    if (!window.open && !template)
      throw new errors.ValidationError(
        `${window.reason}; no re-engagement template is set (Settings → WhatsApp agent → Templates).`
      );
    if (window.open && !('text' in input))
      throw new errors.ValidationError('The member can be written to freely now: write your reply as text.');
    // Replying is taking the conversation: the assistant falls silent before the reply goes out.
    if (state?.answeredBy !== 'person') {
      const took = await handoff().assign(channel, manager, {
        assigneeId: manager.id,
        expectedAssigneeId: state?.assigneeId ?? null,
        community,
      });
      if (!took) throw new errors.ApplicationError('Another manager took this conversation a moment ago.');
    }

    const { managerName } = getService(strapi, 'settings').handoff();
    const text =
      'text' in input
        ? inLanguage(await memberLanguage.ofChannel(channel), () =>
            handoff().say('managerReply', { name: shownManagerName(manager, managerName), text: input.text })
          )
        : 'Re-engagement template (the member is asked to write again)';
    const turnKey = `${PERSON_KEY_PREFIX}${crypto.randomUUID()}`;
    const account = await getService(strapi, 'usage').accountOf(channel.user?.id ?? null);
    // Who wrote it, before it is sent: the conversation view and the assistant's history name them.
    await handoff().repository.record(channel.id, {
      kind: 'reply',
      actor: managerActor(manager),
      turnKey,
      community,
    });
    try {
      await getService(strapi, 'outbox').deliver({
        channel,
        text,
        turnKey,
        account,
        ledgerKind: 'person',
        startedBy: 'us',
        template: { purpose: 'reengagement', values: () => memberTemplateValues(strapi, account) },
      });
    } catch (error) {
      // Not taken by Twilio after its retries: nothing was sent, the manager may send it again.
      await outbound.forgetUnoffered(turnKey);
      throw new errors.ApplicationError(
        `Twilio did not take the reply (${error instanceof Error ? error.message : String(error)}); nothing was sent. Try again in a moment.`
      );
    }
    await handoff().repository.markReplied(channel.id, new Date());
    return { turnKey, parts: await outbound.partsOfTurn(turnKey) };
  };
};
