/**
 * Money and months as the usage dashboard shows them. The ledger counts micro-dollars and groups
 * by UTC day, so months here are UTC months ("2026-11"), whatever the admin's time zone.
 */

export const MICROS_PER_USD = 1_000_000;

/** USD as entered (plans, prices) → micros, to the nearest micro. */
export const usdToMicros = (usd: number): number => Math.round(usd * MICROS_PER_USD);

/**
 * Micro-dollars as USD, with as many decimals as the amount needs to be seen: a month's bill
 * in cents ($12.34), one day of a small community in hundredths of a cent ($0.0123), a single
 * message's fee to the micro ($0.00015).
 */
export const formatMicros = (micros: number, locale = 'en'): string => {
  const usd = micros / MICROS_PER_USD;
  const abs = Math.abs(usd);
  const maximumFractionDigits = abs === 0 || abs >= 1 ? 2 : abs >= 0.01 ? 4 : 6;
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits,
  }).format(usd);
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The UTC month of a moment, "YYYY-MM". */
export const utcMonth = (at: Date = new Date()): string => at.toISOString().slice(0, 7);

export const isMonth = (value: unknown): value is string => typeof value === 'string' && MONTH.test(value);

/** The month `delta` months after `month` ("2026-01", -1 → "2025-12"). */
export const shiftMonth = (month: string, delta: number): string => {
  const [year, monthNumber] = month.split('-').map(Number);
  return utcMonth(new Date(Date.UTC(year, monthNumber - 1 + delta, 1)));
};

/** "November 2026", in the admin's language. */
export const monthLabel = (month: string, locale = 'en'): string => {
  const [year, monthNumber] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, monthNumber - 1, 1))
  );
};

/** A margin as the API keeps it (0.2) and as an admin types it (20 %), without float noise. */
export const marginToPercent = (margin: number): number => Math.round(margin * 100 * 1e6) / 1e6;
export const percentToMargin = (percent: number): number => Math.round(percent * 1e6) / 1e8;
