import knex, { type Knex } from 'knex';
import { fts5Match } from '../../server/src/agent/search/query-text';
import { DOCUMENTS_TABLE } from '../../server/src/repositories/search-index-tables';
import { createSqliteSearchIndex } from '../../server/src/repositories/search-index-sqlite';
import { bm25Scores, readVarints } from '../../server/src/repositories/search-index-sqlite-bm25';

/**
 * The SQLite search ranks its candidates with bm25 computed in JS (search-index-sqlite-bm25.ts)
 * instead of FTS5's `bm25()`: the scores must be FTS5's own, checked here against FTS5 itself on
 * a real (in-memory) SQLite.
 */
const UID = 'api::member.member';
const DOCUMENTS: Array<[string, string, string]> = [
  ['ada', 'Ada Lovelace', 'Climate tech founder in Berlin; loves kubernetes and open source'],
  ['ben', 'Ben Berliner', 'Berlin, Berlin: works on urban gardening, energy storage and climate policy'],
  ['chloe', 'Chloé Müller', 'Designer in Hamburg. Renewable energy, mobility, Berlin now and then'],
  ['dan', 'Dan Okafor', 'Kubernetes operator, platform engineering, observability'],
  ['eve', 'Eve Climate', 'Writes about climate finance'],
  ['fay', 'Fay', 'Reykjavík; geothermal energy; berliner weisse enthusiast'],
  ['gus', 'Gus Muller', 'Open source maintainer. Berlin Berlin Berlin'],
  ['hal', 'Hal Ng', 'Accountant in Munich'],
];

let db: Knex;
const access = { db: async () => db, table: (name: string) => name };
const search = createSqliteSearchIndex(access);
// Every word counts as common: the candidates are ranked in JS.
const searchRankingInJs = createSqliteSearchIndex(access, { commonWord: 1 });

beforeAll(async () => {
  db = knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  await search.ensureTables();
  await search.upsert(
    DOCUMENTS.map(([documentId, name, body]) => ({
      uid: UID,
      documentId,
      locale: '',
      name,
      body,
      updatedAt: 0,
    }))
  );
  // Another collection in the same index: FTS5 counts its rows too.
  await search.upsert([
    {
      uid: 'api::event.event',
      documentId: 'e1',
      locale: '',
      name: 'Berlin meetup',
      body: 'Climate',
      updatedAt: 0,
    },
  ]);
});

afterAll(async () => {
  await db.destroy();
});

/** FTS5's own bm25 over every match (the ranking before), best first. */
const fts5Ranking = async (match: string) =>
  (await db.raw(
    `SELECT d.document_id AS documentId, -bm25(whatsapp_agent_search_fts, 10.0, 1.0) AS score
     FROM whatsapp_agent_search_fts CROSS JOIN ${DOCUMENTS_TABLE} AS d ON d.id = whatsapp_agent_search_fts.rowid
     WHERE whatsapp_agent_search_fts MATCH ? AND d.uid = ?
     ORDER BY score DESC, documentId`,
    [match, UID]
  )) as Array<{ documentId: string; score: number }>;

describe('bm25 over the candidates', () => {
  it.each([[['berlin', 'climate']], [['energy', 'kubernetes', 'muller']], [['energy', 'berlin']]])(
    'gives FTS5 bm25 scores for several words %j',
    async (words) => {
      const expected = await fts5Ranking(fts5Match(words));
      const stats = (await db.raw(
        `SELECT (SELECT block FROM whatsapp_agent_search_fts_data WHERE id = 1) AS averages`
      )) as Array<{ averages: Uint8Array }>;
      const candidates = (await db.raw(
        `SELECT d.document_id AS documentId, d.name AS name, d.body AS body, s.sz AS sizes
         FROM ${DOCUMENTS_TABLE} AS d JOIN whatsapp_agent_search_fts_docsize AS s ON s.id = d.id
         WHERE d.uid = ? AND d.document_id IN (${expected.map(() => '?').join(', ')})`,
        [UID, ...expected.map((row) => row.documentId)]
      )) as Array<{ documentId: string; name: string; body: string; sizes: Uint8Array }>;
      const documentCounts = await Promise.all(
        words.map(
          async (word) =>
            (
              (await db.raw(
                'SELECT count(*) AS n FROM whatsapp_agent_search_fts WHERE whatsapp_agent_search_fts MATCH ?',
                [fts5Match([word])]
              )) as Array<{ n: number }>
            )[0].n
        )
      );
      const scores = new Map(
        bm25Scores(
          words,
          [10, 1],
          candidates.map(({ documentId, name, body, sizes }) => ({
            documentId,
            columns: [name, body],
            sizes,
          })),
          { averages: stats[0].averages, documentCounts }
        ).map((row) => [row.documentId, row.score])
      );
      expect(expected.length).toBeGreaterThan(2);
      for (const row of expected) expect(scores.get(row.documentId)).toBeCloseTo(row.score, 9);
    }
  );

  it.each([['berlin'], ['climate'], ['muller'], ['reykjavik'], ['energy'], ['kubernetes', 'berlin']])(
    'search %s ranks as FTS5 bm25 does, ranked by FTS5 and in JS',
    async (...words) => {
      const expected = await fts5Ranking(fts5Match(words));
      const every = words.length > 1 ? await fts5Ranking(fts5Match(words, true)) : [];
      const order = [...new Set([...every, ...expected].map((row) => row.documentId))];
      expect(order.length).toBeGreaterThan(0);
      expect((await search.search(UID, words, 10)).map((hit) => hit.documentId)).toEqual(order.slice(0, 10));
      // With one word its weight cannot change the order; with several, counts capped at 1 (what
      // makes every word "common" here) would: the scores themselves are checked above.
      if (words.length === 1)
        expect((await searchRankingInJs.search(UID, words, 10)).map((hit) => hit.documentId)).toEqual(
          order.slice(0, 10)
        );
    }
  );

  it('ranks several words in JS, one of them only a prefix of the stored words', async () => {
    const hits = await searchRankingInJs.search(UID, ['energ', 'berlin'], 10);
    // Every word: the three with both first (a word that is no stored word itself counts 0 documents).
    expect(new Set(hits.slice(0, 3).map((hit) => hit.documentId))).toEqual(new Set(['ben', 'chloe', 'fay']));
    expect(hits.every((hit) => Number.isFinite(hit.score) && hit.score > 0)).toBe(true);
  });

  it('reads SQLite varints', () => {
    expect(readVarints(Uint8Array.from([0x05, 0x81, 0x00, 0xff, 0x7f, 0x83, 0x60]))).toEqual([
      5, 128, 16383, 480,
    ]);
  });
});
