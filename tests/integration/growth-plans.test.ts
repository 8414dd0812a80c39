import { DEMO_USERS } from '../../playground/src/seed/users';
import { fillGrowth } from '../../bench/support/fill-growth';
import { eventually } from '../support/eventually';
import { login, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { captureQueries, scansIn, type IssuedQuery } from '../support/query-plans';

/**
 * Flat as it grows (issue 24): with the tables filled to a size where a scan shows in the plan
 * (50,000 inbox rows, 20,000 members and their search index), no statement of the message path —
 * the webhook, a linked member's turn with a search, the worker's sweep, the retention run — reads
 * the inbox, the outbox, the ledger, the channels, the users, the members or Strapi's sessions whole. The queries are
 * the ones the code issues (captured), judged by their plans, not their times: SQLite as Strapi
 * leaves it (no ANALYZE ever runs there), PostgreSQL after ANALYZE (as autovacuum would).
 */
const SIZE = { inbound: 50_000, outbound: 20_000, ledger: 50_000, channels: 5_000, members: 20_000 };
const phone = '+4917700002401';
let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' }, callbackStatuses: [] });
  const { strapi } = pipeline.playground;
  await fillGrowth(strapi, SIZE);
  await strapi.plugin('whatsapp-agent').service('search').rebuild();
  if (pipeline.playground.database.client === 'postgres') await strapi.db.connection.raw('ANALYZE');
  const { jwt } = await login(pipeline, DEMO_USERS[2].email);
  const { code } = await requestLinkCode(pipeline, jwt);
  expect(await say(pipeline, phone, code)).toMatch(/^Linked to/);
}, 600_000);

afterAll(async () => {
  await pipeline?.stop();
});

/** The tables filled above, and the link tables of their relations. */
const grownTables = () => {
  const { strapi } = pipeline.playground;
  const uids = [
    'plugin::whatsapp-agent.inbound-message',
    'plugin::whatsapp-agent.outbound-message',
    'plugin::whatsapp-agent.usage-record',
    'plugin::whatsapp-agent.channel',
    'plugin::users-permissions.user',
    'api::member.member',
    // Strapi's sessions: one per member's login and linked channel (fill-growth makes one per user).
    'admin::session',
  ];
  const tables = new Set(['whatsapp_agent_search_documents']);
  for (const uid of uids) {
    const meta = strapi.db.metadata.get(uid);
    tables.add(meta.tableName);
    for (const attribute of Object.values(meta.attributes) as Array<{ joinTable?: { name: string } }>)
      if (attribute.joinTable) tables.add(attribute.joinTable.name);
  }
  return tables;
};

describe('the message path at 50,000 messages and 20,000 members', () => {
  it('reads no grown table whole', async () => {
    const { strapi } = pipeline.playground;
    const issued: IssuedQuery[] = await captureQueries(strapi, async (sofar) => {
      pipeline.llm.script(
        { toolCalls: [{ name: 'search_members', arguments: { query: 'berlin', limit: 5 } }] },
        { content: 'Here is who is in Berlin' }
      );
      expect(await say(pipeline, phone, 'Who is in Berlin?')).toBe('Here is who is in Berlin');
      await strapi.plugin('whatsapp-agent').service('privacy').applyRetention();
      // The worker's sweep runs on its own timer: wait for one (the webhook's INSERT names the column too).
      await eventually(
        () => expect(sofar.some((query) => /^select[\s\S]*next_attempt_at/i.test(query.sql))).toBe(true),
        30_000
      );
    });

    // The code paths this test exists for were all taken (a renamed column must not empty the test).
    const seen = (pattern: RegExp) => issued.some((query) => pattern.test(query.sql));
    expect(seen(/whatsapp_agent_search/)).toBe(true);
    expect(seen(/members_user_lnk/)).toBe(true);
    expect(seen(/^update[\s\S]*redacted_at/i)).toBe(true);
    expect(seen(/whatsapp_agent_usage_records/)).toBe(true);
    expect(seen(/strapi_sessions/)).toBe(true);

    const problems = await scansIn(strapi, issued, grownTables());
    expect(problems).toEqual([]);
  });
});
