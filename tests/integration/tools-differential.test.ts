import qs from 'qs';
import { DEMO_PASSWORD, DEMO_USERS } from '../../playground/src/seed/users';
import { createMemberAuth } from '../../server/src/agent/tools/member-auth';
import { startPlayground, type Playground } from '../support/playground';

/**
 * Differential test: whatever a tool returns, the REST API returns to the same member with the
 * same filters (built here by hand). Fails if a tool ever shows a record or a field value the
 * member's own JWT cannot get from GET /api/<collection>.
 */

type Row = Record<string, unknown> & { documentId: string };
type Member = { label: string; jwt: string; user: { id: number; role?: { id: number } } };

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

const loginAs = async (label: string, identifier: string, password: string): Promise<Member> => {
  const response = await playground.request().post('/api/auth/local').send({ identifier, password });
  expect(response.status).toBe(200);
  const user = await playground.strapi.db
    .query('plugin::users-permissions.user')
    .findOne({ where: { id: response.body.user.id }, populate: ['role'] });
  return { label, jwt: response.body.jwt, user };
};

beforeAll(async () => {
  // The REST side is built with $containsi here, so the tools must search the same way; the ranked
  // index path is checked against REST record by record in search-index.test.ts.
  playground = await startPlayground({
    env: { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', WHATSAPP_AGENT_SEARCH_INDEX: 'off' },
  });
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

  members.push(
    await loginAs('Ada (Authenticated role)', DEMO_USERS[0].email, DEMO_PASSWORD),
    await loginAs('guest (Event guests role)', 'guest@example.com', 'Guest-pass-1')
  );
});

afterAll(async () => {
  await playground?.stop();
});

describe('tools never return more than the REST API', () => {
  it.each(CASES.flatMap((testCase) => [0, 1].map((who) => ({ ...testCase, who }))))(
    '$tool $args as member #$who',
    async ({ tool, collection, args, filters, sort, who }) => {
      const member = members[who];
      const registry = playground.strapi.plugin('whatsapp-agent').service('agent').tools();
      const result = (await registry.get(tool).run(args, {
        auth: await createMemberAuth(playground.strapi).of(member.user),
        asker: { userId: member.user.id, memberDocumentIds: [], communityKeys: [] },
      })) as Record<string, unknown>;

      const query = qs.stringify(
        { filters: filters(args), sort, pagination: { pageSize: args.limit } },
        { encodeValuesOnly: true }
      );
      const rest = await playground
        .request()
        .get(`/api/${collection}?${query}`)
        .set('Authorization', `Bearer ${member.jwt}`);

      if (rest.status === 403) {
        expect(result).toEqual({ error: expect.stringMatching(/^Not allowed/) });
        return;
      }
      expect(rest.status).toBe(200);
      const restRows = new Map((rest.body.data as Row[]).map((row) => [row.documentId, row]));
      const toolRows = result[collection] as Row[];
      expect(toolRows.length).toBe(restRows.size);
      for (const row of toolRows) {
        const same = restRows.get(row.documentId);
        expect(same).toBeDefined();
        for (const [field, value] of Object.entries(row))
          expect({ field, value: same?.[field] }).toEqual({ field, value });
      }
    }
  );

  it('covers both an allowed and a refused collection', async () => {
    const registry = playground.strapi.plugin('whatsapp-agent').service('agent').tools();
    const guest = {
      auth: await createMemberAuth(playground.strapi).of(members[1].user),
      asker: { userId: members[1].user.id, memberDocumentIds: [], communityKeys: [] },
    };
    expect(await registry.get('search_members').run({ query: 'climate' }, guest)).toEqual({
      error: expect.stringMatching(/^Not allowed/),
    });
    expect(
      ((await registry.get('search_events').run({}, guest)) as { events: unknown[] }).events.length
    ).toBeGreaterThan(0);
  });
});
