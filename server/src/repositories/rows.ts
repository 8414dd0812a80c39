/**
 * Helpers for reading rows as the query layer returns them: datetimes come back as Date,
 * ISO strings or epoch numbers depending on the database driver.
 */
export const toDate = (value: unknown): Date | null => {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value as string | number);
  return Number.isNaN(date.getTime()) ? null : date;
};

export const toNumber = (value: unknown, fallback = 0): number => {
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : fallback;
};

export const toText = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A raw row: what `strapi.db.query` hands back before a repository gives it a type. */
export type RawRow = Record<string, unknown>;
