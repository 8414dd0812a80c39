import type { Core } from '@strapi/strapi';

/** A statement as knex ran it, with how long it took (ms, from sending to its answer). */
export type TimedQuery = { sql: string; bindings: unknown[]; ms: number };

type QueryEvent = { sql: string; bindings?: unknown[]; __knexQueryUid: string };

/** Every statement Strapi's knex runs while `run` runs, timed. */
export const timedQueries = async (strapi: Core.Strapi, run: (sofar: TimedQuery[]) => Promise<void>) => {
  const started = new Map<string, { query: QueryEvent; at: number }>();
  const done: TimedQuery[] = [];
  const onQuery = (query: QueryEvent) => started.set(query.__knexQueryUid, { query, at: performance.now() });
  const onAnswer = (_response: unknown, query: QueryEvent) => {
    const start = started.get(query.__knexQueryUid);
    if (!start) return;
    started.delete(query.__knexQueryUid);
    done.push({
      sql: start.query.sql,
      bindings: start.query.bindings ?? [],
      ms: performance.now() - start.at,
    });
  };
  const connection = strapi.db.connection;
  connection.on('query', onQuery).on('query-response', onAnswer);
  try {
    await run(done);
  } finally {
    connection.off('query', onQuery).off('query-response', onAnswer);
  }
  return done;
};

/**
 * The `count` slowest distinct statements (by their slowest run) with their plans: SQLite's
 * `EXPLAIN QUERY PLAN`; PostgreSQL's `EXPLAIN ANALYZE` for reads (plain `EXPLAIN` for writes,
 * which ANALYZE would perform).
 */
export const explainSlowest = async (strapi: Core.Strapi, queries: TimedQuery[], count: number) => {
  const slowestRun = new Map<string, TimedQuery>();
  for (const query of queries) {
    if (!/^\s*(select|update|delete|with)\b/i.test(query.sql)) continue;
    if ((slowestRun.get(query.sql)?.ms ?? -1) < query.ms) slowestRun.set(query.sql, query);
  }
  const knex = strapi.db.connection;
  const postgres = strapi.db.dialect.client === 'postgres';
  const lines: string[] = [];
  for (const query of [...slowestRun.values()].sort((a, b) => b.ms - a.ms).slice(0, count)) {
    const sql = query.sql.replace(/\$\d+/g, '?');
    const plan = postgres
      ? (
          (await knex.raw(
            `EXPLAIN ${/^\s*(select|with)\b/i.test(sql) ? 'ANALYZE ' : ''}${sql}`,
            query.bindings
          )) as {
            rows: Array<{ 'QUERY PLAN': string }>;
          }
        ).rows.map((row) => row['QUERY PLAN'])
      : ((await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, query.bindings)) as Array<{ detail: string }>).map(
          (row) => row.detail
        );
    lines.push(`${query.ms.toFixed(1)} ms  ${sql.slice(0, 300)}\n    ${plan.join('\n    ')}`);
  }
  return lines;
};
