import type { Core } from '@strapi/strapi';

/** One candidate from the search index: a document of the searched collection and how well it matched. */
export type SearchHit = { documentId: string; score: number };

/**
 * The plugin's own search index over the exposed collections. It only names candidates: the
 * records themselves are read through the Document Service as the member, so permissions and
 * sanitization stay exactly those of the REST API.
 */
export const createSearchService = ({ strapi: _strapi }: { strapi: Core.Strapi }) => ({
  /** At bootstrap: tables, sync with the Document Service, backfill when missing or stale. */
  async start() {},
  async stop() {},

  /**
   * Best-first documentIds of `uid` matching the free text (any word; more and rarer words rank
   * higher), at most `limit`. `null` when the index cannot answer (off, not built yet, failed):
   * the caller then searches the collection itself.
   */
  async candidates(_uid: string, _text: string, _options: { limit: number }): Promise<SearchHit[] | null> {
    return null;
  },
});

export type SearchService = ReturnType<typeof createSearchService>;
