import type { Core } from '@strapi/strapi';
import { findPhrases, generatePhrase, hashPhrase, looksLikePhrase } from '../identity/link-phrase';
import { maskEmail, maskName } from '../identity/mask';
import { uid } from '../plugin-id';
import { getService } from '../utils/get-service';
import type { ChannelRow } from './identity';

const LINK_CODE = uid('link-code');
const CHANNEL = uid('channel');
const HOUR_MS = 3_600_000;

export class LinkingError extends Error {
  constructor(
    readonly status: 429 | 503,
    message: string
  ) {
    super(message);
  }
}

export type RedeemResult =
  | { outcome: 'linked'; name: string; email: string }
  | { outcome: 'wrong' }
  | { outcome: 'locked'; minutes: number }
  | { outcome: 'no-phrase' };

/**
 * One-time linking phrases: issued to a logged-in member on the web, redeemed from the phone.
 * Redeeming binds the sending channel to a new session of the member (see the identity service).
 */
export const createLinkingService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService(strapi, 'pluginConfig').get().linking;
  const hash = (phrase: string) => hashPhrase(phrase, getService(strapi, 'crypto').hashingKey());

  /** Counts a wrong phrase; returns the minutes left of a lock-out, if this sender is locked out. */
  const lockout = (channel: { linkAttempts?: number | null; linkAttemptsSince?: string | Date | null }) => {
    const since = channel.linkAttemptsSince ? new Date(channel.linkAttemptsSince).getTime() : 0;
    const inWindow = Date.now() - since < HOUR_MS;
    const attempts = inWindow ? (channel.linkAttempts ?? 0) : 0;
    return { attempts, since: inWindow ? since : Date.now(), minutesLeft: Math.max(1, Math.ceil((since + HOUR_MS - Date.now()) / 60_000)) };
  };

  return {
    /** A new phrase for the member; any phrase they had before stops working. */
    async issue(userId: number) {
      const number = getService(strapi, 'settings').twilio()?.whatsappNumber;
      if (!number) throw new LinkingError(503, 'WhatsApp is not set up for this community yet (no WhatsApp number is configured).');

      const now = new Date();
      const recent = await strapi.db.query(LINK_CODE).count({ where: { user: { id: userId }, createdAt: { $gt: new Date(now.getTime() - 600_000) } } });
      if (recent >= config().maxCodesPer10Minutes) {
        throw new LinkingError(429, 'Too many linking phrases requested: wait a few minutes and try again.');
      }

      const code = generatePhrase();
      const expiresAt = new Date(now.getTime() + config().codeTtlSeconds * 1000);
      await strapi.db.transaction(async () => {
        // Selected first: Strapi's updateMany cannot filter on a relation.
        const active = await strapi.db.query(LINK_CODE).findMany({ select: ['id'], where: { user: { id: userId }, usedAt: null, revokedAt: null } });
        if (active.length > 0) await strapi.db.query(LINK_CODE).updateMany({ where: { id: { $in: active.map((code) => code.id) } }, data: { revokedAt: now } });
        await strapi.db.query(LINK_CODE).create({ data: { user: userId, codeHash: hash(code), kind: 'whatsapp', expiresAt } });
      });

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
    async redeem(channel: ChannelRow & { linkAttempts?: number | null; linkAttemptsSince?: string | Date | null }, text: string): Promise<RedeemResult> {
      const phrases = findPhrases(text);
      if (phrases.length === 0 && !looksLikePhrase(text)) return { outcome: 'no-phrase' };

      const state = lockout(channel);
      if (state.attempts >= config().maxFailedAttemptsPerHour) return { outcome: 'locked', minutes: state.minutesLeft };

      const now = new Date();
      const identity = getService(strapi, 'identity');
      const userId = await strapi.db.transaction(async () => {
        for (const phrase of phrases) {
          const where = { codeHash: hash(phrase), usedAt: null, revokedAt: null, expiresAt: { $gt: now } };
          const code = await strapi.db.query(LINK_CODE).findOne({ where, populate: ['user'] });
          if (!code?.user) continue;
          // Conditional update: of two messages racing with the same phrase, one wins.
          const { count } = await strapi.db.query(LINK_CODE).updateMany({ where: { id: code.id, usedAt: null }, data: { usedAt: now } });
          if (count !== 1) continue;
          if (channel.status === 'linked') await identity.unbind(channel);
          await identity.bind(channel, code.user.id);
          return code.user.id as number;
        }
        return undefined;
      });

      if (userId === undefined) {
        await strapi.db.query(CHANNEL).update({ where: { id: channel.id }, data: { linkAttempts: state.attempts + 1, linkAttemptsSince: new Date(state.since) } });
        return { outcome: 'wrong' };
      }
      const user = await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: userId } });
      return { outcome: 'linked', name: maskName(await identity.displayName(user)), email: maskEmail(user.email) };
    },
  };
};

export type LinkingService = ReturnType<typeof createLinkingService>;
