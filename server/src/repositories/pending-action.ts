import type { Core } from '@strapi/strapi';
import { CONTENT_TYPE } from '../constants';
import { toDate, toNumber, type RawRow } from './rows';

export type PendingActionStatus = 'pending' | 'executing' | 'done' | 'failed' | 'cancelled' | 'expired';

/** A write the agent proposed, waiting for the member's Yes on the channel it was proposed on. */
export type PendingAction = {
  id: number;
  channelId: number;
  userId: number;
  tool: string;
  args: Record<string, unknown>;
  /** The confirmation the member was asked, as sent. */
  question: string;
  status: PendingActionStatus;
  expiresAt: Date;
};

export type NewPendingAction = Omit<PendingAction, 'id' | 'status'>;

/** What is left of a proposal's content once erased: the row stays (its status, times and outcome). */
const ERASED = { question: '', args: {} };

const toAction = (row: RawRow): PendingAction => ({
  id: toNumber(row.id),
  channelId: toNumber(row.channelId),
  userId: toNumber(row.userId),
  tool: String(row.tool),
  args: (row.args ?? {}) as Record<string, unknown>,
  question: String(row.question),
  status: row.status as PendingActionStatus,
  expiresAt: toDate(row.expiresAt) ?? new Date(0),
});

/** The only code that reads or writes pending actions. */
export const createPendingActionRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.pendingAction);
  /** Moves an action on from `from` only: of two answers racing, one wins (a conditional update). */
  const move = async (id: number, from: PendingActionStatus, to: PendingActionStatus, outcome?: string) => {
    const { count } = await query().updateMany({
      where: { id, status: from },
      data: { status: to, ...(outcome !== undefined ? { outcome } : {}), updatedAt: new Date() },
    });
    return count > 0;
  };

  return {
    /** The channel's open proposal, if any (expired or not: the caller tells the member which). */
    async openOfChannel(channelId: number): Promise<PendingAction | null> {
      const row = await query().findOne({
        where: { channelId, status: 'pending' },
        orderBy: { id: 'desc' },
      });
      return row ? toAction(row) : null;
    },

    /** A new proposal; any earlier open one of the channel is cancelled (one question at a time). */
    async propose(action: NewPendingAction): Promise<PendingAction> {
      await query().updateMany({
        where: { channelId: action.channelId, status: 'pending' },
        data: { status: 'cancelled', outcome: 'replaced by a newer proposal', updatedAt: new Date() },
      });
      const row = await query().create({ data: { ...action, status: 'pending' } });
      return toAction(row);
    },

    /** pending → executing: true for exactly one caller, however many Yeses arrive. */
    claim: (id: number) => move(id, 'pending', 'executing'),
    finish: (id: number, outcome: { ok: boolean; text: string }) =>
      move(id, 'executing', outcome.ok ? 'done' : 'failed', outcome.text),
    cancel: (id: number, why: string) => move(id, 'pending', 'cancelled', why),
    expire: (id: number) => move(id, 'pending', 'expired'),

    /**
     * The channel's link ended (UNLINK, UNDO, a revoke…): its open proposal is cancelled, and what
     * every proposal of the channel said or carried is erased — the number's next owner (or the
     * same member, relinked) can confirm nothing proposed before.
     */
    async closeOfChannel(channelId: number) {
      const now = new Date();
      await query().updateMany({
        where: { channelId, status: 'pending' },
        data: { status: 'cancelled', outcome: 'the number was unlinked', updatedAt: now },
      });
      await query().updateMany({
        where: { channelId, question: { $ne: ERASED.question } },
        data: { ...ERASED, updatedAt: now },
      });
    },

    /** The retention job: erases the question and arguments of every proposal made before `before`. */
    async redactCreatedBefore(before: Date) {
      const { count } = await query().updateMany({
        where: { createdAt: { $lt: before }, question: { $ne: ERASED.question } },
        data: ERASED,
      });
      return count;
    },

    async deleteOfChannels(channelIds: number[]) {
      if (channelIds.length > 0) await query().deleteMany({ where: { channelId: { $in: channelIds } } });
    },
  };
};
