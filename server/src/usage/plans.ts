import { z } from 'zod';
import type { LimitState, Plan } from '../admin-api';
import { usdToMicros, withMargin } from './money';

const turns = z.number().int().min(0).max(100_000_000);
const usd = z.number().min(0).max(10_000_000);
const memberTurnsPerDay = z.number().int().min(1).max(100_000).optional();

/** A plan as an admin (panel or API) sends it; `memberTurnsPerDay` left out takes the default. */
export const planUpdateSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('free'), turnsPerMonth: turns, memberTurnsPerDay }).strict(),
    z
      .object({
        kind: z.literal('passthrough'),
        /** 0.2 = cost + 20 %. */
        margin: z.number().min(0, 'must be 0 or more').max(10, 'must be at most 10 (= 1,000 %)'),
        capUsd: usd.positive().nullable().optional(),
        memberTurnsPerDay,
      })
      .strict(),
    z.object({ kind: z.literal('flat'), feeUsd: usd, turnsPerMonth: turns, memberTurnsPerDay }).strict(),
  ],
  { error: 'must be one of free, passthrough, flat' }
);

export type PlanInput = z.infer<typeof planUpdateSchema>;

/** The plan with every field filled in. */
export const completePlan = (input: PlanInput, defaultMemberTurnsPerDay: number): Plan => {
  const perDay = input.memberTurnsPerDay ?? defaultMemberTurnsPerDay;
  switch (input.kind) {
    case 'free':
      return { kind: 'free', turnsPerMonth: input.turnsPerMonth, memberTurnsPerDay: perDay };
    case 'passthrough':
      return {
        kind: 'passthrough',
        margin: input.margin,
        capUsd: input.capUsd ?? null,
        memberTurnsPerDay: perDay,
      };
    case 'flat':
      return {
        kind: 'flat',
        feeUsd: input.feeUsd,
        turnsPerMonth: input.turnsPerMonth,
        memberTurnsPerDay: perDay,
      };
  }
};

/** What a month used, as the plan arithmetic needs it. */
export type MonthUsage = { turns: number; costMicros: number };

/**
 * What the community owes for the month: nothing on `free`; cost plus margin on `passthrough`
 * (never more than its cap: members are stopped at the cap, and a turn in flight when it was
 * reached is on the platform); the fee on `flat`, whatever the usage and whenever the plan
 * started (no proration).
 */
export const billableMicros = (plan: Plan, { costMicros }: MonthUsage): number => {
  switch (plan.kind) {
    case 'free':
      return 0;
    case 'passthrough': {
      const billed = withMargin(costMicros, plan.margin);
      return plan.capUsd === null ? billed : Math.min(billed, usdToMicros(plan.capUsd));
    }
    case 'flat':
      return usdToMicros(plan.feeUsd);
  }
};

/** Where a community stands this month; `reached` stops its members' agent turns. */
export const limitState = (plan: Plan, usage: MonthUsage, nearPercent: number): LimitState => {
  const measure =
    plan.kind === 'passthrough'
      ? plan.capUsd === null
        ? null
        : {
            unit: 'micros' as const,
            used: withMargin(usage.costMicros, plan.margin),
            max: usdToMicros(plan.capUsd),
          }
      : { unit: 'turns' as const, used: usage.turns, max: plan.turnsPerMonth };
  if (!measure) return { unit: null, used: 0, max: null, percent: null, state: 'ok' };
  const { unit, used, max } = measure;
  const percent = max === 0 ? 100 : Math.floor((used * 100) / max);
  const state = used >= max ? 'reached' : percent >= nearPercent ? 'near' : 'ok';
  return { unit, used, max, percent, state };
};
