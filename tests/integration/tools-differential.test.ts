import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import qs from 'qs';
import { EVENT_FLAVOURS } from '../../playground/src/seed/data/events';
import { COMMUNITY_FLAVOURS } from '../../playground/src/seed/data/profiles';
import { DEMO_PASSWORD, DEMO_USERS } from '../../playground/src/seed/users';
import { createMemberAuth } from '../../server/src/agent/tools/member-auth';
import { callTool, connectMcp, liftAllPlans } from '../support/mcp';
import { startPlayground, type Playground } from '../support/playground';

/**
 * Differential test: whatever a tool returns, the REST API returns to the same member. Fails if
 * a tool ever shows a record or a field value the member's own JWT cannot get from
 * GET /api/<collection>, a scoped record outside the member's communities, or the member
 * themselves in a list. The first cases also check completeness: the same filters by hand, the
 * plugin's scope applied to REST's answer, give the same records. Every query also goes through
 * MCP (the member's own assistant, with a personal token): it must answer exactly what the
 * WhatsApp agent's tool does, so it too never returns more than REST.
 */

type Row = Record<string, unknown> & { documentId: string };
type Asker = { userId: number; memberDocumentIds: string[]; communityKeys: string[] };
type Member = {
  label: string;
  /** A current access token: the playground's last 10 minutes, a loaded run of the sweep longer. */
  jwt: () => Promise<string>;
  user: { id: number; role?: { id: number } };
  asker: Asker;
  mcp: Client;
};

let playground: Playground;
const members: Member[] = [];

const MEMBER_FIELDS = ['displayName', 'headline', 'bio', 'interests', 'city', 'company'];
const EVENT_FIELDS = ['title', 'description', 'location'];

const CASES: Array<{
  tool: string;
  collection: string;
  args: Record<string, unknown>;
  filters: (args: Record<string, unknown>) => unknown;
  sort: string;
}> = [
  ...['climate', 'berlin design', 'rust', 'community building', 'xylophone'].map((query) => ({
    tool: 'search_members',
    collection: 'members',
    args: { query, limit: 10 },
    filters: () => ({
      $and: query
        .split(' ')
        .map((word) => ({ $or: MEMBER_FIELDS.map((field) => ({ [field]: { $containsi: word } })) })),
    }),
    sort: 'id:asc',
  })),
  ...[
    { query: 'workshop' },
    { from: new Date().toISOString() },
    { query: 'online', to: new Date().toISOString() },
  ].map((args) => ({
    tool: 'search_events',
    collection: 'events',
    args: { ...args, limit: 10 },
    filters: () => ({
      $and: [
        ...String(args.query ?? '')
          .split(' ')
          .filter(Boolean)
          .map((word) => ({ $or: EVENT_FIELDS.map((field) => ({ [field]: { $containsi: word } })) })),
        ...(args.from ? [{ startsAt: { $gte: args.from } }] : []),
        ...(args.to ? [{ startsAt: { $lte: args.to } }] : []),
      ],
    }),
    sort: 'startsAt:asc',
  })),
];

/** Logs in through REST: the member's access token and user. */
const logIn = async (identifier: string, password: string) => {
  const response = await playground.request().post('/api/auth/local').send({ identifier, password });
  expect(response.status).toBe(200);
  return response.body as { jwt: string; user: { id: number } };
};

/** Hands out an access token, logging in anew once it is half its lifetime old. */
const accessTokens = (identifier: string, password: string, first: string) => {
  let current = { jwt: first, issuedAt: Date.now() };
  return async () => {
    if (Date.now() - current.issuedAt > 5 * 60_000) {
      current = { jwt: (await logIn(identifier, password)).jwt, issuedAt: Date.now() };
    }
    return current.jwt;
  };
};

const loginAs = async (label: string, identifier: string, password: string): Promise<Member> => {
  const session = await logIn(identifier, password);
  const user = await playground.strapi.db
    .query('plugin::users-permissions.user')
    .findOne({ where: { id: session.user.id }, populate: ['role'] });
  const { communities: _names, ...asker } = await playground.strapi
    .plugin('whatsapp-agent')
    .service('identity')
    .asker(user.id);
  const { token } = await playground.strapi
    .plugin('whatsapp-agent')
    .service('mcpTokens')
    .issue(user.id, 'Differential test');
  return {
    label,
    jwt: accessTokens(identifier, password, session.jwt),
    user,
    asker,
    mcp: await connectMcp(playground.baseUrl, token),
  };
};

const rest = async (member: Member, collection: string, query: Record<string, unknown>) =>
  playground
    .request()
    .get(`/api/${collection}?${qs.stringify(query, { encodeValuesOnly: true })}`)
    .set('Authorization', `Bearer ${await member.jwt()}`);

const runTool = async (member: Member, tool: string, args: Record<string, unknown>) =>
  (await playground.strapi
    .plugin('whatsapp-agent')
    .service('agent')
    .tools()
    .get(tool)
    .run(args, {
      auth: await createMemberAuth(playground.strapi).of(member.user),
      asker: member.asker,
    })) as Record<string, unknown>;

/** The same tool through MCP, as the member's own assistant calls it. */
const runMcpTool = async (member: Member, tool: string, args: Record<string, unknown>) => {
  const { isError: _isError, ...result } = await callTool(member.mcp, tool, args);
  return result;
};

/**
 * Community documentId of each record (null: none), read through REST with populate by a member
 * whose role may read communities (Ada's): the scope is checked against what REST says.
 */
const communitiesOf = async (collection: string, documentIds: string[]) => {
  const byRecord = new Map<string, string | null>();
  for (let start = 0; start < documentIds.length; start += 100) {
    const response = await rest(members[0], collection, {
      filters: { documentId: { $in: documentIds.slice(start, start + 100) } },
      fields: ['documentId'],
      populate: { community: { fields: ['documentId'] } },
      pagination: { pageSize: 100 },
    });
    expect(response.status).toBe(200);
    for (const row of response.body.data as Array<Row & { community?: Row | null }>)
      byRecord.set(row.documentId, row.community?.documentId ?? null);
  }
  return byRecord;
};

const inScope = (asker: Asker, community: string | null | undefined) =>
  community === null
    ? asker.communityKeys.includes('default')
    : asker.communityKeys.includes(String(community));

/** Every record of a REST query, page by page, in its order. */
const allPages = async (member: Member, collection: string, query: Record<string, unknown>) => {
  const rows: Row[] = [];
  for (let page = 1; ; page += 1) {
    const response = await rest(member, collection, { ...query, pagination: { page, pageSize: 100 } });
    if (response.status !== 200) return { status: response.status, rows };
    rows.push(...(response.body.data as Row[]));
    if (page >= response.body.meta.pagination.pageCount) return { status: 200, rows };
  }
};

beforeAll(async () => {
  // The REST side is built with $containsi here, so the tools must search the same way; the ranked
  // index path is checked against REST record by record in search-index.test.ts.
  playground = await startPlayground({
    env: {
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      WHATSAPP_AGENT_SEARCH_INDEX: 'off',
      WHATSAPP_AGENT_MCP: 'on',
      WHATSAPP_AGENT_MEMBER_TURNS_PER_DAY: '100000',
      WHATSAPP_AGENT_MCP_MEMBER_REQUESTS_PER_MINUTE: '10000',
      WHATSAPP_AGENT_MCP_CLIENT_REQUESTS_PER_MINUTE: '10000',
    },
  });
  // Each MCP call counts like a turn: no plan may stop the sweep.
  await liftAllPlans(playground);
  const { strapi } = playground;
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .create({ data: { name: 'Event guests', description: 'Events only', type: 'event-guests' } });
  for (const action of ['api::event.event.find', 'api::event.event.findOne'])
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  await playground
    .request()
    .post('/api/auth/local/register')
    .send({ username: 'guest', email: 'guest@example.com', password: 'Guest-pass-1' });
  await strapi.db
    .query('plugin::users-permissions.user')
    .update({ where: { email: 'guest@example.com' }, data: { role: role.id } });

  // The guest has a profile in Open Source Makers: their scope is that community.
  const makers = await strapi.db
    .query('api::community.community')
    .findOne({ where: { slug: 'open-source-makers' }, select: ['id'] });
  const guest = await strapi.db
    .query('plugin::users-permissions.user')
    .findOne({ where: { email: 'guest@example.com' }, select: ['id'] });
  await strapi
    .documents('api::member.member')
    .create({ data: { displayName: 'Gus Guest', user: guest.id, community: makers.id } });

  members.push(
    await loginAs('Ada (Authenticated role)', DEMO_USERS[0].email, DEMO_PASSWORD),
    await loginAs('guest (Event guests role)', 'guest@example.com', 'Guest-pass-1')
  );
});

afterAll(async () => {
  for (const member of members) await member.mcp.close().catch(() => undefined);
  await playground?.stop();
});

describe('tools never return more than the REST API', () => {
  it.each(CASES.flatMap((testCase) => [0, 1].map((who) => ({ ...testCase, who }))))(
    '$tool $args as member #$who',
    async ({ tool, collection, args, filters, sort, who }) => {
      const member = members[who];
      const result = await runTool(member, tool, args);
      expect(await runMcpTool(member, tool, args)).toEqual(result);
      const all = await allPages(member, collection, { filters: filters(args), sort });
      if (all.status === 403) {
        expect(result).toEqual({ error: expect.stringMatching(/^Not allowed/) });
        return;
      }
      expect(all.status).toBe(200);
      // What the tool should answer: REST's records in the member's communities, without them.
      const scope = await communitiesOf(
        collection,
        all.rows.map((row) => row.documentId)
      );
      const expected = all.rows
        .filter((row) => inScope(member.asker, scope.get(row.documentId)))
        .filter((row) => !member.asker.memberDocumentIds.includes(row.documentId))
        .slice(0, Number(args.limit));
      const toolRows = result[collection] as Row[];
      expect(toolRows.map((row) => row.documentId)).toEqual(expected.map((row) => row.documentId));
      const restRows = new Map(expected.map((row) => [row.documentId, row]));
      for (const row of toolRows) {
        const same = restRows.get(row.documentId);
        for (const [field, value] of Object.entries(row))
          expect({ field, value: same?.[field] }).toEqual({ field, value });
      }
    }
  );

  it('covers both an allowed and a refused collection', async () => {
    const guest = members[1];
    for (const tool of ['search_members', 'suggest_members'])
      expect(await runTool(guest, tool, { query: 'climate' })).toEqual({
        error: expect.stringMatching(/^Not allowed/),
      });
    expect(
      ((await runTool(guest, 'search_events', {})) as { events: unknown[] }).events.length
    ).toBeGreaterThan(0);
  });
});

/** Words and phrases from the seed's own vocabulary, so most queries find something. */
const memberTerms = [
  ...new Set(
    Object.values(COMMUNITY_FLAVOURS).flatMap((flavour) => [
      ...flavour.interests.map(([interest]) => interest),
      ...flavour.cities.map(([city]) => city),
    ])
  ),
];
const eventTerms = [
  ...new Set(
    Object.values(EVENT_FLAVOURS).flatMap((flavour) => [
      ...flavour.formats.map(([format]) => format.toLowerCase()),
      ...flavour.topics.flatMap((topic) => topic.split(' ').filter((word) => word.length > 3)),
    ])
  ),
];
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** ≥ 200 calls per member: searches, suggestions and reads of what they return. */
const SWEEP: Array<{ tool: string; collection: string; args: Record<string, unknown> }> = [
  ...memberTerms.map((query) => ({
    tool: 'search_members',
    collection: 'members',
    args: { query, limit: 20 },
  })),
  ...memberTerms.slice(0, 20).map((term, i) => ({
    tool: 'search_members',
    collection: 'members',
    args: { query: `${term} ${memberTerms[(i * 7 + 3) % memberTerms.length]}`, limit: 20 },
  })),
  ...eventTerms.slice(0, 50).map((query, i) => ({
    tool: 'search_events',
    collection: 'events',
    args: { query, ...(i % 3 === 0 ? { from: day(-30 + i), to: day(i * 2) } : {}), limit: 20 },
  })),
  ...eventTerms.slice(0, 15).map((word, i) => ({
    tool: 'search_events',
    collection: 'events',
    args: { query: `${word} ${eventTerms[(i * 5 + 2) % eventTerms.length]}`, limit: 20 },
  })),
  ...[-120, -60, -7, 0, 7, 30, 90].map((offset) => ({
    tool: 'search_events',
    collection: 'events',
    args: { from: day(offset), limit: 20 },
  })),
  { tool: 'suggest_members', collection: 'members', args: {} },
  { tool: 'suggest_members', collection: 'members', args: { limit: 10 } },
  ...memberTerms.map((topic) => ({
    tool: 'suggest_members',
    collection: 'members',
    args: { topic, limit: 10 },
  })),
  ...eventTerms
    .slice(0, 30)
    .map((topic) => ({ tool: 'suggest_members', collection: 'members', args: { topic, limit: 10 } })),
];

/**
 * The sweep is split into parts of a few dozen queries, each a test of its own: each query is a
 * tool call, the same call over MCP and two or three REST calls, so a part is seconds of work on
 * a quiet machine and stays far inside the hang guard (jest's testTimeout) on a loaded one.
 */
const PART_SIZE = 25;
const PARTS = Array.from({ length: Math.ceil(SWEEP.length / PART_SIZE) }, (_, part) =>
  SWEEP.slice(part * PART_SIZE, (part + 1) * PART_SIZE)
);
const checked = [0, 1].map(() => ({ records: 0, opened: 0 }));

describe('scoped tools and suggest_ never return more than REST, nor outside the member’s communities', () => {
  it('has at least 200 queries', () => {
    expect(SWEEP.length).toBeGreaterThanOrEqual(200);
  });

  it.each([0, 1].flatMap((who) => PARTS.map((queries, part) => ({ who, part, queries }))))(
    'sweep as member #$who, part $part',
    async ({ who, queries }) => {
      const member = members[who];
      const beyond: unknown[] = [];
      let records = 0;
      let opened = 0;
      for (const { tool, collection, args } of queries) {
        const result = await runTool(member, tool, args);
        const overMcp = await runMcpTool(member, tool, args);
        if (JSON.stringify(overMcp) !== JSON.stringify(result))
          beyond.push({ tool, args, why: 'MCP answered otherwise than the tool', mcp: overMcp, result });
        const listed = await rest(member, collection, { pagination: { pageSize: 1 } });
        if (listed.status === 403) {
          if (!String(result.error).startsWith('Not allowed')) beyond.push({ tool, args, result });
          continue;
        }
        const rows = (result[collection] ?? []) as Row[];
        if (rows.length === 0) continue;
        const ids = rows.map((row) => row.documentId);
        // The same records, asked for by documentId through the member's own REST access.
        const same = await rest(member, collection, {
          filters: { documentId: { $in: ids } },
          pagination: { pageSize: 100 },
        });
        expect(same.status).toBe(200);
        const byId = new Map((same.body.data as Row[]).map((row) => [row.documentId, row]));
        const scope = await communitiesOf(collection, ids);
        for (const row of rows) {
          records += 1;
          const seen = byId.get(row.documentId);
          if (!seen) beyond.push({ tool, args, record: row.documentId, why: 'not in REST' });
          for (const [field, value] of Object.entries(row))
            if (field !== 'reason' && JSON.stringify(seen?.[field]) !== JSON.stringify(value))
              beyond.push({ tool, args, record: row.documentId, field, value, rest: seen?.[field] });
          if (!inScope(member.asker, scope.get(row.documentId)))
            beyond.push({ tool, args, record: row.documentId, why: 'outside the member’s communities' });
          if (member.asker.memberDocumentIds.includes(row.documentId))
            beyond.push({ tool, args, record: row.documentId, why: 'the member themselves' });
        }
        // Opening the first result gives the same as REST's GET /:documentId.
        const first = await runTool(member, `get_${collection}`, { documentId: ids[0] });
        if (
          JSON.stringify(await runMcpTool(member, `get_${collection}`, { documentId: ids[0] })) !==
          JSON.stringify(first)
        )
          beyond.push({
            tool: `get_${collection}`,
            record: ids[0],
            why: 'MCP answered otherwise than the tool',
          });
        const one = await rest(member, `${collection}/${ids[0]}`, {});
        opened += 1;
        if (one.status !== 200)
          beyond.push({ tool: `get_${collection}`, record: ids[0], why: `REST ${one.status}` });
        for (const [field, value] of Object.entries((first[collection] ?? {}) as Row))
          if (JSON.stringify(one.body.data?.[field]) !== JSON.stringify(value))
            beyond.push({ tool: `get_${collection}`, record: ids[0], field, value });
      }
      checked[who].records += records;
      checked[who].opened += opened;
      expect(beyond).toEqual([]);
    }
  );

  it.each([0, 1])('sweep as member #%s was not vacuous: records checked and opened', (who) => {
    // The member got records to check (the guest only events).
    expect(checked[who].records).toBeGreaterThan(who === 0 ? 1_000 : 100);
    expect(checked[who].opened).toBeGreaterThan(who === 0 ? 100 : 10);
  });

  it('get_ of a record outside the member’s communities finds nothing, as if it did not exist', async () => {
    const ada = members[0];
    const outside = (
      await allPages(ada, 'events', {
        filters: { community: { documentId: { $notIn: ada.asker.communityKeys } } },
        fields: ['documentId'],
      })
    ).rows;
    expect(outside.length).toBeGreaterThan(0);
    for (const row of outside.slice(0, 10))
      expect(await runTool(ada, 'get_events', { documentId: row.documentId })).toEqual({
        error: `No events with documentId ${row.documentId}`,
      });
  });
});
