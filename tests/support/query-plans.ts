import type { Core } from '@strapi/strapi';

/** A statement as knex ran it: SQL with `?` placeholders and its bindings. */
export type IssuedQuery = { sql: string; bindings: unknown[] };

/** A step of a plan that reads a whole table, or reads an FTS index inside another loop. */
export type PlanProblem = { sql: string; step: string };

/** Every statement Strapi's knex issues while `run` runs (whatever code path issues it), as it comes. */
export const captureQueries = async (strapi: Core.Strapi, run: (queries: IssuedQuery[]) => Promise<void>) => {
  const queries: IssuedQuery[] = [];
  const onQuery = (query: { sql: string; bindings?: unknown[] }) =>
    queries.push({ sql: query.sql, bindings: query.bindings ?? [] });
  strapi.db.connection.on('query', onQuery);
  try {
    await run(queries);
  } finally {
    strapi.db.connection.off('query', onQuery);
  }
  return queries;
};

/** Reads that have a plan (transaction control, inserts and PRAGMAs have none worth judging). */
const planned = (sql: string) => /^\s*(select|update|delete|with)\b/i.test(sql);

/** `from "members" as "t0"`: which table an alias in a plan names. */
const aliases = (sql: string) => {
  const names = new Map<string, string>();
  for (const [, table, alias] of sql.matchAll(/[`"]?(\w+)[`"]?\s+as\s+[`"]?(\w+)[`"]?/gi))
    names.set(alias, table);
  return (name: string) => names.get(name) ?? name;
};

/**
 * SQLite: `EXPLAIN QUERY PLAN` lines. A `SCAN` of one of `tables` reads it whole; an FTS5 table
 * (`VIRTUAL TABLE`) below another table of the same loop nest means MATCH is evaluated once per
 * row of that table (minutes over 100,000 members), so it must be the outer loop.
 */
const sqliteProblems = async (strapi: Core.Strapi, query: IssuedQuery, tables: Set<string>) => {
  const rows = (await strapi.db.connection.raw(`EXPLAIN QUERY PLAN ${query.sql}`, query.bindings)) as Array<{
    id: number;
    parent: number;
    detail: string;
  }>;
  const tableOf = aliases(query.sql);
  const problems: PlanProblem[] = [];
  const seenInLoop = new Set<number>();
  for (const row of rows) {
    const scanned = /^SCAN (\w+)/.exec(row.detail)?.[1];
    if (scanned && tables.has(tableOf(scanned))) problems.push({ sql: query.sql, step: row.detail });
    if (/VIRTUAL TABLE/.test(row.detail) && seenInLoop.has(row.parent))
      problems.push({ sql: query.sql, step: `${row.detail} (inside another table's loop)` });
    if (/^(SCAN|SEARCH) /.test(row.detail)) seenInLoop.add(row.parent);
  }
  return problems;
};

type PgNode = { 'Node Type': string; 'Relation Name'?: string; Plans?: PgNode[] };

/** PostgreSQL: `EXPLAIN (FORMAT JSON)`; a `Seq Scan` of one of `tables` reads it whole. */
const postgresProblems = async (strapi: Core.Strapi, query: IssuedQuery, tables: Set<string>) => {
  // The query layer's statements arrive numbered ($1, $2, … in order); knex.raw numbers `?` itself.
  const sql = query.sql.replace(/\$\d+/g, '?');
  const result = (await strapi.db.connection.raw(`EXPLAIN (FORMAT JSON) ${sql}`, query.bindings)) as {
    rows: Array<{ 'QUERY PLAN': Array<{ Plan: PgNode }> }>;
  };
  const problems: PlanProblem[] = [];
  // Below a Limit a sequential scan stops once it has enough rows: the planner's choice for a
  // common word (search-index-postgres.ts reads "until it has enough"), bounded by the limit.
  const walk = (node: PgNode, limited: boolean) => {
    if (node['Node Type'] === 'Seq Scan' && !limited && tables.has(node['Relation Name'] ?? ''))
      problems.push({ sql: query.sql, step: `Seq Scan on ${node['Relation Name']}` });
    node.Plans?.forEach((child) => walk(child, limited || node['Node Type'] === 'Limit'));
  };
  walk(result.rows[0]['QUERY PLAN'][0].Plan, false);
  return problems;
};

/** The plan steps of these statements (each distinct text once) that read one of `tables` whole. */
export const scansIn = async (strapi: Core.Strapi, queries: IssuedQuery[], tables: Set<string>) => {
  const distinct = new Map(queries.filter((query) => planned(query.sql)).map((query) => [query.sql, query]));
  const explain = strapi.db.dialect.client === 'postgres' ? postgresProblems : sqliteProblems;
  const problems: PlanProblem[] = [];
  for (const query of distinct.values()) {
    try {
      problems.push(...(await explain(strapi, query, tables)));
    } catch (error) {
      throw new Error(`Could not explain ${query.sql} ${JSON.stringify(query.bindings)}: ${error}`);
    }
  }
  return problems;
};
