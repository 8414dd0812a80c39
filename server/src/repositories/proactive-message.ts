import type { Core } from '@strapi/strapi';
import { CONTENT_TYPE } from '../constants';
import { isUniqueViolation } from '../utils/db-errors';

export type ProactiveKind = 'reminder' | 'digest';
export type ProactiveStatus = 'sending' | 'sent' | 'skipped' | 'failed';

export type ProactiveClaim = {
  /** What makes it one message: kind, member and subject, e.g. `reminder:1440:42:evt123`. */
  key: string;
  kind: ProactiveKind;
  channelId: number;
  userId: number;
  dueAt: Date;
};

/**
 * The only code that reads or writes proactive messages. A message is claimed by inserting its
 * unique key: of two instances (or a restart) finding it due, one insert succeeds and only that
 * one sends it — at most once, even should the sender crash after the claim. A claim whose
 * message was not offered to the provider at all (a failure before it) is released and tried
 * again by the next look.
 */
export const createProactiveMessageRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.proactiveMessage);

  return {
    /** The keys among these already claimed (one query: a tick skips them without trying). */
    async claimedAmong(keys: string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await query().findMany({ select: ['key'], where: { key: { $in: keys } } });
      return new Set(rows.map((row) => String(row.key)));
    },

    /** True when this call claimed it; false when someone else already had. */
    async claim(claim: ProactiveClaim): Promise<boolean> {
      try {
        await query().create({ data: { ...claim, status: 'sending' } });
        return true;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },

    async finish(key: string, status: Exclude<ProactiveStatus, 'sending'>, detail?: string) {
      await query().updateMany({
        where: { key },
        data: { status, detail: detail ?? null, updatedAt: new Date() },
      });
    },

    /** Gives a claim up (nothing was offered to the provider): the next look claims it afresh. */
    async release(key: string) {
      await query().deleteMany({ where: { key, status: 'sending' } });
    },

    /** With the channels (the member's account deleted): nothing of theirs stays behind. */
    async deleteOfChannels(channelIds: number[]) {
      if (channelIds.length > 0) await query().deleteMany({ where: { channelId: { $in: channelIds } } });
    },
  };
};
