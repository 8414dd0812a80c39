/**
 * `npm run bench:growth` — flat as it grows (issue 24): the same measurements on an empty and on a
 * grown database, side by side, on SQLite and PostgreSQL.
 *
 * Per database: a fresh one, seeded; for "filled" the plugin's tables and the playground's members
 * filled straight through knex (bench/support/fill-growth.ts; default 1,000,000 inbound and
 * outbound messages and ledger rows over 10,000 users with a linked channel each, 100,333
 * members) and the search index rebuilt (PostgreSQL then ANALYZEd, as autovacuum would; SQLite as
 * Strapi leaves it). Then, in this process, a linked member's turns with a search_members round,
 * a retention run and the worker's sweep, every query timed: the slowest on the message path with
 * their plans, and the search index's own query p95. Then, each Strapi in its own process,
 * bench:agent 1 × 50 and bench:webhook (worker off, and on). Prints filled / empty per figure.
 *
 * Sizes: BENCH_GROWTH_INBOUND, _OUTBOUND, _LEDGER, _CHANNELS, _MEMBERS; BENCH_GROWTH_DATABASES
 * (default `sqlite,postgres`); BENCH_DURATION (webhook runs, s). Figures: bench/RESULTS.md.
 */
import os from 'node:os';
import { DEMO_USERS } from '../playground/src/seed/users';
import { createTestDatabase, type TestDatabase } from '../tests/support/database';
import { eventually } from '../tests/support/eventually';
import { login, requestLinkCode, say } from '../tests/support/members';
import { startPipeline } from '../tests/support/pipeline';
import { runAgentBench, type AgentFigures } from './support/agent-run';
import { fillGrowth, type GrowthSize } from './support/fill-growth';
import { explainSlowest, timedQueries, type TimedQuery } from './support/timed-queries';
import { machine, percentile } from './support/report';
import { runWebhookBench, type WebhookFigures } from './support/webhook-run';

const size = (name: string, fallback: number) => Number(process.env[`BENCH_GROWTH_${name}`] ?? fallback);
const SIZE: GrowthSize = {
  inbound: size('INBOUND', 1_000_000),
  outbound: size('OUTBOUND', 1_000_000),
  ledger: size('LEDGER', 1_000_000),
  channels: size('CHANNELS', 10_000),
  members: size('MEMBERS', 100_333),
};
const DATABASES = (process.env.BENCH_GROWTH_DATABASES ?? 'sqlite,postgres').split(',');
const TURNS = 20;

type StateFigures = {
  fillSeconds: number;
  queries: TimedQuery[];
  /** The slowest statements of the message path, with their plans. */
  slowest: string[];
  searchP95: number;
  agent: AgentFigures;
  webhook: WebhookFigures;
  load: string;
};

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** Fills (or not), profiles the message path in-process, then runs the two benches against it. */
const measure = async (client: string, filled: boolean): Promise<StateFigures> => {
  process.env.DATABASE_CLIENT = client;
  const database: TestDatabase = await createTestDatabase();
  const started = performance.now();
  const pipeline = await startPipeline({
    database,
    env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' },
    callbackStatuses: [],
  });
  const { strapi } = pipeline.playground;
  try {
    if (filled) {
      await fillGrowth(strapi, SIZE, (line) => console.log(`  [${client}] ${line}`));
      const rebuilt = performance.now();
      await strapi.plugin('whatsapp-agent').service('search').rebuild();
      console.log(`  [${client}] search index rebuilt in ${round((performance.now() - rebuilt) / 1000)} s`);
      if (client === 'postgres') await strapi.db.connection.raw('ANALYZE');
    }
    const fillSeconds = (performance.now() - started) / 1000;
    const phone = '+4917700002402';
    const { jwt } = await login(pipeline, DEMO_USERS[2].email);
    const { code } = await requestLinkCode(pipeline, jwt);
    await say(pipeline, phone, code);
    const queries = await timedQueries(strapi, async (sofar) => {
      for (let turn = 0; turn < TURNS; turn += 1) {
        pipeline.llm.script(
          { toolCalls: [{ name: 'search_members', arguments: { query: 'berlin', limit: 5 } }] },
          { content: `Answer ${turn}` }
        );
        await say(pipeline, phone, `Who is in Berlin? (${turn})`);
      }
      await strapi.plugin('whatsapp-agent').service('privacy').applyRetention();
      await eventually(() => {
        if (!sofar.some((query) => /^select[\s\S]*next_attempt_at/i.test(query.sql)))
          throw new Error('no sweep');
      }, 30_000);
    });
    const slowest = await explainSlowest(strapi, queries, 5);
    const search = queries
      .filter((query) => /whatsapp_agent_search/.test(query.sql))
      .map((query) => query.ms);
    await pipeline.twilio.stop();
    await pipeline.llm.stop();
    await pipeline.playground.stop({ keepDatabase: true });

    const agent = await runAgentBench({ members: 1, messages: 50, database: database.env, built: true });
    const webhook = await runWebhookBench({
      connections: 20,
      durationS: Number(process.env.BENCH_DURATION ?? 10),
      rounds: 0,
      database: database.env,
      built: true,
    });
    return {
      fillSeconds,
      queries,
      slowest,
      searchP95: search.length > 0 ? percentile(search, 95) : 0,
      agent,
      webhook,
      load: loadAverage(),
    };
  } finally {
    await database.drop();
  }
};

const figures = (state: StateFigures) => ({
  'plugin overhead p50 ms': percentile(state.agent.overhead, 50),
  'plugin overhead p99 ms': percentile(state.agent.overhead, 99),
  'Strapi CPU per message ms': state.agent.cpuPerMessage,
  'webhook req/s (worker off)': state.webhook.webhook.requestsPerSecond,
  'webhook p99 ms at 100 req/s': state.webhook.steady.p99Ms,
  'webhook req/s (worker on)': state.webhook.busy.requestsPerSecond,
  'webhook p99 ms (worker on)': state.webhook.busy.p99Ms,
  'search index query p95 ms': state.searchP95,
  'slowest message-path query ms': state.queries.reduce((max, query) => Math.max(max, query.ms), 0),
});

describe('bench:growth', () => {
  it.each(DATABASES)(
    '%s: filled / empty',
    async (client) => {
      console.log(`\n[${client}] sizes ${JSON.stringify(SIZE)} · load ${loadAverage()}`);
      const empty = await measure(client, false);
      console.log(`[${client}] empty: ${JSON.stringify(figures(empty))}`);
      const filled = await measure(client, true);
      const before = figures(empty);
      const after = figures(filled);
      const rows = Object.keys(before).map((name) => {
        const key = name as keyof typeof before;
        return {
          figure: name,
          empty: round(before[key]),
          filled: round(after[key]),
          'filled / empty': before[key] > 0 ? round(after[key] / before[key], 2) : '—',
        };
      });
      console.log(
        `\n[${client}] filled in ${round(filled.fillSeconds)} s · load after: empty ${empty.load}, filled ${filled.load}`
      );
      console.table(rows);
      console.log(`[${client}] slowest queries on the message path (filled), with their plans:`);
      for (const line of filled.slowest) console.log(line);
      console.log(
        `[${client}] replies: empty ${empty.agent.wrong === 0 ? 'ok' : 'WRONG'}, filled ${filled.agent.wrong === 0 ? 'ok' : 'WRONG'} · inbox check: ${empty.webhook.missing + filled.webhook.missing} missing or doubled`
      );
      console.log(`machine: ${machine()}`);
      // At the default size a database takes many minutes to fill.
    },
    4 * 3_600_000
  );
});
