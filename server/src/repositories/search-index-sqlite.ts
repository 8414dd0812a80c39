import type { IndexRow } from '../agent/search/source';
import { fts5Match } from '../agent/search/query-text';
import { bm25Scores } from './search-index-sqlite-bm25';
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
const WEIGHTS = [10.0, 1.0];
/** A word in this many documents or more is ranked by search-index-sqlite-bm25.ts, not FTS5's bm25(). */
export const COMMON_WORD = 1000;

/**
 * SQLite: the rows in a plain table (unique per uid, documentId, locale) and an FTS5 index over
 * their name and body kept in step by triggers (an external-content table: the text is stored
 * once). `unicode61 remove_diacritics 2` so "Muller" finds "Müller"; ranked by bm25, the name
 * column weighing ten times the body: FTS5's own `bm25()`, or for a common word the same formula
 * over the candidates (search-index-sqlite-bm25.ts).
 */
export const createSqliteSearchIndex = (
  access: KnexAccess,
  { commonWord = COMMON_WORD }: { commonWord?: number } = {}
): SearchIndexDialect => ({
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
    // FTS5 merges the posting lists of every word a prefix term starts before it yields the
    // first match, so that `"berlin"*` costs the same with LIMIT 300 as without: at 100,000
    // profiles ~1 ms per statement for a word in 40,000 of them, against ~0.07 ms for the term
    // `"berlin"` itself, which is read lazily. So the words themselves are tried first.
    // For several words, their weights need how many documents hold each: counted by the word
    // itself, up to COMMON_WORD; beyond, estimated from where the last counted one lies (FTS5
    // yields matches in rowid order). One word weighs the same in every document: no count.
    const counted = words.length > 1 ? words : [];
    const [stats] = (await db.raw(
      `SELECT (SELECT block FROM ${FTS_TABLE}_data WHERE id = 1) AS averages,
              (SELECT max(id) FROM ${DOCUMENTS_TABLE}) AS lastId${counted
                .map(
                  (_, i) =>
                    `, (SELECT count(*) || ' ' || ifnull(max(rowid), 0) FROM (SELECT rowid FROM ${FTS_TABLE} WHERE ${FTS_TABLE} MATCH ? LIMIT ${commonWord})) AS n${i}`
                )
                .join('')}`,
      counted.map((word) => fts5Match([word], false, false))
    )) as Array<Record<string, unknown>>;
    const documentCounts =
      counted.length > 0
        ? counted.map((_, i) => {
            // A word found only as a prefix ("develop" of "developer") counts 0: it weighs as a rare one.
            const [count, lastRowid] = String(stats[`n${i}`]).split(' ').map(Number);
            return count < commonWord || !(lastRowid > 0)
              ? count
              : Math.round((count * Number(stats.lastId)) / lastRowid);
          })
        : undefined;
    // FTS5's bm25() walks each word's whole posting list (a prefix term's merged one) before it
    // scores a row: cheap for words in few documents, dearer than anything else here for a common
    // one. Then the candidates are read with their text and scored with the same formula
    // (search-index-sqlite-bm25.ts); one word always is (no count, no walk).
    const common = documentCounts?.some((count) => count >= commonWord) ?? true;

    /** The first RANKED matches, with what bm25 needs. */
    const candidates = async (match: string) =>
      (await db.raw(
        `SELECT d.document_id AS documentId, d.name AS name, d.body AS body, s.sz AS sizes
         FROM ${FTS_TABLE} CROSS JOIN ${DOCUMENTS_TABLE} AS d ON d.id = ${FTS_TABLE}.rowid
         LEFT JOIN ${FTS_TABLE}_docsize AS s ON s.id = d.id
         WHERE ${FTS_TABLE} MATCH ? AND d.uid = ?
         LIMIT ?`,
        [match, uid, RANKED]
      )) as Array<{ documentId: string; name: string; body: string; sizes: Uint8Array | null }>;

    // The FTS table drives the join (CROSS JOIN keeps SQLite's planner from walking every
    // document of the uid and evaluating MATCH once per row: minutes at 100,000 members), and at
    // most RANKED matches are scored, as on PostgreSQL: a common word matches tens of thousands.
    const ranked = async (all: boolean): Promise<RankedId[]> => {
      if (!common)
        // bm25 is lower for a better match (and cannot sit under an aggregate).
        return (
          (await db.raw(
            `SELECT documentId, -rank AS score FROM (
               SELECT d.document_id AS documentId, bm25(${FTS_TABLE}, ${WEIGHTS.join(', ')}) AS rank
               FROM ${FTS_TABLE} CROSS JOIN ${DOCUMENTS_TABLE} AS d ON d.id = ${FTS_TABLE}.rowid
               WHERE ${FTS_TABLE} MATCH ? AND d.uid = ?
               LIMIT ?
             )
             ORDER BY rank, documentId
             LIMIT ?`,
            [fts5Match(words, all), uid, RANKED, limit * 2]
          )) as RankedId[]
        ).map((row) => ({ documentId: row.documentId, score: Number(row.score) }));
      // The words themselves fill the candidates of a common word; the prefix terms only if not.
      const exact = await candidates(fts5Match(words, all, false));
      const found = exact.length < RANKED ? await candidates(fts5Match(words, all)) : exact;
      return bm25Scores(
        words,
        WEIGHTS,
        found.map(({ documentId, name, body, sizes }) => ({ documentId, columns: [name, body], sizes })),
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
    const every = words.length > 1 ? await ranked(true) : [];
    const best = new Map<string, number>();
    for (const row of [...every, ...(await ranked(false))])
      if (!best.has(row.documentId)) best.set(row.documentId, row.score);
    return [...best].slice(0, limit).map(([documentId, score]) => ({ documentId, score }));
  },
});
