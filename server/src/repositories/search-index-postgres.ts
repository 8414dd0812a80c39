import type { IndexRow } from '../agent/search/source';
import { tsQuery } from '../agent/search/query-text';
import {
  DOCUMENTS_TABLE,
  type KnexAccess,
  type RankedId,
  type SearchIndexDialect,
} from './search-index-tables';

/**
 * PostgreSQL: a `tsvector` per row (the name weighted A, the rest B, once per configured text
 * search configuration, default `simple` + `english`) under a GIN index, ranked with
 * `ts_rank_cd`; plus, when `pg_trgm` can be had, a trigram GIN index on the name so a misspelt
 * name ("Lovelase") still finds its member, its word similarity added to the rank.
 */
/** Rows scored per kind of match (every word, some word): the ranking's cost stays bounded. */
const RANKED = 300;

export const createPostgresSearchIndex = (access: KnexAccess, wanted: string[]): SearchIndexDialect => {
  let languages = wanted;
  let trigram = false;
  const documents = access.table(DOCUMENTS_TABLE);

  /** The row's tsvector from its name and body, as SQL over the `v` row of a VALUES list. */
  const vector = () =>
    languages
      .map(
        () =>
          "setweight(to_tsvector(?::regconfig, v.name), 'A') || setweight(to_tsvector(?::regconfig, v.body), 'B')"
      )
      .join(' || ');
  const vectorBindings = () => languages.flatMap((language) => [language, language]);

  return {
    async ensureTables() {
      const db = await access.db();
      const notes: string[] = [];
      const known = (await db.raw('SELECT cfgname FROM pg_ts_config WHERE cfgname = ANY(?)', [wanted])) as {
        rows: Array<{ cfgname: string }>;
      };
      const available = new Set(known.rows.map((row) => row.cfgname));
      languages = wanted.filter((language) => available.has(language));
      const missing = wanted.filter((language) => !available.has(language));
      if (missing.length > 0)
        notes.push(`unknown text search configuration(s) ${missing.join(', ')} ignored`);
      if (languages.length === 0) languages = ['simple'];

      await db.raw(
        `CREATE TABLE IF NOT EXISTS ?? (
          id bigserial PRIMARY KEY,
          uid varchar(255) NOT NULL,
          document_id varchar(255) NOT NULL,
          locale varchar(64) NOT NULL DEFAULT '',
          name text NOT NULL DEFAULT '',
          body text NOT NULL DEFAULT '',
          tsv tsvector NOT NULL,
          updated_at bigint NOT NULL DEFAULT 0,
          UNIQUE (uid, document_id, locale)
        )`,
        [documents]
      );
      await db.raw(`CREATE INDEX IF NOT EXISTS ${DOCUMENTS_TABLE}_tsv ON ?? USING GIN (tsv)`, [documents]);

      try {
        await db.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      } catch {
        // Not allowed for this role: fine if someone installed it already.
      }
      const installed = (await db.raw("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")) as {
        rows: unknown[];
      };
      trigram = installed.rows.length > 0;
      if (trigram) {
        await db.raw(
          `CREATE INDEX IF NOT EXISTS ${DOCUMENTS_TABLE}_name_trgm ON ?? USING GIN (name gin_trgm_ops)`,
          [documents]
        );
      } else {
        notes.push('pg_trgm is not installed and could not be created: misspelt names are not matched');
      }
      return notes;
    },

    async upsert(rows: IndexRow[]) {
      if (rows.length === 0) return;
      const db = await access.db();
      const values = rows.map(() => '(?, ?, ?, ?, ?, ?::bigint)').join(', ');
      const bindings = rows.flatMap((row) => [
        row.uid,
        row.documentId,
        row.locale,
        row.name,
        row.body,
        row.updatedAt,
      ]);
      await db.raw(
        `INSERT INTO ?? (uid, document_id, locale, name, body, updated_at, tsv)
         SELECT v.uid, v.document_id, v.locale, v.name, v.body, v.updated_at, ${vector()}
         FROM (VALUES ${values}) AS v (uid, document_id, locale, name, body, updated_at)
         ON CONFLICT (uid, document_id, locale) DO UPDATE
         SET name = excluded.name, body = excluded.body, tsv = excluded.tsv, updated_at = excluded.updated_at`,
        [documents, ...vectorBindings(), ...bindings]
      );
    },

    async search(uid, words, limit): Promise<RankedId[]> {
      const db = await access.db();
      const query = languages.map(() => 'to_tsquery(?::regconfig, ?)').join(' || ');
      const bindings = (all: boolean) => languages.flatMap((language) => [language, tsQuery(words, all)]);
      const text = words.join(' ');
      // Documents with every word first, then by rank. `<%`: some word of the name is close to the
      // text (pg_trgm's word_similarity, at least 0.6), so a misspelt name still matches. Bounded:
      // at most RANKED rows with every word and RANKED with some are scored — a common word
      // matches tens of thousands of 100,000 documents, and ranking them all took most of a
      // second. The queries are written out in each condition (not shared through a CTE), so the
      // planner sees how common the words are and, for common ones, reads the table until it
      // has enough rather than building a bitmap of every match. No GROUP BY (it doubled the
      // time): several locales of one document are folded below, keeping its best place. The
      // matches carry their name and vector out of the scan that found them: fetching them again
      // by id read ~2,500 pages per search at 100,000 members instead of ~230 (issue 24).
      const similarity = trigram ? ' + word_similarity(?, d.name)' : '';
      const result = (await db.raw(
        `WITH every_hit AS (
           SELECT id, document_id, name, tsv FROM ?? AS d WHERE d.uid = ? AND d.tsv @@ (${query}) LIMIT ?
         ),
         any_hit AS (
           SELECT id, document_id, name, tsv FROM ?? AS d
           WHERE d.uid = ? AND (d.tsv @@ (${query})${trigram ? ' OR ? <% d.name' : ''})
           LIMIT ?
         ),
         hit AS (SELECT DISTINCT ON (id) * FROM (SELECT * FROM every_hit UNION ALL SELECT * FROM any_hit) AS h ORDER BY id)
         SELECT d.document_id AS "documentId",
                d.tsv @@ (${query}) AS complete,
                ts_rank(d.tsv, ${query})${similarity} AS score
         FROM hit AS d
         ORDER BY complete DESC, score DESC, d.document_id
         LIMIT ?`,
        [
          documents,
          uid,
          ...bindings(true),
          RANKED,
          documents,
          uid,
          ...bindings(false),
          ...(trigram ? [text] : []),
          RANKED,
          ...bindings(true),
          ...bindings(false),
          ...(trigram ? [text] : []),
          limit * 2,
        ]
      )) as { rows: Array<{ documentId: string; score: number | string }> };
      const best = new Map<string, number>();
      for (const row of result.rows)
        if (!best.has(row.documentId)) best.set(row.documentId, Number(row.score));
      return [...best].slice(0, limit).map(([documentId, score]) => ({ documentId, score }));
    },
  };
};
