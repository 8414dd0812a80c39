import type { Core } from '@strapi/strapi';
import { CONTENT_TYPE } from '../constants';
import { isUniqueViolation } from '../utils/db-errors';
import type { RawRow } from './rows';

/** A community's row: its own plan as stored (unvalidated; null: the default plan). */
export type CommunityPlanRow = { community: string; plan: unknown };

export type UsageEvent = 'nearLimit' | 'limitReached';

const PERIOD_COLUMN: Record<UsageEvent, string> = {
  nearLimit: 'nearLimitPeriod',
  limitReached: 'limitReachedPeriod',
};

/** The only code that reads or writes the community-plan table. */
export const createCommunityPlanRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.communityPlan);

  /** The community's row, created empty when it has none (two processes may race: one wins). */
  const ensure = async (community: string) => {
    if (await query().findOne({ select: ['id'], where: { community } })) return;
    try {
      await query().create({ data: { community, plan: null } });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  };

  return {
    async list(): Promise<CommunityPlanRow[]> {
      const rows: RawRow[] = await query().findMany({ select: ['community', 'plan'] });
      return rows.map((row) => ({ community: String(row.community), plan: row.plan ?? null }));
    },

    async savePlan(community: string, plan: unknown) {
      await ensure(community);
      await query().update({ where: { community }, data: { plan } });
    },

    /**
     * Claims the right to announce `event` for `period` ("2026-11"): true for exactly one caller
     * per community and period, across processes (a conditional update).
     */
    async claimEvent(community: string, event: UsageEvent, period: string): Promise<boolean> {
      await ensure(community);
      const column = PERIOD_COLUMN[event];
      const { count } = await query().updateMany({
        where: { community, $or: [{ [column]: null }, { [column]: { $ne: period } }] },
        data: { [column]: period },
      });
      return count > 0;
    },
  };
};

export type CommunityPlanRepository = ReturnType<typeof createCommunityPlanRepository>;
