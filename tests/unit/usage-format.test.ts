import { draftFromPlan, updateFromDraft } from '../../admin/src/pages/usage/plan-form';
import {
  formatMicros,
  isMonth,
  marginToPercent,
  monthLabel,
  percentToMargin,
  shiftMonth,
  utcMonth,
} from '../../admin/src/utils/usage-format';

describe('formatMicros', () => {
  it('shows cents for a bill, hundredths of a cent for small amounts, micros for one message', () => {
    expect(formatMicros(12_345_678)).toBe('$12.35');
    expect(formatMicros(1_000_000)).toBe('$1.00');
    expect(formatMicros(500_000)).toBe('$0.50');
    expect(formatMicros(12_300)).toBe('$0.0123');
    expect(formatMicros(150)).toBe('$0.00015');
    expect(formatMicros(1)).toBe('$0.000001');
    expect(formatMicros(0)).toBe('$0.00');
    expect(formatMicros(-12_300)).toBe('-$0.0123');
  });
});

describe('months', () => {
  it('are UTC months, whatever the local time zone says', () => {
    expect(utcMonth(new Date('2026-11-30T23:30:00Z'))).toBe('2026-11');
    expect(utcMonth(new Date('2026-12-01T00:00:00Z'))).toBe('2026-12');
  });

  it('step across years', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-03', -14)).toBe('2025-01');
  });

  it('accept only YYYY-MM', () => {
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
    expect(isMonth(undefined)).toBe(false);
  });

  it('read as the month they are in UTC', () => {
    expect(monthLabel('2026-01')).toBe('January 2026');
    expect(monthLabel('2026-12', 'de')).toBe('Dezember 2026');
  });
});

describe('plan form', () => {
  it('shows a margin in percent and sends it back as the fraction, without float noise', () => {
    expect(marginToPercent(0.2)).toBe(20);
    expect(marginToPercent(0.07)).toBe(7);
    expect(percentToMargin(12.5)).toBe(0.125);
    expect(percentToMargin(7)).toBe(0.07);
    const draft = draftFromPlan({ kind: 'passthrough', margin: 0.07, capUsd: null, memberTurnsPerDay: 100 });
    expect(draft).toMatchObject({ kind: 'passthrough', marginPercent: 7, capUsd: undefined });
    expect(updateFromDraft(draft)).toEqual({
      update: { kind: 'passthrough', margin: 0.07, capUsd: null, memberTurnsPerDay: 100 },
    });
  });

  it('keeps what was typed when the kind changes, and sends only the fields of the kind', () => {
    const draft = draftFromPlan({ kind: 'free', turnsPerMonth: 50, memberTurnsPerDay: 20 });
    expect(updateFromDraft({ ...draft, kind: 'flat', feeUsd: 49 })).toEqual({
      update: { kind: 'flat', feeUsd: 49, turnsPerMonth: 50, memberTurnsPerDay: 20 },
    });
  });

  it('names the required inputs left empty instead of sending them; an empty daily limit is the default', () => {
    expect(updateFromDraft({ kind: 'flat', turnsPerMonth: 10 })).toEqual({ missing: ['feeUsd'] });
    expect(updateFromDraft({ kind: 'passthrough' })).toEqual({ missing: ['marginPercent'] });
    expect(updateFromDraft({ kind: 'free', turnsPerMonth: 0 })).toEqual({
      update: { kind: 'free', turnsPerMonth: 0 },
    });
  });
});
