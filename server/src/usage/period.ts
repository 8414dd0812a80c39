/** Billing periods are calendar months in UTC; the ledger groups by UTC day ("2026-11-26"). */

export type Month = { month: string; fromDay: string; toDay: string; days: string[] };

/** From year 2000 on: `Date.UTC` reads years 0–99 as 1900–1999, and no bill is older. */
const MONTH = /^([2-9]\d{3})-(0[1-9]|1[0-2])$/;

export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);
export const utcMonth = (at: Date): string => at.toISOString().slice(0, 7);

export const isMonth = (value: string) => MONTH.test(value);

/** The days of a month "YYYY-MM" (UTC): its first, its last and every one between. */
export const monthOf = (month: string): Month => {
  const match = MONTH.exec(month);
  if (!match) throw new Error(`Not a month: ${month} (expected YYYY-MM)`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  const count = new Date(Date.UTC(year, index + 1, 0)).getUTCDate();
  const days = Array.from({ length: count }, (_, day) => utcDay(new Date(Date.UTC(year, index, day + 1))));
  return { month, fromDay: days[0], toDay: days[days.length - 1], days };
};
