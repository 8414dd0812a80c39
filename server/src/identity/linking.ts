import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { createRepositories } from '../repositories';
import type { Channel } from '../repositories/channel';
import { getService } from '../utils/get-service';
import { createFailureGuard } from './failure-guard';
import {
  DEEP_LINK_WORDING,
  findPhrases,
  generatePhrase,
  hashPhrase,
  isOnlyPhrase,
  looksLikePhrase,
} from './link-phrase';
import { maskEmail, maskName } from './mask';
import type { Language } from '../languages/supported';

const HOUR_MS = 3_600_000;

/** Linking cannot work here yet (no WhatsApp number is configured): a 503 for the member's web page. */
export class LinkingUnavailableError extends Error {
  override readonly name = 'LinkingUnavailableError';
}

export type RedeemResult =
  /** `language`: the one the member's profile names, if any (the confirmation is said in it). */
  | { outcome: 'linked'; name: string; email: string; language?: Language }
  | { outcome: 'wrong' }
  | { outcome: 'locked'; minutes: number }
  | { outcome: 'no-phrase' };

/** Wrong phrases of this sender in the current hour, and when that hour started. */
const failedAttempts = (channel: Pick<Channel, 'linkAttempts' | 'linkAttemptsSince'>, now = Date.now()) => {
  const recorded = channel.linkAttemptsSince?.getTime() ?? 0;
  const inWindow = now - recorded < HOUR_MS;
  // A new window starts with this attempt: a lock-out it causes lasts the whole hour.
  const since = inWindow ? recorded : now;
  return {
    attempts: inWindow ? channel.linkAttempts : 0,
    since: new Date(since),
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
  const guard = createFailureGuard({
    limitPerMinute: () => config().maxFailedPhrasesPerMinute,
    warn: (message) => strapi.log.warn(message),
  });

  return {
    /** A new phrase for the member; any phrase they had before stops working. */
    async issue(userId: number) {
      // The number of the member's community: a community with its own sender is written to there.
      const { community } = await getService(strapi, 'usage').accountOf(userId);
      const number = await getService(strapi, 'senders').contactNumber(community);
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

      const text = `${DEEP_LINK_WORDING} ${code}`;
      return {
        code,
        expiresAt: expiresAt.toISOString(),
        channel: 'whatsapp' as const,
        number,
        deepLink: `https://wa.me/${number.replace(/^\+/, '')}?text=${encodeURIComponent(text)}`,
      };
    },

    /**
     * Looks for linking phrases in a turn and, if one is valid, consumes it and binds the channel
     * (a channel bound to someone else is unbound first: old session revoked, conversation
     * erased). Every phrase tried is one attempt: at most `maxPhrasesPerTurn` per turn, looked up
     * in one query, and each wrong one counts against the sender (per hour, never reset by a
     * success) and against the global guard. From a linked member, only a message that names an
     * active phrase or is nothing but a phrase is an attempt; anything else is a question.
     */
    async redeem(channel: Channel, text: string): Promise<RedeemResult> {
      const phrases = findPhrases(text);
      if (phrases.length === 0 && !looksLikePhrase(text)) return { outcome: 'no-phrase' };

      const { maxFailedAttemptsPerHour, maxPhrasesPerTurn } = config();
      const state = failedAttempts(channel);
      const lockedOut = () => state.attempts >= maxFailedAttemptsPerHour || guard.isTripped();
      // The sender's own lock-out lasts the rest of their hour; the global brake, a minute.
      const locked = (senderLocked = state.attempts >= maxFailedAttemptsPerHour): RedeemResult => ({
        outcome: 'locked',
        minutes: senderLocked ? state.minutesLeft : 1,
      });
      const linked = channel.status === 'linked';
      if (!linked && lockedOut()) return locked();

      const now = new Date();
      const remaining = Math.max(0, maxFailedAttemptsPerHour - state.attempts);
      const hashes = phrases.slice(0, Math.min(maxPhrasesPerTurn, remaining)).map(hash);
      const active = await linkCodes.findActive(hashes, now);
      if (linked) {
        if (active.size === 0 && !isOnlyPhrase(text)) return { outcome: 'no-phrase' };
        if (lockedOut()) return locked();
      }

      const identity = getService(strapi, 'identity');
      let linkedTo: number | undefined;
      for (const codeHash of hashes) {
        const code = active.get(codeHash);
        if (!code) continue;
        // Only the consume + bind is one transaction; the lookups ran before it.
        const bound = await strapi.db.transaction(async () => {
          // Conditional update: of two messages racing with the same phrase, one wins.
          if (!(await linkCodes.consume(code.id, now))) return false;
          if (channel.status === 'linked') await identity.unbind(channel);
          await identity.bind(channel, code.userId);
          return true;
        });
        if (bound) {
          linkedTo = code.userId;
          break;
        }
      }

      // A phrase-shaped text that is no phrase ("amber-falcon-xyz-123") is one wrong attempt too.
      const wrong = hashes.length > 0 ? hashes.filter((codeHash) => !active.has(codeHash)).length : 1;
      const failures = linkedTo === undefined ? Math.max(wrong, 1) : wrong;
      if (failures > 0) {
        await channels.recordFailedLinkAttempts(channel.id, state.attempts + failures, state.since);
        guard.record(failures);
      }
      if (linkedTo === undefined) {
        // The guess that uses up the sender's hour says so at once: no further reply is owed.
        return state.attempts + failures < maxFailedAttemptsPerHour ? { outcome: 'wrong' } : locked(true);
      }

      const user = await identity.loadUser(linkedTo);
      if (!user) return { outcome: 'wrong' };
      return {
        outcome: 'linked',
        name: maskName(await identity.displayName(user)),
        email: maskEmail(user.email),
        language: await identity.language(user),
      };
    },
  };
};

export type LinkingService = ReturnType<typeof createLinkingService>;
