/**
 * `npm run bench:growth` — flat as it grows (issue 24): the same measurements on an empty and on a
 * grown database, on SQLite and PostgreSQL, made so that a shared, loaded machine can show them.
 *
 * Per database: the grown one first (bench/support/growth-database.ts: default 1,000,000 inbound
 * and outbound messages and ledger rows over 10,000 users with a linked channel each, 100,333
 * members, the search index rebuilt; kept and reused with BENCH_GROWTH_KEEP=<dir>), and a fresh
 * seeded one. Then:
 *
 * 1. The message path's statements, in this process, on each state in turn: a linked member's
 *    turns with a search_members round, every statement timed by its cost — on SQLite the CPU of
 *    better-sqlite3's synchronous call (timed-queries.ts says why that is sound), on PostgreSQL
 *    `EXPLAIN (ANALYZE, BUFFERS)`'s execution time and pages — and by its wall time, labelled so.
 *    Retention and the worker's sweep apart (not per message).
 * 2. bench:agent on both states at once, each Strapi in its own process, in rounds alternating
 *    empty / filled (ABBA order), so that each pair of rounds met the same load; Strapi's CPU per
 *    message, PostgreSQL backends' CPU per message, p50 per turn, the load at each round.
 * 3. bench:webhook (worker off, then on) alternating likewise, one Strapi at a time.
 *
 * Sizes: BENCH_GROWTH_INBOUND, _OUTBOUND, _LEDGER, _CHANNELS, _MEMBERS; BENCH_GROWTH_DATABASES
 * (default `sqlite,postgres`); BENCH_GROWTH_AGENT_PAIRS (5) of BENCH_GROWTH_ROUND_MESSAGES (10);
 * BENCH_GROWTH_WEBHOOK_PAIRS (1, 0: none); BENCH_DURATION (webhook runs, s);
 * BENCH_GROWTH_FILL_ONLY=1 fills (and keeps) and stops. Figures: bench/RESULTS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_USERS } from '../playground/src/seed/users';
import { createTestDatabase, type DatabaseClient, type TestDatabase } from '../tests/support/database';
import { eventually } from '../tests/support/eventually';
import { login, requestLinkCode, say } from '../tests/support/members';
import { startPipeline } from '../tests/support/pipeline';
import { startAgentRounds, type AgentFigures } from './support/agent-run';
import type { GrowthSize } from './support/fill-growth';
import { filledDatabase } from './support/growth-database';
import { machine, percentile } from './support/report';
import {
  describeCost,
  statementCosts,
  timedQueries,
  type StatementCost,
  type TimedQuery,
} from './support/timed-queries';
import { runWebhookBench, type WebhookFigures } from './support/webhook-run';

const setting = (name: string, fallback: number) => Number(process.env[`BENCH_GROWTH_${name}`] ?? fallback);
const SIZE: GrowthSize = {
  inbound: setting('INBOUND', 1_000_000),
  outbound: setting('OUTBOUND', 1_000_000),
  ledger: setting('LEDGER', 1_000_000),
  channels: setting('CHANNELS', 10_000),
  members: setting('MEMBERS', 100_333),
};
const DATABASES = (process.env.BENCH_GROWTH_DATABASES ?? 'sqlite,postgres').split(',') as DatabaseClient[];
const TURNS = 20;
const AGENT_PAIRS = setting('AGENT_PAIRS', 5);
const ROUND_MESSAGES = setting('ROUND_MESSAGES', 10);
const WEBHOOK_PAIRS = setting('WEBHOOK_PAIRS', 1);
const STATES = ['empty', 'filled'] as const;
type State = (typeof STATES)[number];

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const load1 = () => round(os.loadavg()[0], 2);
const median = (values: number[]) => percentile(values, 50);
const ratio = (filled: number, empty: number) => (empty > 0 ? round(filled / empty, 2) : NaN);

type PathFigures = {
  load: { before: number; after: number };
  /** Statements run during the turns, costliest first. */
  turns: StatementCost[];
  /** Retention and the worker's sweep. */
  background: StatementCost[];
  /** The search index's statement: p95 of its cost (SQLite CPU; PostgreSQL execution) and of its wall time. */
  search: { costP95: number; wallP95: number };
};

/** The message path's statements on one database, in this process (see the header, 1.). */
const profileMessagePath = async (client: DatabaseClient, database: TestDatabase): Promise<PathFigures> => {
  process.env.DATABASE_CLIENT = client;
  const before = load1();
  const pipeline = await startPipeline({
    database,
    env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' },
    callbackStatuses: [],
  });
  const { strapi } = pipeline.playground;
  try {
    // A kept database has had earlier runs' turns: no community may reach its monthly plan.
    const usage = strapi.plugin('whatsapp-agent').service('usage');
    const communities = await strapi.db
      .query('api::community.community')
      .findMany({ select: ['documentId'] });
    for (const key of ['default', ...communities.map((row) => String(row.documentId))])
      await usage.setPlan(key, { kind: 'free', turnsPerMonth: 100_000_000, memberTurnsPerDay: 100_000 });
    const phone = '+4917700002402';
    // A kept database has it linked from an earlier run.
    const linked = await strapi.db
      .query('plugin::whatsapp-agent.channel')
      .findOne({ where: { address: phone, status: 'linked' } });
    if (!linked) {
      const { jwt } = await login(pipeline, DEMO_USERS[2].email);
      const { code } = await requestLinkCode(pipeline, jwt);
      await say(pipeline, phone, code);
    }
    // One turn untimed: the first statements of a process pay for compiling their code paths.
    pipeline.llm.script(
      { toolCalls: [{ name: 'search_members', arguments: { query: 'berlin', limit: 5 } }] },
      { content: 'Warm' }
    );
    await say(pipeline, phone, 'Who is in Berlin? (warm-up)');
    const turns = await timedQueries(strapi, async () => {
      for (let turn = 0; turn < TURNS; turn += 1) {
        pipeline.llm.script(
          { toolCalls: [{ name: 'search_members', arguments: { query: 'berlin', limit: 5 } }] },
          { content: `Answer ${turn}` }
        );
        await say(pipeline, phone, `Who is in Berlin? (${turn})`);
      }
    });
    const background = await timedQueries(strapi, async (sofar) => {
      await strapi.plugin('whatsapp-agent').service('privacy').applyRetention();
      await eventually(() => {
        if (!sofar.some((query) => /^select[\s\S]*next_attempt_at/i.test(query.sql)))
          throw new Error('no sweep');
      }, 60_000);
    });
    const turnCosts = await statementCosts(strapi, turns);
    const searches = turns.filter((query: TimedQuery) => /whatsapp_agent_search/.test(query.sql));
    const searchCost = turnCosts.find((cost) => /whatsapp_agent_search/.test(cost.sql));
    return {
      load: { before, after: load1() },
      turns: turnCosts,
      background: await statementCosts(strapi, background),
      search: {
        costP95:
          client === 'sqlite'
            ? percentile(
                searches.map((query) => query.cpuMs ?? 0),
                95
              )
            : (searchCost?.executionMs ?? 0),
        wallP95: percentile(
          searches.map((query) => query.wallMs),
          95
        ),
      },
    };
  } finally {
    await pipeline.twilio.stop();
    await pipeline.llm.stop();
    await pipeline.playground.stop({ keepDatabase: true });
  }
};

type AgentRound = { state: State; pair: number; load: number; figures: AgentFigures };

/** bench:agent on both states at once, rounds alternating (see the header, 2.). */
const interleavedAgent = async (databases: Record<State, TestDatabase>) => {
  const stacks = {} as Record<State, Awaited<ReturnType<typeof startAgentRounds>>>;
  try {
    for (const state of STATES)
      stacks[state] = await startAgentRounds({
        members: 1,
        database: databases[state].env,
        built: true,
        postgresDatabase: databases[state].env.DATABASE_NAME,
      });
    // Warm-up round on each, not counted: JIT, connection pools, prepared statements.
    for (const state of STATES) await stacks[state].round(3);
    const rounds: AgentRound[] = [];
    for (let pair = 0; pair < AGENT_PAIRS; pair += 1) {
      const order = pair % 2 === 0 ? STATES : ([...STATES].reverse() as State[]);
      for (const state of order) {
        const load = load1();
        rounds.push({ state, pair, load, figures: await stacks[state].round(ROUND_MESSAGES) });
      }
    }
    return rounds;
  } finally {
    await Promise.all(Object.values(stacks).map((stack) => stack.stop()));
  }
};

type WebhookRound = { state: State; pair: number; load: number; figures: WebhookFigures };

/** bench:webhook alternating the two states, one Strapi at a time (see the header, 3.). */
const interleavedWebhook = async (databases: Record<State, TestDatabase>) => {
  const rounds: WebhookRound[] = [];
  for (let pair = 0; pair < WEBHOOK_PAIRS; pair += 1) {
    const order = pair % 2 === 0 ? STATES : ([...STATES].reverse() as State[]);
    for (const state of order) {
      const load = load1();
      const figures = await runWebhookBench({
        connections: 20,
        durationS: Number(process.env.BENCH_DURATION ?? 5),
        rounds: 0,
        database: databases[state].env,
        built: true,
      });
      rounds.push({ state, pair, load, figures });
    }
  }
  return rounds;
};

const printAgent = (client: string, rounds: AgentRound[]) => {
  console.log(`\n[${client}] bench:agent, 1 member × ${ROUND_MESSAGES} messages per round, interleaved:`);
  console.table(
    rounds.map(({ state, pair, load, figures }) => ({
      pair: pair + 1,
      state,
      'load (1 min) at start': load,
      'Strapi CPU/message ms': round(figures.cpuPerMessage),
      'PostgreSQL CPU/message ms': round(figures.databaseCpuPerMessage),
      'Strapi writes/message KB': round(figures.writtenKbPerMessage),
      'p50 per turn ms (wall)': round(percentile(figures.overhead, 50)),
      'wrong replies': figures.wrong,
    }))
  );
  const of = (state: State) => rounds.filter((entry) => entry.state === state);
  const pooled = (state: State, pick: (figures: AgentFigures) => number) =>
    of(state).reduce((sum, entry) => sum + pick(entry.figures) * entry.figures.messages, 0) /
    of(state).reduce((sum, entry) => sum + entry.figures.messages, 0);
  const p50 = (state: State) =>
    percentile(
      of(state).flatMap((entry) => entry.figures.overhead),
      50
    );
  const pairRatios = (pick: (figures: AgentFigures) => number) =>
    Array.from({ length: AGENT_PAIRS }, (_, pair) => {
      const [empty, filled] = STATES.map(
        (state) => rounds.find((entry) => entry.pair === pair && entry.state === state)!.figures
      );
      return ratio(pick(filled), pick(empty));
    });
  const rows = [
    ['Strapi CPU per message, ms', (figures: AgentFigures) => figures.cpuPerMessage],
    ['PostgreSQL CPU per message, ms', (figures: AgentFigures) => figures.databaseCpuPerMessage],
    // On SQLite the database's writes (WAL, checkpoints) are the Strapi process's own.
    [
      'Strapi process writes to storage per message, KB',
      (figures: AgentFigures) => figures.writtenKbPerMessage,
    ],
    ['p50 per turn (wall), ms', (figures: AgentFigures) => percentile(figures.overhead, 50)],
  ] as const;
  console.table(
    rows
      .filter(([figure]) => client === 'postgres' || !figure.startsWith('PostgreSQL'))
      .map(([figure, pick]) => {
        const [empty, filled] = figure.startsWith('p50')
          ? [p50('empty'), p50('filled')]
          : [pooled('empty', pick), pooled('filled', pick)];
        const ratios = pairRatios(pick);
        return {
          figure,
          empty: round(empty),
          filled: round(filled),
          'filled / empty (all rounds)': ratio(filled, empty),
          'per pair': ratios.join(' '),
          'median of pairs': round(median(ratios), 2),
        };
      })
  );
};

const printPath = (client: string, paths: Record<State, PathFigures>) => {
  const unit = client === 'sqlite' ? 'CPU' : 'execution (EXPLAIN ANALYZE)';
  const top = (figures: PathFigures) => figures.turns[0];
  const costOf = (cost?: StatementCost) => (cost ? (cost.maxCpuMs ?? cost.executionMs ?? 0) : 0);
  console.log(`\n[${client}] message path, ${TURNS} turns each (cost = ${unit}):`);
  console.table(
    STATES.map((state) => ({
      state,
      load: `${paths[state].load.before} → ${paths[state].load.after}`,
      'costliest statement ms': round(costOf(top(paths[state])), 2),
      'search p95 cost ms': round(paths[state].search.costP95, 2),
      'search p95 wall ms': round(paths[state].search.wallP95, 1),
      'slowest statement wall ms': round(
        paths[state].turns.reduce((max, cost) => Math.max(max, cost.maxWallMs), 0),
        1
      ),
    }))
  );
  for (const state of STATES) {
    console.log(`[${client}] ${state}: the 8 costliest statements of the turns, with their plans:`);
    for (const cost of paths[state].turns.slice(0, 8)) console.log(describeCost(cost));
  }
  console.log(`[${client}] filled: retention and the sweep, the 4 costliest:`);
  for (const cost of paths.filled.background.slice(0, 4)) console.log(describeCost(cost));
};

const printWebhook = (client: string, rounds: WebhookRound[]) => {
  console.log(`\n[${client}] bench:webhook, interleaved (one Strapi at a time):`);
  console.table(
    rounds.map(({ state, pair, load, figures }) => ({
      pair: pair + 1,
      state,
      'load at start': load,
      'req/s worker off': figures.webhook.requestsPerSecond,
      'p99 ms at 100 req/s': figures.steady.p99Ms,
      'req/s worker on': figures.busy.requestsPerSecond,
      'p99 ms worker on': figures.busy.p99Ms,
      'missing or doubled': figures.missing,
    }))
  );
};

describe('bench:growth', () => {
  it.each(DATABASES)(
    '%s: filled / empty, interleaved',
    async (client) => {
      const log = (line: string) => console.log(`  [${client}] ${line}`);
      console.log(`\n[${client}] sizes ${JSON.stringify(SIZE)} · load ${load1()} · ${machine()}`);
      const filled = await filledDatabase(client, SIZE, log);
      if (process.env.BENCH_GROWTH_FILL_ONLY) return;
      const databases: Record<State, TestDatabase> = { empty: await createTestDatabase(client), filled };
      try {
        const paths = {} as Record<State, PathFigures>;
        for (const state of STATES) paths[state] = await profileMessagePath(client, databases[state]);
        printPath(client, paths);
        const agent = await interleavedAgent(databases);
        printAgent(client, agent);
        const webhook = await interleavedWebhook(databases);
        if (webhook.length > 0) printWebhook(client, webhook);
        const out = path.join(os.tmpdir(), `growth-${client}-${Date.now()}.json`);
        fs.writeFileSync(out, JSON.stringify({ size: SIZE, paths, agent, webhook }, null, 1));
        console.log(`[${client}] all figures: ${out} · machine: ${machine()}`);
      } finally {
        await databases.empty.drop();
      }
    },
    // At the default size a database takes many minutes to fill.
    4 * 3_600_000
  );
});
