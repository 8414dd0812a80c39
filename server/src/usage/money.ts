/**
 * Money as the ledger keeps it: integer micro-dollars (1 USD = 1,000,000 micros), so sums are
 * exact and nothing drifts through floating point. Prices are entered in USD and converted once.
 */
export const MICROS_PER_USD = 1_000_000;

/** USD (as entered) → micros, to the nearest micro. */
export const usdToMicros = (usd: number): number => Math.round(usd * MICROS_PER_USD);

/** Micros → USD for display and CSV (exact to 6 decimals). */
export const microsToUsd = (micros: number): string => {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(micros);
  return `${sign}${Math.floor(abs / MICROS_PER_USD)}.${String(abs % MICROS_PER_USD).padStart(6, '0')}`;
};

/** How many fractional digits a margin may have (0.125 = 12.5 %): basis points of a basis point. */
const MARGIN_SCALE = 1_000_000n;

/**
 * `micros × (1 + margin)`, rounded half up to the micro, in integer arithmetic (BigInt: a large
 * month times a scaled margin passes 2^53).
 */
export const withMargin = (micros: number, margin: number): number => {
  const scaled = BigInt(Math.round(margin * Number(MARGIN_SCALE)));
  const product = BigInt(micros) * (MARGIN_SCALE + scaled);
  return Number((product + MARGIN_SCALE / 2n) / MARGIN_SCALE);
};

/**
 * Tokens × a price in USD per million tokens: that price is exactly micros per token, so the
 * cost is `tokens × price` micros, rounded to the nearest micro once per call.
 */
export const tokenMicros = (tokens: number, usdPerMillion: number): number => tokens * usdPerMillion;
