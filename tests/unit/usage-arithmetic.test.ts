import type { Plan } from '../../server/src/admin-api';
import { statementCsv } from '../../server/src/usage/csv';
import { microsToUsd, usdToMicros, withMargin } from '../../server/src/usage/money';
import { monthOf, utcDay, utcMonth } from '../../server/src/usage/period';
import { billableMicros, completePlan, limitState, planUpdateSchema } from '../../server/src/usage/plans';
import { llmCallMicros, smsSegments, type Prices } from '../../server/src/usage/prices';
import { emptyTotals } from '../../server/src/usage/report';

const free: Plan = { kind: 'free', turnsPerMonth: 50, memberTurnsPerDay: 100 };
const flat: Plan = { kind: 'flat', feeUsd: 49.99, turnsPerMonth: 1000, memberTurnsPerDay: 100 };
const passthrough = (margin: number, capUsd: number | null = null): Plan => ({
  kind: 'passthrough',
  margin,
  capUsd,
  memberTurnsPerDay: 100,
});

describe('money in micro-dollars', () => {
  it('converts USD to whole micros and back without float noise', () => {
    expect(usdToMicros(0.005)).toBe(5000);
    expect(usdToMicros(0.1 + 0.2)).toBe(300_000);
    expect(microsToUsd(20_360)).toBe('0.020360');
    expect(microsToUsd(49_990_000)).toBe('49.990000');
    expect(microsToUsd(-1)).toBe('-0.000001');
  });

  it('adds a margin in integer arithmetic, rounding half up to the micro', () => {
    expect(withMargin(1_000_000, 0.2)).toBe(1_200_000);
    expect(withMargin(5, 0.1)).toBe(6); // 5.5 → 6
    expect(withMargin(3, 0.5)).toBe(5); // 4.5 → 5
    expect(withMargin(1, 0.333333)).toBe(1);
    expect(withMargin(0, 0.5)).toBe(0);
    // Past 2^53 in the intermediate product: still exact.
    expect(withMargin(9_000_000_000_000, 0.123456)).toBe(10_111_104_000_000);
  });

  it('prices an LLM call: cached prompt tokens at the cached price, once rounded', () => {
    const prices = {
      models: [
        {
          model: 'gpt-4o-mini',
          promptPerMillionUsd: 0.15,
          completionPerMillionUsd: 0.6,
          cachedPerMillionUsd: 0.075,
        },
      ],
    } as Prices;
    // 1000 uncached × 0.15 + 1000 cached × 0.075 + 500 × 0.6 = 150 + 75 + 300
    const call = { promptTokens: 2000, cachedTokens: 1000, completionTokens: 500 };
    expect(llmCallMicros(prices, { model: 'gpt-4o-mini', ...call })).toBe(525);
    // A dated snapshot of a priced model is priced as it; an unknown model costs nothing (tokens still counted).
    expect(llmCallMicros(prices, { model: 'gpt-4o-mini-2024-07-18', ...call })).toBe(525);
    expect(llmCallMicros(prices, { model: 'llama3', ...call })).toBe(0);
    expect(
      llmCallMicros(prices, { model: 'gpt-4o-mini', promptTokens: 3, cachedTokens: 0, completionTokens: 0 })
    ).toBe(0);
  });

  it('counts SMS segments as carriers bill them', () => {
    expect(smsSegments('a'.repeat(160))).toBe(1);
    expect(smsSegments('a'.repeat(161))).toBe(2);
    expect(smsSegments('a'.repeat(306))).toBe(2);
    expect(smsSegments('é'.repeat(160))).toBe(1); // é is in GSM-7
    expect(smsSegments('ł'.repeat(70))).toBe(1);
    expect(smsSegments('ł'.repeat(71))).toBe(2);
    expect(smsSegments('🙂'.repeat(35))).toBe(1);
  });
});

describe('calendar months in UTC', () => {
  it('knows every month’s days, leap years included', () => {
    expect(monthOf('2028-02')).toMatchObject({ fromDay: '2028-02-01', toDay: '2028-02-29' });
    expect(monthOf('2026-02').days).toHaveLength(28);
    expect(monthOf('2026-12')).toMatchObject({ fromDay: '2026-12-01', toDay: '2026-12-31' });
    expect(() => monthOf('2026-13')).toThrow(/YYYY-MM/);
  });

  it('puts a moment in its UTC day and month, whatever the server’s time zone', () => {
    const lastMomentOfNovember = new Date('2026-11-30T23:59:59.999Z');
    expect(utcDay(lastMomentOfNovember)).toBe('2026-11-30');
    expect(utcMonth(lastMomentOfNovember)).toBe('2026-11');
    expect(utcMonth(new Date('2026-12-01T00:00:00.000Z'))).toBe('2026-12');
    // 00:30 in Berlin on 1 December is still November in UTC.
    expect(utcMonth(new Date('2026-12-01T00:30:00+01:00'))).toBe('2026-11');
  });
});

describe('plans', () => {
  it('bills nothing on free, cost plus margin on passthrough, the fee on flat', () => {
    const month = { turns: 40, costMicros: 1_234_567 };
    expect(billableMicros(free, month)).toBe(0);
    expect(billableMicros(passthrough(0.2), month)).toBe(1_481_480); // 1 481 480.4
    expect(billableMicros(flat, month)).toBe(49_990_000);
  });

  it('bills a flat fee whole, with no proration, even for a month without usage', () => {
    expect(billableMicros(flat, { turns: 0, costMicros: 0 })).toBe(49_990_000);
  });

  it('never bills passthrough above its cap', () => {
    expect(billableMicros(passthrough(0.5, 10), { turns: 0, costMicros: 9_000_000 })).toBe(10_000_000);
    expect(billableMicros(passthrough(0.5, 10), { turns: 0, costMicros: 6_000_000 })).toBe(9_000_000);
  });

  it('says where a community stands: ok, near at 80 %, reached at the limit', () => {
    expect(limitState(free, { turns: 39, costMicros: 0 }, 80)).toMatchObject({ percent: 78, state: 'ok' });
    expect(limitState(free, { turns: 40, costMicros: 0 }, 80)).toMatchObject({ percent: 80, state: 'near' });
    expect(limitState(free, { turns: 50, costMicros: 0 }, 80)).toMatchObject({
      unit: 'turns',
      used: 50,
      max: 50,
      percent: 100,
      state: 'reached',
    });
    // The cap of passthrough is on what the community pays, margin included.
    expect(limitState(passthrough(0.25, 10), { turns: 0, costMicros: 8_000_000 }, 80)).toMatchObject({
      unit: 'micros',
      used: 10_000_000,
      state: 'reached',
    });
    expect(limitState(passthrough(0.25), { turns: 9, costMicros: 8_000_000 }, 80)).toMatchObject({
      unit: null,
      state: 'ok',
    });
    // A plan of zero turns is reached before the first.
    expect(limitState({ ...free, turnsPerMonth: 0 }, { turns: 0, costMicros: 0 }, 80).state).toBe('reached');
  });

  it('validates a plan per field and fills the member limit from the default', () => {
    const result = planUpdateSchema.safeParse({ kind: 'flat', turnsPerMonth: -1 });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'feeUsd',
      'turnsPerMonth',
    ]);
    expect(planUpdateSchema.safeParse({ kind: 'free', turnsPerMonth: 5, extra: 1 }).success).toBe(false);
    expect(completePlan({ kind: 'passthrough', margin: 0.1 }, 100)).toEqual(passthrough(0.1));
  });
});

describe('the statement CSV', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas in names', () => {
    const line = {
      plan: free,
      totals: emptyTotals(),
      billableMicros: 0,
      limit: { unit: 'turns' as const, used: 0, max: 50, percent: 0, state: 'ok' as const },
    };
    const csv = statementCsv('2026-11', [
      { ...line, community: { key: 'a1', name: 'Makers, "Berlin"' } },
      { ...line, community: { key: 'b2', name: '=HYPERLINK("http://x")' } },
      { ...line, community: { key: 'c3', name: '\0=1+1' } },
    ]);
    const rows = csv.split('\r\n');
    expect(rows[1]).toContain('"Makers, ""Berlin"""');
    expect(rows[2]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(rows[3]).toContain(`,'\0=1+1,`);
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
