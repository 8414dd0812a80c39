import { AsyncLocalStorage } from 'node:async_hooks';
import { DEMO_USERS } from '../../playground/src/seed/users';
import { note } from '../support/log-capture';
import { login, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

/**
 * What one agent turn costs the database: every query (a round trip, BEGIN and COMMIT
 * included) the worker makes from taking the channel to releasing it, for a linked member's
 * question answered after one tool round. The webhook's own work (storing the message) is not
 * part of the turn. 55 before issue 13; the list is printed, so a new query shows in the log.
 * Issue 14 adds 4: a search with a query first asks the search index for its candidates (1), and
 * the member's own profile is in the prompt, read as them every turn (BEGIN, select, COMMIT; not
 * cached: a permission taken away must show at the next message). Issue 15 adds 1: whether the
 * member has an action waiting for their Yes. Issue 23 adds 6: the turn reserves its place under the
 * limits before the model is called (BEGIN, lock the month's row, read the places held, insert the
 * reservation, COMMIT) and gives it back in the transaction that counts it (delete) — the price of
 * limits that hold when members write at the same moment. Issue 24 adds 2 on SQLite: the search
 * reads the index's statistics, then its candidates with their text (the words first, their
 * prefixes only when the words find fewer than 300) and scores them in JS, because FTS5's bm25()
 * walks a common word's whole posting list; calls into SQLite in the process, not network round
 * trips, each well under a millisecond at 100,000 members. PostgreSQL's count is unchanged (34).
 */
const MAX_QUERIES_PER_TURN = 36;
let pipeline: Pipeline;
const phone = '+4917700000901';

beforeAll(async () => {
  // No status callbacks: they are webhooks of their own and would land inside the turn's window.
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' }, callbackStatuses: [] });
  const { jwt } = await login(pipeline, DEMO_USERS[2].email);
  const { code } = await requestLinkCode(pipeline, jwt);
  expect(await say(pipeline, phone, code)).toMatch(/^Linked to/);
});

afterAll(async () => {
  await pipeline?.stop();
});

/**
 * The queries the worker makes processing a channel — by async context, so the embedded queue's
 * periodic sweep (its own queries) never counts, whenever it runs.
 */
const queriesOfTurns = async (run: () => Promise<void>) => {
  const { strapi } = pipeline.playground;
  const worker = strapi.plugin('whatsapp-agent').service('worker');
  const processChannel = worker.processChannel;
  const queries: string[] = [];
  const inTurn = new AsyncLocalStorage<true>();
  const onQuery = (query: { sql: string }) => {
    if (inTurn.getStore()) queries.push(query.sql);
  };
  worker.processChannel = (channelId: number) => inTurn.run(true, () => processChannel(channelId));
  strapi.db.connection.on('query', onQuery);
  try {
    await run();
  } finally {
    strapi.db.connection.off('query', onQuery);
    worker.processChannel = processChannel;
  }
  return queries;
};

describe('one agent turn', () => {
  it(`takes at most ${MAX_QUERIES_PER_TURN} database round trips`, async () => {
    const turn = async (question: string) => {
      pipeline.llm.script(
        { toolCalls: [{ name: 'search_members', arguments: { query: 'berlin', limit: 5 } }] },
        { content: `Answer to ${question}` }
      );
      expect(await say(pipeline, phone, question)).toBe(`Answer to ${question}`);
    };
    await turn('Warm-up: who is in Berlin?');
    const queries = await queriesOfTurns(() => turn('Who else is in Berlin?'));
    note(
      `One agent turn: ${queries.length} queries\n${queries.map((sql) => `  ${sql.slice(0, 160)}`).join('\n')}`
    );
    expect(queries.length).toBeLessThanOrEqual(MAX_QUERIES_PER_TURN);
  });
});
