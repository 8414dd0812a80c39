import type { Knex } from 'knex';
import type { IndexRow } from '../agent/search/source';

/** The index's rows; outside Strapi's content types, so Strapi's schema sync never touches them. */
export const DOCUMENTS_TABLE = 'whatsapp_agent_search_documents';
/** Per uid: the fingerprint and row count of its last complete rebuild. */
export const META_TABLE = 'whatsapp_agent_search_meta';

export type IndexMeta = { uid: string; fingerprint: string; rows: number; builtAt: number };
export type RankedId = { documentId: string; score: number };

/** What each dialect implements; `words` are already safe (see agent/search/query-text.ts). */
export type SearchIndexDialect = {
  /** Creates what is missing; returns notes worth logging once (e.g. "no pg_trgm"). */
  ensureTables(): Promise<string[]>;
  upsert(rows: IndexRow[]): Promise<void>;
  search(uid: string, words: string[], limit: number): Promise<RankedId[]>;
};

/** Knex on Strapi's connection, or on its current transaction (SQLite has one connection). */
export type KnexAccess = {
  db(): Promise<Knex>;
  /** `name` qualified with Strapi's schema (PostgreSQL) for a `??` binding or a query builder. */
  table(name: string): string;
};
