import type { Plan, PlanUpdate } from '../../../../server/src/admin-api';
import { marginToPercent, percentToMargin } from '../../utils/usage-format';

export type PlanKind = Plan['kind'];
export const PLAN_KINDS: PlanKind[] = ['free', 'passthrough', 'flat'];

/**
 * What the plan dialog's inputs hold: every kind's fields at once, so switching the kind back
 * and forth keeps what was typed. The margin is in percent (20), as admins think of it; empty
 * inputs are `undefined`.
 */
export type PlanDraft = {
  kind: PlanKind;
  turnsPerMonth?: number;
  marginPercent?: number;
  capUsd?: number;
  feeUsd?: number;
  memberTurnsPerDay?: number;
};

export const draftFromPlan = (plan: Plan): PlanDraft => {
  switch (plan.kind) {
    case 'free':
      return { kind: 'free', turnsPerMonth: plan.turnsPerMonth, memberTurnsPerDay: plan.memberTurnsPerDay };
    case 'passthrough':
      return {
        kind: 'passthrough',
        marginPercent: marginToPercent(plan.margin),
        capUsd: plan.capUsd ?? undefined,
        memberTurnsPerDay: plan.memberTurnsPerDay,
      };
    case 'flat':
      return {
        kind: 'flat',
        feeUsd: plan.feeUsd,
        turnsPerMonth: plan.turnsPerMonth,
        memberTurnsPerDay: plan.memberTurnsPerDay,
      };
  }
};

/** The inputs a kind needs filled in (the cap and the daily limit may stay empty). */
const REQUIRED: Record<PlanKind, Array<'turnsPerMonth' | 'marginPercent' | 'feeUsd'>> = {
  free: ['turnsPerMonth'],
  passthrough: ['marginPercent'],
  flat: ['feeUsd', 'turnsPerMonth'],
};

/**
 * The body of PUT /communities/:key/plan, or the required inputs left empty (the server judges
 * the values themselves). An empty cap means no cap; an empty daily limit takes the default.
 */
export const updateFromDraft = (
  draft: PlanDraft
): { update: PlanUpdate; missing?: never } | { update?: never; missing: Array<keyof PlanDraft> } => {
  const missing = REQUIRED[draft.kind].filter((key) => draft[key] === undefined);
  const { turnsPerMonth = 0, marginPercent = 0, feeUsd = 0, capUsd, memberTurnsPerDay } = draft;
  if (missing.length > 0) return { missing };
  const perDay = memberTurnsPerDay === undefined ? {} : { memberTurnsPerDay };
  switch (draft.kind) {
    case 'free':
      return { update: { kind: 'free', turnsPerMonth, ...perDay } };
    case 'passthrough':
      return {
        update: {
          kind: 'passthrough',
          margin: percentToMargin(marginPercent),
          capUsd: capUsd ?? null,
          ...perDay,
        },
      };
    case 'flat':
      return { update: { kind: 'flat', feeUsd, turnsPerMonth, ...perDay } };
  }
};
