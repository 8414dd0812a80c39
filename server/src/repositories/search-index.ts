import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { IndexRow, SourceSummary } from '../agent/search/source';
import { toNumber } from './rows';
import { createPostgresSearchIndex } from './search-index-postgres';
import { createSqliteSearchIndex } from './search-index-sqlite';
import {
  DOCUMENTS_TABLE,
  META_TABLE,
  type IndexMeta,
  type KnexAccess,
  type SearchIndexDialect,
} from './search-index-tables';

const createKnexAccess = (strapi: Core.Strapi): KnexAccess => ({
  async db() {
    return strapi.db.inTransaction()
      ? ((await strapi.db.transaction()) as unknown as { get(): Knex.Transaction }).get()
      : strapi.db.connection;
  },
  table(name) {
    const schema = strapi.db.getSchemaName();
    return schema ? `${schema}.${name}` : name;
  },
});

/**
 * The search index's tables, through raw knex (tsvector, FTS5 and ON CONFLICT are beyond the
 * query layer). One file per dialect holds what differs; what is plain SQL is here.
 */
export const createSearchIndexRepository = (strapi: Core.Strapi, options: { languages: string[] }) => {
  const access = createKnexAccess(strapi);
  const client = strapi.db.dialect.client;
  const dialect: SearchIndexDialect =
    client === 'postgres'
      ? createPostgresSearchIndex(access, options.languages)
      : client === 'sqlite'
        ? createSqliteSearchIndex(access)
        : (() => {
            throw new Error(`The search index supports PostgreSQL and SQLite, not ${client}`);
          })();
  // Builders are thenables: handed out by a plain function, never returned from an async one (that would run them).
  const documents = (db: Knex) => db(access.table(DOCUMENTS_TABLE));
  const meta = (db: Knex) => db(access.table(META_TABLE));

  return {
    client,

    async ensureTables(): Promise<string[]> {
      const db = await access.db();
      const schema = strapi.db.getSchemaName();
      const builder = schema ? db.schema.withSchema(schema) : db.schema;
      if (!(await builder.hasTable(META_TABLE))) {
        await builder.createTable(META_TABLE, (table) => {
          table.string('uid', 255).primary();
          table.string('fingerprint', 64).notNullable();
          table.integer('rows').notNullable();
          table.bigInteger('built_at').notNullable();
        });
      }
      return dialect.ensureTables();
    },

    /** Rows are written in batches; (uid, documentId, locale) is unique, so a repeat replaces. */
    async upsert(rows: IndexRow[]) {
      const unique = new Map(
        rows.map((row) => [`${row.uid}\u0000${row.documentId}\u0000${row.locale}`, row])
      );
      for (let start = 0; start < unique.size; start += 500) {
        await dialect.upsert([...unique.values()].slice(start, start + 500));
      }
    },

    /**
     * Runs `work` so that its failure cannot fail the caller's transaction: inside one (a
     * Content Manager publish, a host's `strapi.db.transaction`) behind a SAVEPOINT, rolled back
     * to on error (on PostgreSQL a failed statement would otherwise doom the whole transaction);
     * the index rows then commit, or roll back, with the write they follow.
     */
    async guarded<T>(work: () => Promise<T>): Promise<T> {
      if (!strapi.db.inTransaction()) return work();
      const db = await access.db();
      await db.raw('SAVEPOINT whatsapp_agent_search');
      try {
        const result = await work();
        await db.raw('RELEASE SAVEPOINT whatsapp_agent_search');
        return result;
      } catch (error) {
        await db.raw('ROLLBACK TO SAVEPOINT whatsapp_agent_search');
        await db.raw('RELEASE SAVEPOINT whatsapp_agent_search');
        throw error;
      }
    },

    /** One document now has exactly these rows (none: it left the index). */
    async replaceDocument(uid: string, documentId: string, rows: IndexRow[]) {
      const keep = rows.map((row) => row.locale);
      const stale = documents(await access.db()).where({ uid, document_id: documentId });
      await (keep.length > 0 ? stale.whereNotIn('locale', keep) : stale).delete();
      if (rows.length > 0) await dialect.upsert(rows);
    },

    async clear(uid: string) {
      await documents(await access.db())
        .where({ uid })
        .delete();
      await meta(await access.db())
        .where({ uid })
        .delete();
    },

    async summary(uid: string): Promise<SourceSummary> {
      const [row] = (await documents(await access.db())
        .where({ uid })
        .count({ rows: '*' })
        .max({ maxUpdatedAt: 'updated_at' })) as Array<{ rows: unknown; maxUpdatedAt: unknown }>;
      return { rows: toNumber(row?.rows), maxUpdatedAt: toNumber(row?.maxUpdatedAt) };
    },

    search: (uid: string, words: string[], limit: number) => dialect.search(uid, words, limit),

    /** Every uid the index holds rows or a build record for. */
    async indexedUids(): Promise<string[]> {
      const db = await access.db();
      const indexed = (await documents(db).distinct('uid')) as Array<{ uid: string }>;
      const built = (await meta(db).select('uid')) as Array<{ uid: string }>;
      return [...new Set([...indexed, ...built].map((row) => row.uid))];
    },

    async readMeta(uid: string): Promise<IndexMeta | null> {
      const row = (await meta(await access.db())
        .where({ uid })
        .first()) as Record<string, unknown> | undefined;
      return row
        ? {
            uid,
            fingerprint: String(row.fingerprint),
            rows: toNumber(row.rows),
            builtAt: toNumber(row.built_at),
          }
        : null;
    },

    async writeMeta(entry: IndexMeta) {
      await meta(await access.db())
        .insert({ uid: entry.uid, fingerprint: entry.fingerprint, rows: entry.rows, built_at: entry.builtAt })
        .onConflict('uid')
        .merge();
    },
  };
};

export type SearchIndexRepository = ReturnType<typeof createSearchIndexRepository>;
