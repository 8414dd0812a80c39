import type { Core } from '@strapi/strapi';
import type { TemplatePurpose } from '../settings/template-schemas';
import type { LinkedIdentity } from '../identity';
import { memberTemplateValues } from '../outbox/member-values';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import type { ProactiveClaim } from '../repositories/proactive-message';
import { getService } from '../utils/get-service';
import { inLanguage } from '../languages/context';
import { createMemberLanguage } from '../languages/member-language';
import type { TurnAccount } from '../usage/ledger';
import { hasOptedIn, type ProactiveKind as ConsentKind } from './consent';

export type ProactiveMessage = {
  text: string;
  /** Its template outside the 24-hour window, and the values only this message knows (event, list…). */
  template: { purpose: TemplatePurpose; values: Record<string, string | undefined> };
};

/**
 * Sends one proactive message at most once: claimed by its unique key first (another instance or
 * a restart that finds it due does nothing), then composed as the member — their session must
 * still be valid, and what it says is read with their permissions — and delivered through the
 * outbox (rate limits, splitting, the window and its template, status callbacks, the ledger).
 */
export const createProactiveSender = (strapi: Core.Strapi) => {
  const { proactive, channels, outbound } = createRepositories(strapi);
  const memberLanguage = createMemberLanguage(strapi);

  return {
    /** The member's most recently linked channel that opted in to `kind`, if any. */
    async channelFor(userId: number, kind: ConsentKind): Promise<Channel | undefined> {
      return (await channels.listLinkedOfUser(userId)).find((channel) => hasOptedIn(channel.consent, kind));
    },

    /** Keys already claimed, to skip without trying. */
    claimedAmong: (keys: string[]) => proactive.claimedAmong(keys),

    /**
     * Claims the message and, if this call got it, composes it as the member (`compose` answers
     * why not, as text, when there is nothing to say: the event is gone, or they may no longer
     * see it) and sends it. Returns what happened.
     */
    async send(
      claim: ProactiveClaim,
      compose: (user: LinkedIdentity['user'], account: TurnAccount) => Promise<ProactiveMessage | string>
    ): Promise<'sent' | 'skipped' | 'claimed elsewhere' | 'failed'> {
      if (!(await proactive.claim(claim))) return 'claimed elsewhere';
      const skip = async (reason: string) => {
        await proactive.finish(claim.key, 'skipped', reason);
        return 'skipped' as const;
      };
      try {
        // Read afresh once claimed: the session and the window as they are now.
        const current = await channels.findForTurn(claim.channelId);
        const identity = current && (await getService(strapi, 'identity').resolve(current));
        if (!current || !identity?.linked || identity.user.id !== claim.userId)
          return await skip('The channel is no longer linked to this member');
        const account = await getService(strapi, 'usage').accountOf(claim.userId);
        // Composed in the member's language (their profile's, else the one they last wrote in).
        const language = await memberLanguage.ofChannel(current);
        const message = await inLanguage(language, () => compose(identity.user, account));
        if (typeof message === 'string') return await skip(message);
        const turnKey = `proactive:${claim.key}`;
        await getService(strapi, 'outbox').deliver({
          channel: current,
          text: message.text,
          turnKey,
          account,
          startedBy: 'us',
          template: {
            purpose: message.template.purpose,
            values: async () => ({
              ...(await memberTemplateValues(strapi, account)),
              ...message.template.values,
            }),
          },
        });
        const notSent = (await outbound.partsOfTurn(turnKey)).find(
          (part) => part.status === 'not_sent_window_closed'
        );
        if (notSent)
          return await skip('Outside the 24-hour window and no template set (see its outbound part)');
        await proactive.finish(claim.key, 'sent');
        return 'sent';
      } catch (error) {
        // Nothing offered to the provider yet (Twilio down, a database error while composing): the
        // claim is released and the next look tries again, while the message is still due. Once a
        // part was offered its fate is the provider's: never sent twice.
        const retry = await outbound
          .forgetUnoffered(`proactive:${claim.key}`)
          .then((forgotten) => forgotten && proactive.release(claim.key).then(() => true))
          .catch(() => false);
        if (!retry) await proactive.finish(claim.key, 'failed', String(error)).catch(() => undefined);
        strapi.log.warn(
          `[whatsapp-agent] Proactive message ${claim.key} ${retry ? 'not sent, tried again on the next look' : 'failed'}: ${String(error)}`
        );
        return 'failed';
      }
    },
  };
};

export type ProactiveSender = ReturnType<typeof createProactiveSender>;
