import { isDeepStrictEqual } from 'node:util';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type {
  CommunityRef,
  CommunitySummary,
  CommunityUsage,
  LimitState,
  Plan,
  UsageReport,
  UsageTotals,
} from '../admin-api';
import { createCommunityDirectory, DEFAULT_COMMUNITY } from '../identity/communities';
import { createRepositories } from '../repositories';
import type { PeriodDelta } from '../repositories/usage-period';
import type { UsageGroup, UsageRow } from '../repositories/usage-record';
import { getService } from '../utils/get-service';
import { TURN_KINDS } from '../constants';
import { describeIssues, zodIssues } from '../utils/zod-issues';
import { dailyCsv, statementCsv } from './csv';
import { ledgerRows, type TurnAccount } from './ledger';
import { billableMicros, completePlan, limitState, planUpdateSchema, type MonthUsage } from './plans';
import { utcDay, utcMonth, type Month } from './period';
import { addGroup, addTotals, dailySeries, emptyTotals } from './report';
import { senderUsage } from './sender-usage';
import { emitUsageEvent } from './events';
import { estimatedTurnMicros } from './estimate';
import type { Turn } from '../worker/turn';

export type { TurnAccount } from './ledger';

/** Plans change rarely and are read on every turn: each process re-reads them this often. */
const PLANS_TTL_MS = 5_000;
/**
 * A member's communities are read once per turn, and again for the next turn only after this
 * long: a member writes in bursts, and moving to another community is rare (it shows within a minute).
 */
const COMMUNITIES_TTL_MS = 60_000;
const COMMUNITIES_CACHED = 10_000;

/** Why a turn does not reach the LLM: the community's plan, or the member's day. */
export type Admission =
  | { allowed: true; plan: Plan; spent: MonthUsage }
  | { allowed: false; reason: 'community' | 'member'; plan: Plan };

const unknownCommunity = (key: string) =>
  new errors.NotFoundError(
    `No community "${key}": use a documentId from GET /whatsapp-agent/communities, or "default"`
  );

/**
 * Usage, costs and plans: the ledger's rows for every message and LLM call, the plan of each
 * community, the limits checked before a turn reaches the LLM, and the reports and statements.
 */
export const createUsageService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { usage, plans, periods, reservations } = createRepositories(strapi);
  const directory = createCommunityDirectory(strapi);
  const options = () => getService(strapi, 'pluginConfig').get().usage;

  let cached: { at: number; plans: Map<string, Plan> } | undefined;
  const communitiesOf = new Map<number, { at: number; communities: CommunityRef[] }>();

  const defaultPlan = () => completePlan(options().defaultPlan, options().memberTurnsPerDay);

  /** The admins' plans by community (a stored plan that no longer validates is ignored). */
  const adminPlans = async (): Promise<Map<string, Plan>> => {
    if (cached && Date.now() - cached.at < PLANS_TTL_MS) return cached.plans;
    const byCommunity = new Map<string, Plan>();
    for (const row of await plans.list()) {
      const parsed = planUpdateSchema.safeParse(row.plan);
      if (parsed.success)
        byCommunity.set(row.community, completePlan(parsed.data, options().memberTurnsPerDay));
    }
    cached = { at: Date.now(), plans: byCommunity };
    return byCommunity;
  };

  const planOf = async (community: string) => {
    const own = (await adminPlans()).get(community);
    return { plan: own ?? defaultPlan(), planSource: own ? ('admin' as const) : ('default' as const) };
  };

  /** Tells the host once per period (eventHub), whichever process sees it first. */
  const announce = async (community: string, month: string, plan: Plan, limit: LimitState) => {
    const near = limit.percent !== null && limit.percent >= options().nearLimitPercent;
    if (near && (await plans.claimEvent(community, 'nearLimit', month)))
      emitUsageEvent(strapi, 'near-limit', { community, period: month, plan, limit });
    if (limit.state === 'reached' && (await plans.claimEvent(community, 'limitReached', month)))
      emitUsageEvent(strapi, 'limit-reached', { community, period: month, plan, limit });
  };

  /** Every community to report on: the host's, any the ledger or the plans name, and `default`. */
  const knownCommunities = async (extra: string[]): Promise<CommunityRef[]> => {
    const known = await directory.all();
    const keys = new Set(known.map((ref) => ref.key));
    const orphans = [...new Set(extra)].filter((key) => !keys.has(key)).map((key) => ({ key, name: key }));
    return [...known, ...orphans];
  };

  const report = async (month: Month, only?: string) => {
    const groups = await usage.groups({ fromDay: month.fromDay, toDay: month.toDay, community: only });
    const active = await usage.activeMembers({ fromDay: month.fromDay, toDay: month.toDay });
    const communities = (await knownCommunities(groups.map((group) => group.community))).filter(
      (ref) => !only || ref.key === only
    );
    return Promise.all(
      communities.map(async (community) => {
        const own = groups.filter((group) => group.community === community.key);
        const totals = emptyTotals();
        own.forEach((group) => addGroup(totals, group));
        totals.activeMembers = active.get(community.key) ?? 0;
        const { plan, planSource } = await planOf(community.key);
        const spent = { turns: totals.memberTurns, costMicros: totals.costMicros.total };
        const limit = limitState(plan, spent, options().nearLimitPercent);
        return {
          community,
          plan,
          planSource,
          totals,
          billableMicros: billableMicros(plan, spent),
          limit,
          groups: own,
        };
      })
    );
  };

  /**
   * This month's line of every community (or one), as GET /communities shows it: from the running
   * totals (one row per community), as the limit check reads them — grouping the month's ledger
   * took seconds at a million rows, and saving a plan asks for it.
   */
  const thisMonthSummaries = async (only?: string): Promise<CommunitySummary[]> => {
    const month = utcMonth(new Date());
    const totals = new Map((await periods.ofPeriod(month)).map((row) => [row.community, row]));
    const communities = (await knownCommunities([...totals.keys()])).filter(
      (ref) => !only || ref.key === only
    );
    return Promise.all(
      communities.map(async (community) => {
        const { plan, planSource } = await planOf(community.key);
        const own = totals.get(community.key);
        const spent = { turns: own?.turns ?? 0, costMicros: own?.costMicros ?? 0 };
        return {
          community,
          plan,
          planSource,
          month,
          memberTurns: spent.turns,
          costMicros: spent.costMicros,
          billableMicros: billableMicros(plan, spent),
          limit: limitState(plan, spent, options().nearLimitPercent),
        };
      })
    );
  };

  /**
   * Within the community's plan and the member's day, counting the turns in flight (but
   * `exceptChannelId`'s)? Decided with the community's month locked; `onAdmit` writes what holds
   * the admitted turn's place, in the same transaction.
   */
  const admitLocked = async (
    account: TurnAccount,
    exceptChannelId: number,
    now: Date,
    onAdmit: (counted: { turns: number; costMicros: number }, month: string) => Promise<unknown>
  ): Promise<Admission> => {
    const { plan } = await planOf(account.community);
    const month = utcMonth(now);
    const decision = await strapi.db.transaction(async () => {
      await periods.lock(account.community, month);
      const { memberTurnsToday, ...counted } = await usage.admissionFigures({
        community: account.community,
        period: month,
        userId: account.userId,
        day: utcDay(now),
      });
      const held = await reservations.held({
        community: account.community,
        period: month,
        userId: account.userId,
        exceptChannelId,
        now,
      });
      const spent = { turns: counted.turns + held.turns, costMicros: counted.costMicros + held.costMicros };
      const limit = limitState(plan, spent, options().nearLimitPercent);
      if (limit.state === 'reached') return { allowed: false as const, reason: 'community' as const, limit };
      if (memberTurnsToday + held.memberTurns >= plan.memberTurnsPerDay)
        return { allowed: false as const, reason: 'member' as const, limit };
      await onAdmit(counted, month);
      return { allowed: true as const, spent };
    });
    if (!decision.allowed) {
      if (decision.reason === 'community') await announce(account.community, month, plan, decision.limit);
      return { allowed: false, reason: decision.reason, plan };
    }
    return { allowed: true, plan, spent: decision.spent };
  };

  const service = {
    /** At bootstrap: the configured community path exists. */
    assertCommunityPath: () => directory.assertValid(),

    /** The ledger's row builders at the prices in force now. */
    rows: () => {
      const prices = getService(strapi, 'settings').prices();
      // Meta's Cloud API has no BSP in between: WhatsApp messages carry Meta's prices only.
      const bsp = getService(strapi, 'adapters').forKind('whatsapp')?.bspFeePerMessage ?? true;
      return ledgerRows(bsp ? prices : { ...prices, twilioWhatsappMessageUsd: 0 });
    },
    /**
     * Writes ledger rows (those not counted yet) and adds them to their communities' monthly
     * totals, in the caller's transaction (or one of their own).
     */
    async record(rows: UsageRow[]) {
      await strapi.db.transaction(async () => {
        const written = await usage.record(rows);
        const deltas = new Map<string, PeriodDelta>();
        for (const row of written) {
          const period = utcMonth(row.occurredAt);
          const key = `${row.community}\u0000${period}`;
          const delta = deltas.get(key) ?? { community: row.community, period, turns: 0, costMicros: 0 };
          if (TURN_KINDS.includes(row.kind)) delta.turns += 1;
          delta.costMicros += (row.twilioMicros ?? 0) + (row.metaMicros ?? 0) + (row.llmMicros ?? 0);
          deltas.set(key, delta);
        }
        // Always in the same order: two transactions adding to the same months never lock them crosswise.
        await periods.add(
          [...deltas.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, delta]) => delta)
        );
      });
    },

    /** Who a turn is on, resolved once per turn: strangers are in `default`. */
    async accountOf(userId: number | null): Promise<TurnAccount> {
      if (userId === null)
        return { userId, community: DEFAULT_COMMUNITY.key, communities: [DEFAULT_COMMUNITY] };
      let known = communitiesOf.get(userId);
      if (!known || Date.now() - known.at > COMMUNITIES_TTL_MS) {
        known = { at: Date.now(), communities: await directory.ofUser(userId) };
        // Oldest first: a Map keeps insertion order.
        communitiesOf.delete(userId);
        communitiesOf.set(userId, known);
        if (communitiesOf.size > COMMUNITIES_CACHED) communitiesOf.delete(communitiesOf.keys().next().value!);
      }
      return { userId, community: known.communities[0].key, communities: known.communities };
    },

    /**
     * Before a turn reaches the LLM: within the community's plan and the member's day, counting
     * the turns other conversations have in flight? An admitted turn holds its place (a
     * reservation, `turn.writes.reserved`) until the worker counts the turn or gives it up, in the
     * transaction that ends it. Admissions to one community's month take turns (a row lock): 20
     * members writing at once to a plan of 3 get 3 answers, on any number of processes.
     */
    async admit(turn: Pick<Turn, 'account' | 'channel' | 'writes'>, now = new Date()): Promise<Admission> {
      const { account } = turn;
      const admission = await admitLocked(account, turn.channel.id, now, (counted, month) =>
        reservations.hold({
          channelId: turn.channel.id,
          leaseOwner: getService(strapi, 'worker').owner,
          community: account.community,
          period: month,
          userId: account.userId,
          costMicros: estimatedTurnMicros(counted, getService(strapi, 'settings').prices()),
        })
      );
      if (admission.allowed) turn.writes.reserved = true;
      return admission;
    },

    /**
     * A tool call from the member's own assistant (MCP): admitted like a turn (the community's
     * plan, the member's day, the turns in flight elsewhere) and counted at once, in the same
     * locked transaction — a call has no reply to wait for, so it holds no reservation.
     */
    async admitMcpCall(account: TurnAccount, callKey: string, now = new Date()): Promise<Admission> {
      // No channel has id 0: every turn in flight counts.
      const admission = await admitLocked(account, 0, now, () =>
        service.record([service.rows().mcp(account, callKey)])
      );
      if (admission.allowed) await service.settle(account, admission, now);
      return admission;
    },

    /** The turn is over (counted or not): its place is free. In the transaction that counts it. */
    async release(turn: Pick<Turn, 'channel' | 'writes'>) {
      if (!turn.writes.reserved) return;
      await reservations.release(turn.channel.id);
      turn.writes.reserved = false;
    },

    /**
     * After an admitted turn: announces a limit neared or reached by it. A turn plan counts this
     * turn onto what the check before it read (the turns in flight included); only a cost cap
     * needs the month read again.
     */
    async settle(account: TurnAccount, admission: Admission & { allowed: true }, now = new Date()) {
      const { plan } = admission;
      const month = utcMonth(now);
      const spent =
        plan.kind === 'passthrough'
          ? plan.capUsd === null
            ? admission.spent
            : await periods.read(account.community, month)
          : { ...admission.spent, turns: admission.spent.turns + 1 };
      await announce(account.community, month, plan, limitState(plan, spent, options().nearLimitPercent));
    },

    /** GET /usage: a month's totals, billable amounts, limit states and daily series. */
    async usageReport({ period, community }: { period: Month; community?: string }): Promise<UsageReport> {
      const only = community && community !== 'all' ? community : undefined;
      const lines = await report(period, only);
      if (only && lines.length === 0) throw unknownCommunity(only);
      const totals = emptyTotals();
      const allGroups: UsageGroup[] = [];
      const communities: CommunityUsage[] = lines.map(({ groups, ...line }) => {
        addTotals(totals, line.totals);
        allGroups.push(...groups);
        return { ...line, daily: dailySeries(period.days, groups) };
      });
      const senders = getService(strapi, 'senders');
      await senders.fresh();
      return {
        month: period.month,
        communities,
        senders: await senderUsage(
          usage,
          senders.list(),
          getService(strapi, 'settings').twilio()?.accountSid ?? null,
          { fromDay: period.fromDay, toDay: period.toDay, community: only }
        ),
        totals,
        billableMicros: communities.reduce((sum, line) => sum + line.billableMicros, 0),
        daily: dailySeries(period.days, allGroups),
      };
    },

    /** GET /usage.csv: the monthly statement, or one line per community and day. */
    async statement({ period, byDay }: { period: Month; byDay: boolean }) {
      const lines = await report(period);
      if (!byDay) return { month: period.month, csv: statementCsv(period.month, lines) };
      const rows = lines.flatMap(({ community, groups }) =>
        period.days.flatMap((date) => {
          const own = groups.filter((group) => group.day === date);
          if (own.length === 0) return [];
          const totals: UsageTotals = emptyTotals();
          own.forEach((group) => addGroup(totals, group));
          totals.activeMembers = own.find((group) => group.kind === 'inbound')?.users ?? 0;
          return [{ date, community, totals }];
        })
      );
      return { month: period.month, csv: dailyCsv(rows) };
    },

    /** GET /communities: every community with its plan and this month's state. */
    async communities(): Promise<CommunitySummary[]> {
      return thisMonthSummaries();
    },

    /** This month's line of one community (after a plan change, for an admin who may see usage). */
    async community(key: string): Promise<CommunitySummary> {
      const [summary] = await thisMonthSummaries(key);
      if (!summary) throw unknownCommunity(key);
      return summary;
    },

    /**
     * PUT /communities/:key/plan. A plan identical to the one in force is not stored: re-sending
     * the default plan leaves the community following the default (planSource stays `default`).
     */
    async setPlan(key: string, input: unknown): Promise<void> {
      const rows = await plans.list();
      const known = await knownCommunities(rows.map((row) => row.community));
      if (!known.some((ref) => ref.key === key)) throw unknownCommunity(key);
      const parsed = planUpdateSchema.safeParse(input);
      if (!parsed.success) {
        const issues = zodIssues(parsed.error);
        throw new errors.ValidationError(describeIssues(issues), { errors: issues });
      }
      const stored = rows.find((row) => row.community === key)?.plan ?? null;
      const unchanged =
        stored === null
          ? isDeepStrictEqual(completePlan(parsed.data, options().memberTurnsPerDay), defaultPlan())
          : isDeepStrictEqual(planUpdateSchema.safeParse(stored).data, parsed.data);
      if (unchanged) return;
      await plans.savePlan(key, parsed.data);
      cached = undefined;
    },
  };
  return service;
};

export type UsageService = ReturnType<typeof createUsageService>;
