/**
 * `npm run bench:search`, part 1 (Jest runs it: Strapi in-process) — retrieval quality (issue 14):
 * the labeled queries of bench/search-queries.ts against the seeded playground, precision@5 and
 * nDCG@5 for (a) today's `$containsi` search, (b) the search index, (c) suggest_members on the
 * "who should I meet?" queries, side by side. (a) and (b) on those queries get the words a model
 * would send to search_members: the topic, or else the asker's interests.
 *
 * Runs on SQLite unless DATABASE_CLIENT=postgres. What is not there yet ((b) before the index is
 * wired in, (c) before suggest_members exists) is skipped with the reason printed. Fails only on a
 * broken run: the playground does not boot, a label names no seeded record, a tool errors.
 */
import type { ToolContext } from '../server/src/agent/tools/collection-tool';
import { startPlayground } from '../tests/support/playground';
import { LABELED_QUERIES, type LabeledQuery } from './search-queries';
import { machine } from './support/report';
import { mean, ndcgAt, precisionAt } from './support/ranking-metrics';
import {
  createSearchMethods,
  demoContext,
  METHOD_LABELS,
  searchText,
  type Method,
} from './support/search-methods';

const K = 5;
/** A member's displayName or an event's title; a suggestion may wrap its member (`{ member, reason }`). */
const nameOf = (record: Record<string, unknown>): string => {
  const named = record.displayName ?? record.title;
  if (typeof named === 'string') return named;
  const inner = Object.values(record).find(
    (value): value is Record<string, unknown> =>
      typeof value === 'object' && value !== null && 'displayName' in value
  );
  return inner ? nameOf(inner) : '';
};

test('search quality: precision@5 and nDCG@5 per method', async () => {
  const playground = await startPlayground({ env: { LOG_LEVEL: 'error' } });
  const { strapi } = playground;
  try {
    // A label that names nothing would silently score 0: the seed and the labels must agree.
    const names = new Set([
      ...(await strapi.db.query('api::member.member').findMany({ select: ['displayName'] })).map(
        (row: { displayName: string }) => row.displayName
      ),
      ...(await strapi.db.query('api::event.event').findMany({ select: ['title'] })).map(
        (row: { title: string }) => row.title
      ),
    ]);
    const unknown = LABELED_QUERIES.flatMap((query) => Object.keys(query.relevant)).filter(
      (name) => !names.has(name)
    );
    if (unknown.length > 0)
      throw new Error(
        `Labels name records the seed did not write (regenerate bench/search-queries.ts): ${[...new Set(unknown)].slice(0, 5).join(', ')}`
      );

    const methods = createSearchMethods(strapi);
    if (methods.search.rebuild) await methods.search.rebuild();
    const contexts = new Map<string, ToolContext>();
    for (const asker of new Set(LABELED_QUERIES.map((query) => query.asker)))
      contexts.set(asker, await demoContext(strapi, asker));

    type Score = { p: number; ndcg: number; top: string[] };
    const scores = new Map<Method, Map<LabeledQuery, Score>>();
    const skipped = new Map<Method, string>();
    const measure = async (method: Method, queries: LabeledQuery[]) => {
      const byQuery = new Map<LabeledQuery, Score>();
      for (const query of queries) {
        const rows = await methods.run(
          method,
          {
            collection: query.kind === 'events' ? 'events' : 'members',
            text: searchText(query),
            topic: query.topic,
          },
          contexts.get(query.asker)!,
          K
        );
        const top = rows.map(nameOf);
        // Unnamed records would score 0 silently: a result shape this bench does not know is a broken run.
        if (top.includes(''))
          throw new Error(
            `${METHOD_LABELS[method]} answered records without displayName or title: ${JSON.stringify(rows[0]).slice(0, 200)}`
          );
        byQuery.set(query, {
          p: precisionAt(top, query.relevant, K),
          ndcg: ndcgAt(top, query.relevant, K),
          top,
        });
      }
      scores.set(method, byQuery);
    };

    await measure('containsi', LABELED_QUERIES);
    await measure('index', LABELED_QUERIES);
    const indexMissing = methods.indexMissing();
    if (indexMissing) {
      scores.delete('index');
      skipped.set('index', indexMissing);
    }
    const suggestMissing = methods.suggestMissing();
    if (suggestMissing) skipped.set('suggest', suggestMissing);
    else
      await measure(
        'suggest',
        LABELED_QUERIES.filter((query) => query.kind === 'suggest')
      );
    methods.restore();

    const measured = [...scores.keys()];
    const cell = (method: Method, query: LabeledQuery) => {
      const score = scores.get(method)?.get(query);
      return score ? `${score.p.toFixed(2)} / ${score.ndcg.toFixed(2)}` : '—';
    };
    console.log(`Per query: precision@${K} / nDCG@${K} (asker in brackets)`);
    console.table(
      LABELED_QUERIES.map((query) => ({
        kind: query.kind,
        query: `${query.query} [${query.asker}]`,
        relevant: Object.keys(query.relevant).length,
        ...Object.fromEntries(measured.map((method) => [METHOD_LABELS[method], cell(method, query)])),
      }))
    );

    const summary = (['members', 'events', 'suggest', 'all'] as const).flatMap((kind) =>
      measured.flatMap((method) => {
        const rows = [...scores.get(method)!.entries()].filter(
          ([query]) => kind === 'all' || query.kind === kind
        );
        if (rows.length === 0) return [];
        return [
          {
            queries: kind,
            method: METHOD_LABELS[method],
            n: rows.length,
            [`P@${K}`]: mean(rows.map(([, score]) => score.p)).toFixed(3),
            [`nDCG@${K}`]: mean(rows.map(([, score]) => score.ndcg)).toFixed(3),
            'no result': rows.filter(([, score]) => score.top.length === 0).length,
          },
        ];
      })
    );
    console.log(
      [
        `Search quality: ${LABELED_QUERIES.length} labeled queries, ${playground.database.client}, top ${K}`,
        ...[...skipped].map(([method, reason]) => `${METHOD_LABELS[method]}: skipped — ${reason}`),
        `machine: ${machine()}`,
      ].join('\n')
    );
    console.table(summary);
  } finally {
    await playground.stop();
  }
});
