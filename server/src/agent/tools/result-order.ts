/**
 * In which order a search_<name> call answers. "Book me into the next climate meetup" means the
 * earliest upcoming climate meetup, not the one whose text matches best: when a date range is
 * given, or the words say next/upcoming, a collection with a date field answers in date order.
 * The model may ask for either order; the result says which one it got.
 */

export type ResultOrder = 'relevance' | 'date';

/** How the result names its order, so the model reads "the first" right. */
export const ORDER_LABEL: Record<ResultOrder, string> = {
  relevance: 'relevance (best match first)',
  date: 'date ascending (earliest first)',
};

/** Words that mean "from now on, the soonest first"; they say when, not what, so they leave the query. */
const UPCOMING = /\b(next|upcoming|soonest|earliest|coming up)\b/iu;

export type OrderedSearch = {
  query: string | undefined;
  from: string | undefined;
  to: string | undefined;
  order: ResultOrder;
};

/**
 * The search as it runs: next/upcoming turned into "from now", and the order, given or implied.
 * Without a date field there is no date to order by: relevance (or the tool's listing order).
 */
export const orderedSearch = (
  args: { query?: string; from?: string; to?: string; order?: ResultOrder },
  { hasDateField, now }: { hasDateField: boolean; now: Date }
): OrderedSearch => {
  if (!hasDateField) return { query: args.query, from: undefined, to: undefined, order: 'relevance' };
  const upcoming = UPCOMING.test(args.query ?? '');
  const query = upcoming
    ? args.query?.replace(new RegExp(UPCOMING, 'giu'), ' ').replace(/\s+/g, ' ').trim()
    : args.query;
  const from = args.from ?? (upcoming ? now.toISOString() : undefined);
  const implied: ResultOrder = from || args.to || !query ? 'date' : 'relevance';
  return { query: query || undefined, from, to: args.to, order: args.order ?? implied };
};
