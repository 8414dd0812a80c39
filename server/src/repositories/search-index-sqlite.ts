import type { IndexRow } from '../agent/search/source';
import { fts5Match } from '../agent/search/query-text';
import { bm25Scores, DOCUMENT_COUNT_CAP } from './search-index-sqlite-bm25';
import {
  DOCUMENTS_TABLE,
  type KnexAccess,
  type RankedId,
  type SearchIndexDialect,
} from './search-index-tables';

const FTS_TABLE = 'whatsapp_agent_search_fts';
/** Matches scored per kind of match (every word, some word): the ranking's cost stays bounded. */
const RANKED = 300;
/** bm25's column weights: a word in the name weighs ten times one in the body. */
const WEIGHTS = [10, 1];

/**
 * SQLite: the rows in a plain table (unique per uid, documentId, locale) and an FTS5 index over
 * their name and body kept in step by triggers (an external-content table: the text is stored
 * once). `unicode61 remove_diacritics 2` so "Muller" finds "Müller"; ranked by bm25, the name
 * column weighing ten times the body, computed over the candidates (search-index-sqlite-bm25.ts).
 */
export const createSqliteSearchIndex = (access: KnexAccess): SearchIndexDialect => ({
  async ensureTables() {
    const db = await access.db();
    const statements = [
      `CREATE TABLE IF NOT EXISTS ${DOCUMENTS_TABLE} (
        id INTEGER PRIMARY KEY,
        uid TEXT NOT NULL,
        document_id TEXT NOT NULL,
        locale TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        updated_at INTEGER NOT NULL DEFAULT 0,
        UNIQUE (uid, document_id, locale)
      )`,
      `CREATE VIRTUAL TABLE IF NOT EXISTS ${FTS_TABLE} USING fts5(
        name, body, content='${DOCUMENTS_TABLE}', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
      )`,
      `CREATE TRIGGER IF NOT EXISTS ${FTS_TABLE}_insert AFTER INSERT ON ${DOCUMENTS_TABLE} BEGIN
        INSERT INTO ${FTS_TABLE} (rowid, name, body) VALUES (new.id, new.name, new.body);
      END`,
      `CREATE TRIGGER IF NOT EXISTS ${FTS_TABLE}_delete AFTER DELETE ON ${DOCUMENTS_TABLE} BEGIN
        INSERT INTO ${FTS_TABLE} (${FTS_TABLE}, rowid, name, body) VALUES ('delete', old.id, old.name, old.body);
      END`,
      `CREATE TRIGGER IF NOT EXISTS ${FTS_TABLE}_update AFTER UPDATE ON ${DOCUMENTS_TABLE} BEGIN
        INSERT INTO ${FTS_TABLE} (${FTS_TABLE}, rowid, name, body) VALUES ('delete', old.id, old.name, old.body);
        INSERT INTO ${FTS_TABLE} (rowid, name, body) VALUES (new.id, new.name, new.body);
      END`,
    ];
    for (const statement of statements) await db.raw(statement);
    return [];
  },

  async upsert(rows: IndexRow[]) {
    if (rows.length === 0) return;
    const db = await access.db();
    await db(DOCUMENTS_TABLE)
      .insert(
        rows.map((row) => ({
          uid: row.uid,
          document_id: row.documentId,
          locale: row.locale,
          name: row.name,
          body: row.body,
          updated_at: row.updatedAt,
        }))
      )
      .onConflict(['uid', 'document_id', 'locale'])
      .merge(['name', 'body', 'updated_at']);
  },

  async search(uid, words, limit): Promise<RankedId[]> {
    const db = await access.db();
    // What bm25 needs beyond the candidates (see search-index-sqlite-bm25.ts): the index's row
    // count and sizes, and for several words how many documents hold each, counted up to a cap.
    const counts = words.length > 1 ? words : [];
    const [stats] = (await db.raw(
      `SELECT (SELECT block FROM ${FTS_TABLE}_data WHERE id = 1) AS averages${counts
        .map(
          (_, i) =>
            `, (SELECT count(*) FROM (SELECT 1 FROM ${FTS_TABLE} WHERE ${FTS_TABLE} MATCH ? LIMIT ${DOCUMENT_COUNT_CAP})) AS n${i}`
        )
        .join('')}`,
      counts.map((word) => fts5Match([word]))
    )) as Array<Record<string, unknown>>;
    const documentCounts = counts.length > 0 ? counts.map((_, i) => Number(stats[`n${i}`])) : undefined;
    // The FTS table drives the join (CROSS JOIN keeps SQLite's planner from walking every
    // document of the uid and evaluating MATCH once per row: minutes at 100,000 members), and at
    // most RANKED matches are scored, as on PostgreSQL: a common word matches tens of thousands.
    const ranked = async (match: string) => {
      const candidates = (await db.raw(
        `SELECT d.document_id AS documentId, d.name AS name, d.body AS body, s.sz AS sizes
         FROM ${FTS_TABLE} CROSS JOIN ${DOCUMENTS_TABLE} AS d ON d.id = ${FTS_TABLE}.rowid
         LEFT JOIN ${FTS_TABLE}_docsize AS s ON s.id = d.id
         WHERE ${FTS_TABLE} MATCH ? AND d.uid = ?
         LIMIT ?`,
        [match, uid, RANKED]
      )) as Array<{ documentId: string; name: string; body: string; sizes: Uint8Array | null }>;
      return bm25Scores(
        words,
        WEIGHTS,
        candidates.map(({ documentId, name, body, sizes }) => ({ documentId, columns: [name, body], sizes })),
        { averages: stats.averages as Uint8Array | null, documentCounts }
      )
        .sort(
          (a, b) =>
            b.score - a.score || (a.documentId < b.documentId ? -1 : a.documentId > b.documentId ? 1 : 0)
        )
        .slice(0, limit * 2);
    };
    // Documents with every word first, then those with some; several locales of one document
    // are folded, the document keeping its best place.
    const every = words.length > 1 ? await ranked(fts5Match(words, true)) : [];
    const best = new Map<string, number>();
    for (const row of [...every, ...(await ranked(fts5Match(words)))])
      if (!best.has(row.documentId)) best.set(row.documentId, row.score);
    return [...best].slice(0, limit).map(([documentId, score]) => ({ documentId, score }));
  },
});
