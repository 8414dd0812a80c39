import type { Core } from '@strapi/strapi';

/**
 * A statement as knex ran it. `wallMs`: from knex sending it to its answer, as the caller waited
 * (on a loaded machine mostly waiting for a core). `cpuMs` (SQLite only): the process's CPU time
 * across better-sqlite3's synchronous prepare + run of it — its cost, not its waiting.
 */
export type TimedQuery = { sql: string; bindings: unknown[]; wallMs: number; cpuMs?: number };

type QueryEvent = { sql: string; bindings?: unknown[]; __knexQueryUid: string };
type KnexClient = { _query: (connection: unknown, query: QueryEvent) => Promise<unknown> };

const cpuMsNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Every statement Strapi's knex runs while `run` runs, timed.
 *
 * On SQLite the statement's CPU: better-sqlite3 prepares and runs a statement synchronously on
 * the main thread, inside knex's `_query` before its first `await` completes, so the process's CPU
 * time (`process.cpuUsage()`, getrusage: precise to the microsecond on Linux) read right before and
 * after that call covers this statement and nothing else the event loop does; waiting for a core
 * (the run queue) is not CPU time, so a loaded machine inflates it far less than wall time. It is
 * an upper bound: the process's other threads (V8's GC and compiler helpers, libuv's pool) count
 * too while the call runs. `performance.eventLoopUtilization` would not do — it is wall time the
 * loop was busy, preemption included. The wrapper goes on the client's prototype: knex's
 * transaction clients are made from it (`Object.create(prototype)`), not from the instance.
 */
export const timedQueries = async (strapi: Core.Strapi, run: (sofar: TimedQuery[]) => Promise<void>) => {
  const started = new Map<string, { query: QueryEvent; at: number }>();
  const cpu = new Map<string, number>();
  const done: TimedQuery[] = [];
  const onQuery = (query: QueryEvent) => started.set(query.__knexQueryUid, { query, at: performance.now() });
  const onAnswer = (_response: unknown, query: QueryEvent) => {
    const start = started.get(query.__knexQueryUid);
    if (!start) return;
    started.delete(query.__knexQueryUid);
    const cpuMs = cpu.get(query.__knexQueryUid);
    cpu.delete(query.__knexQueryUid);
    done.push({
      sql: start.query.sql,
      bindings: start.query.bindings ?? [],
      wallMs: performance.now() - start.at,
      cpuMs,
    });
  };
  const connection = strapi.db.connection;
  const sqlite = strapi.db.dialect.client === 'sqlite';
  const prototype = Object.getPrototypeOf(connection.client) as KnexClient;
  const ownQuery = Object.prototype.hasOwnProperty.call(prototype, '_query');
  const original = prototype._query;
  if (sqlite)
    prototype._query = function timed(this: KnexClient, knexConnection, query) {
      const before = cpuMsNow();
      const answer = original.call(this, knexConnection, query);
      cpu.set(query.__knexQueryUid, cpuMsNow() - before);
      return answer;
    };
  connection.on('query', onQuery).on('query-response', onAnswer);
  try {
    await run(done);
  } finally {
    connection.off('query', onQuery).off('query-response', onAnswer);
    if (sqlite) {
      if (ownQuery) prototype._query = original;
      else delete (prototype as Partial<KnexClient>)._query;
    }
  }
  return done;
};

/** One distinct statement: its runs' times, and on PostgreSQL what EXPLAIN ANALYZE measured. */
export type StatementCost = {
  sql: string;
  runs: number;
  /** The slowest run as the caller waited, ms. */
  maxWallMs: number;
  /** SQLite: CPU of its runs, ms (median and slowest). */
  medianCpuMs?: number;
  maxCpuMs?: number;
  /** PostgreSQL: `Execution Time` of EXPLAIN (ANALYZE, BUFFERS), the fastest of 3, ms. */
  executionMs?: number;
  /** PostgreSQL: shared buffers hit + read by that execution (pages of 8 kB, independent of load). */
  buffers?: number;
  plan: string[];
};

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

type JsonPlan = Array<{
  Plan: Record<string, unknown> & { 'Shared Hit Blocks'?: number; 'Shared Read Blocks'?: number };
  'Execution Time': number;
}>;

/** The plan's nodes as one line each ("Index Scan using x on t"), indented by depth. */
const planLines = (node: Record<string, unknown>, depth = 0): string[] => [
  `${'  '.repeat(depth)}${node['Node Type']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''} (rows ${node['Actual Rows']}, loops ${node['Actual Loops']})`,
  ...((node.Plans as Array<Record<string, unknown>> | undefined) ?? []).flatMap((child) =>
    planLines(child, depth + 1)
  ),
];

/**
 * Every distinct statement of `queries` with its cost. SQLite: CPU of its runs and `EXPLAIN QUERY
 * PLAN`. PostgreSQL: `EXPLAIN (ANALYZE, BUFFERS)` with the bindings of its slowest run, three
 * times (the fastest execution kept: the first may read pages from disk, and a loaded machine
 * adds to any single one), writes inside a transaction rolled back. Sorted by cost, highest first.
 */
export const statementCosts = async (strapi: Core.Strapi, queries: TimedQuery[]) => {
  const byStatement = new Map<string, TimedQuery[]>();
  for (const query of queries) byStatement.set(query.sql, [...(byStatement.get(query.sql) ?? []), query]);
  const knex = strapi.db.connection;
  const postgres = strapi.db.dialect.client === 'postgres';
  const costs: StatementCost[] = [];
  for (const [sql, runs] of byStatement) {
    if (!/^\s*(select|update|delete|insert|with)\b/i.test(sql)) continue;
    const slowest = runs.reduce((max, query) => (query.wallMs > max.wallMs ? query : max));
    const explainable = sql.replace(/\$\d+/g, '?');
    const cost: StatementCost = {
      sql,
      runs: runs.length,
      maxWallMs: slowest.wallMs,
      plan: [],
    };
    if (postgres) {
      const executions: Array<{ ms: number; buffers: number; plan: string[] }> = [];
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await knex
          .transaction(async (trx) => {
            const { rows } = (await trx.raw(
              `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${explainable}`,
              slowest.bindings as never
            )) as { rows: Array<{ 'QUERY PLAN': JsonPlan }> };
            const [result] = rows[0]['QUERY PLAN'];
            executions.push({
              ms: result['Execution Time'],
              buffers: (result.Plan['Shared Hit Blocks'] ?? 0) + (result.Plan['Shared Read Blocks'] ?? 0),
              plan: planLines(result.Plan),
            });
            throw new Error('rollback');
          })
          .catch((error: Error) => {
            if (error.message !== 'rollback')
              executions.push({ ms: NaN, buffers: NaN, plan: [error.message] });
          });
      }
      const best = executions.reduce((min, execution) => (execution.ms < min.ms ? execution : min));
      Object.assign(cost, { executionMs: best.ms, buffers: best.buffers, plan: best.plan });
    } else {
      const cpu = runs.map((query) => query.cpuMs ?? 0);
      Object.assign(cost, { medianCpuMs: median(cpu), maxCpuMs: Math.max(...cpu) });
      if (!/^\s*insert\b/i.test(sql))
        cost.plan = (
          (await knex.raw(`EXPLAIN QUERY PLAN ${explainable}`, slowest.bindings as never)) as Array<{
            detail: string;
          }>
        ).map((row) => row.detail);
    }
    costs.push(cost);
  }
  const key = (cost: StatementCost) => (postgres ? (cost.executionMs ?? 0) : (cost.maxCpuMs ?? 0));
  return costs.sort((a, b) => key(b) - key(a));
};

/** A statement's cost in one line, then its plan. */
export const describeCost = (cost: StatementCost) => {
  const figures =
    cost.executionMs !== undefined
      ? `execution ${cost.executionMs.toFixed(2)} ms, ${cost.buffers} buffers`
      : `CPU median ${cost.medianCpuMs?.toFixed(2)} ms, max ${cost.maxCpuMs?.toFixed(2)} ms`;
  return `${figures} · wall max ${cost.maxWallMs.toFixed(1)} ms · ${cost.runs} runs\n    ${cost.sql.slice(0, 300)}\n    ${cost.plan.join('\n    ')}`;
};
