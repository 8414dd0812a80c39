import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import { getService } from '../utils/get-service';
import { findPhrases, generatePhrase, hashPhrase, looksLikePhrase } from './link-phrase';
import { maskEmail, maskName } from './mask';

const HOUR_MS = 3_600_000;

/** Linking cannot work here yet (no WhatsApp number is configured): a 503 for the member's web page. */
export class LinkingUnavailableError extends Error {
  override readonly name = 'LinkingUnavailableError';
}

export type RedeemResult =
  | { outcome: 'linked'; name: string; email: string }
  | { outcome: 'wrong' }
  | { outcome: 'locked'; minutes: number }
  | { outcome: 'no-phrase' };

/** Wrong phrases of this sender in the current hour, and when that hour started. */
const failedAttempts = (channel: Pick<Channel, 'linkAttempts' | 'linkAttemptsSince'>, now = Date.now()) => {
  const since = channel.linkAttemptsSince?.getTime() ?? 0;
  const inWindow = now - since < HOUR_MS;
  return {
    attempts: inWindow ? channel.linkAttempts : 0,
    since: new Date(inWindow ? since : now),
    minutesLeft: Math.max(1, Math.ceil((since + HOUR_MS - now) / 60_000)),
  };
};

/**
 * One-time linking phrases: issued to a logged-in member on the web, redeemed from the phone.
 * Redeeming binds the sending channel to a new session of the member (see the identity service).
 */
export const createLinkingService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { channels, linkCodes } = createRepositories(strapi);
  const config = () => getService(strapi, 'pluginConfig').get().linking;
  const hash = (phrase: string) => hashPhrase(phrase, getService(strapi, 'crypto').hashingKey());

  return {
    /** A new phrase for the member; any phrase they had before stops working. */
    async issue(userId: number) {
      const number = getService(strapi, 'settings').twilio()?.whatsappNumber;
      if (!number)
        throw new LinkingUnavailableError(
          'WhatsApp is not set up for this community yet (no WhatsApp number is configured).'
        );

      const now = new Date();
      if (
        (await linkCodes.countIssuedSince(userId, new Date(now.getTime() - 600_000))) >=
        config().maxCodesPer10Minutes
      ) {
        throw new errors.RateLimitError(
          'Too many linking phrases requested: wait a few minutes and try again.'
        );
      }

      const code = generatePhrase();
      const expiresAt = new Date(now.getTime() + config().codeTtlSeconds * 1000);
      await linkCodes.replaceActive({ userId, codeHash: hash(code), kind: 'whatsapp', expiresAt });

      const text = `Link my WhatsApp to my account: ${code}`;
      return {
        code,
        expiresAt: expiresAt.toISOString(),
        channel: 'whatsapp' as const,
        number,
        deepLink: `https://wa.me/${number.replace(/^\+/, '')}?text=${encodeURIComponent(text)}`,
      };
    },

    /**
     * Looks for a phrase in a message from an unlinked (or differently linked) channel and, if
     * one is valid, consumes it and binds the channel — in one transaction. A channel bound to
     * someone else is unbound first (old session revoked, history erased).
     */
    async redeem(channel: Channel, text: string): Promise<RedeemResult> {
      const phrases = findPhrases(text);
      if (phrases.length === 0 && !looksLikePhrase(text)) return { outcome: 'no-phrase' };

      const state = failedAttempts(channel);
      if (state.attempts >= config().maxFailedAttemptsPerHour)
        return { outcome: 'locked', minutes: state.minutesLeft };

      const now = new Date();
      const identity = getService(strapi, 'identity');
      const userId = await strapi.db.transaction(async () => {
        for (const phrase of phrases) {
          const code = await linkCodes.findActive(hash(phrase), now);
          if (!code || !(await linkCodes.consume(code.id, now))) continue;
          if (channel.status === 'linked') await identity.unbind(channel);
          await identity.bind(channel, code.userId);
          return code.userId;
        }
        return undefined;
      });

      if (userId === undefined) {
        await channels.recordFailedLinkAttempts(channel.id, state.attempts + 1, state.since);
        return { outcome: 'wrong' };
      }
      const user = await identity.loadUser(userId);
      if (!user) return { outcome: 'wrong' };
      return {
        outcome: 'linked',
        name: maskName(await identity.displayName(user)),
        email: maskEmail(user.email),
      };
    },
  };
};

export type LinkingService = ReturnType<typeof createLinkingService>;
