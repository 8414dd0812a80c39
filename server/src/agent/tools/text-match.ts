import type { Core } from '@strapi/strapi';
import type { CollectionToolConfig } from '../../settings/tool-schemas';
import { getService } from '../../utils/get-service';

/**
 * How a search_<name> call's free text narrows and orders its results:
 * - `none`: no text, the listing order of the tool;
 * - `filter`: the search index cannot answer (off, building, failed): each word must match one
 *   searchable field with `$containsi`, part of the member's query and sanitized with it;
 * - `ranked`: the index named these documents, best first; the plugin adds `documentId $in`
 *   after the member's query is sanitized (it narrows, never widens) and orders what survives
 *   the member's permissions and filters by `rank`.
 */
export type TextMatch =
  | { kind: 'none' }
  | { kind: 'filter'; filters: Array<Record<string, unknown>> }
  | { kind: 'ranked'; documentIds: string[]; rank: Map<string, number> };

/** Each word must match at least one searchable field: "climate berlin" finds climate people in Berlin. */
export const containsFilter = (query: string | undefined, fields: string[]) => {
  const words = (query ?? '')
    .split(/\s+/)
    .map((word) => word.replace(/[%_\\]/g, ''))
    .filter((word) => word.length > 1)
    .slice(0, 8);
  return words.map((word) => ({ $or: fields.map((field) => ({ [field]: { $containsi: word } })) }));
};

/**
 * More candidates than the member asked for: permissions, scope and date filters drop some, and
 * what is left must still fill the page.
 */
export const candidateLimit = (limit: number) => Math.max(100, 10 * limit);

export const textMatch = async (
  strapi: Core.Strapi,
  config: CollectionToolConfig,
  query: string | undefined,
  limit: number
): Promise<TextMatch> => {
  if (!query?.trim()) return { kind: 'none' };
  const hits = await getService(strapi, 'search').candidates(config.contentType, query, {
    limit: candidateLimit(limit),
  });
  if (hits === null) return { kind: 'filter', filters: containsFilter(query, config.searchableFields) };
  return {
    kind: 'ranked',
    documentIds: hits.map((hit) => hit.documentId),
    rank: new Map(hits.map((hit, index) => [hit.documentId, index])),
  };
};

/** The member's sanitized filters, narrowed to the index's candidates. */
export const narrowToCandidates = (filters: unknown, documentIds: string[]) => ({
  $and: [
    ...(filters && typeof filters === 'object' && Object.keys(filters).length > 0 ? [filters] : []),
    { documentId: { $in: documentIds } },
  ],
});

/** Records in the index's order (the best match first). */
export const inRankOrder = <T extends { documentId?: unknown }>(records: T[], rank: Map<string, number>) =>
  [...records].sort(
    (a, b) =>
      (rank.get(String(a.documentId)) ?? Number.MAX_SAFE_INTEGER) -
      (rank.get(String(b.documentId)) ?? Number.MAX_SAFE_INTEGER)
  );
