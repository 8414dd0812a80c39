import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { DEMO_PASSWORD, DEMO_USERS } from '../../playground/src/seed/users';
import type { SearchService } from '../../server/src/agent/search';
import { createMemberAuth } from '../../server/src/agent/tools/member-auth';
import { itOnPostgres } from '../support/on-postgres';
import { startPlayground, type Playground } from '../support/playground';

/**
 * The plugin's search index follows the writes of the REST API and of the Content Manager, holds
 * only published versions and non-private fields, is rebuilt at boot when stale, and the tools
 * fall back to `$containsi` without it. Runs on SQLite (FTS5) and PostgreSQL (tsvector + pg_trgm).
 */

const MEMBER = 'api::member.member';
const EVENT = 'api::event.event';
const ENV = { OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' };

let playground: Playground;
let adminToken: string;
let apiToken: string;

const search = () => playground.strapi.plugin('whatsapp-agent').service('search') as SearchService;
const found = async (uid: string, text: string) =>
  ((await search().candidates(uid, text, { limit: 50 })) ?? []).map((hit) => hit.documentId);

const rest = () => ({
  post: (path: string, data: object) =>
    playground.request().post(path).set('Authorization', `Bearer ${apiToken}`).send({ data }),
  put: (path: string, data: object) =>
    playground.request().put(path).set('Authorization', `Bearer ${apiToken}`).send({ data }),
  delete: (path: string) => playground.request().delete(path).set('Authorization', `Bearer ${apiToken}`),
});
const contentManager = (uid: string) => {
  const base = `/content-manager/collection-types/${uid}`;
  const as = (
    request: ReturnType<Playground['request']>['get'] extends (...a: never[]) => infer R ? R : never
  ) => request.set('Authorization', `Bearer ${adminToken}`);
  return {
    create: (data: object) => as(playground.request().post(base)).send(data),
    update: (documentId: string, data: object) =>
      as(playground.request().put(`${base}/${documentId}`)).send(data),
    publish: (documentId: string) =>
      as(playground.request().post(`${base}/${documentId}/actions/publish`)).send({}),
    unpublish: (documentId: string) =>
      as(playground.request().post(`${base}/${documentId}/actions/unpublish`)).send({}),
    delete: (documentId: string) => as(playground.request().delete(`${base}/${documentId}`)),
  };
};

const boot = async (env: Record<string, string> = {}, database?: Playground['database']) => {
  playground = await startPlayground({ env: { ...ENV, ...env }, database });
  await search().whenReady();
  const login = await playground.request().post('/admin/login').send(DEMO_ADMIN);
  expect(login.status).toBe(200);
  adminToken = login.body.data.token;
  const token = await playground.strapi
    .service('admin::api-token')
    .create({ name: `search test ${Date.now()}`, type: 'full-access', lifespan: null, description: '' });
  apiToken = token.accessKey;
};

/** search_<collection> as Ada, through the agent's own tool. */
const searchAsAda = async (collection: 'members' | 'events', args: Record<string, unknown>) => {
  const user = await playground.strapi
    .query('plugin::users-permissions.user')
    .findOne({ where: { email: DEMO_USERS[0].email }, populate: ['role'] });
  const tool = playground.strapi
    .plugin('whatsapp-agent')
    .service('agent')
    .tools()
    .get(`search_${collection}`);
  // Ada as the agent sees her, also in `default`: the members this test creates have no community.
  const { communities: _names, ...asker } = await playground.strapi
    .plugin('whatsapp-agent')
    .service('identity')
    .asker(user.id);
  return (
    (await tool.run(args, {
      auth: await createMemberAuth(playground.strapi).of(user),
      asker: { ...asker, communityKeys: [...asker.communityKeys, 'default'] },
    })) as Record<string, Array<Record<string, unknown> & { documentId: string }>>
  )[collection];
};
const searchMembersAsAda = async (query: string) => ({ members: await searchAsAda('members', { query }) });

beforeAll(async () => {
  await boot();
});

afterAll(async () => {
  await playground?.stop();
});

describe('the search index', () => {
  it('holds every published member and event once the server is up', async () => {
    const members = await playground.strapi.db.query(MEMBER).count();
    const events = await playground.strapi.db
      .query(EVENT)
      .count({ where: { publishedAt: { $notNull: true } } });
    expect(await search().status()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ uid: MEMBER, ready: true, rows: members }),
        expect.objectContaining({ uid: EVENT, ready: true, rows: events }),
      ])
    );
  });

  it('follows creates, updates and deletes made through the REST API', async () => {
    const created = await rest().post('/api/members', {
      displayName: 'Zephyrine Quillfeather',
      headline: 'Kelp farming',
    });
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    expect(await found(MEMBER, 'quillfeather')).toContain(documentId);
    expect(await found(MEMBER, 'kelp')).toContain(documentId);

    expect((await rest().put(`/api/members/${documentId}`, { headline: 'Glacier mapping' })).status).toBe(
      200
    );
    expect(await found(MEMBER, 'kelp')).not.toContain(documentId);
    expect(await found(MEMBER, 'glacier')).toContain(documentId);

    expect((await rest().delete(`/api/members/${documentId}`)).status).toBe(204);
    expect(await found(MEMBER, 'quillfeather')).not.toContain(documentId);
  });

  it('follows the Content Manager; a draft never appears, publish shows it, unpublish hides it', async () => {
    const events = contentManager(EVENT);
    const created = await events.create({ title: 'Marimba night', startsAt: '2030-01-01T18:00:00.000Z' });
    expect(created.status).toBe(201);
    const { documentId } = created.body.data;
    expect(await found(EVENT, 'marimba')).not.toContain(documentId);

    expect((await events.publish(documentId)).status).toBe(200);
    expect(await found(EVENT, 'marimba')).toContain(documentId);

    // Editing the draft changes nothing the members see until it is published.
    expect((await events.update(documentId, { title: 'Marimba workshop evening' })).status).toBe(200);
    expect(await found(EVENT, 'evening')).not.toContain(documentId);
    expect((await events.publish(documentId)).status).toBe(200);
    expect(await found(EVENT, 'evening')).toContain(documentId);

    expect((await events.unpublish(documentId)).status).toBe(200);
    expect(await found(EVENT, 'marimba')).not.toContain(documentId);

    const members = contentManager(MEMBER);
    const member = await members.create({ displayName: 'Octavia Brindlecombe' });
    expect(member.status).toBe(201);
    expect(await found(MEMBER, 'brindlecombe')).toContain(member.body.data.documentId);
    expect((await members.delete(member.body.data.documentId)).status).toBe(200);
    expect(await found(MEMBER, 'brindlecombe')).not.toContain(member.body.data.documentId);
  });

  it('ranks the best match first, and the tool returns only what REST shows Ada', async () => {
    const named = await rest().post('/api/members', { displayName: 'Wobblesworth Ortiz', city: 'Lisbon' });
    const mentioned = await rest().post('/api/members', {
      displayName: 'Pia Keller',
      bio: 'Once met someone called Wobblesworth at a conference.',
    });
    expect([named.status, mentioned.status]).toEqual([201, 201]);

    const { members } = await searchMembersAsAda('Wobblesworth');
    expect(members.map((member) => member.displayName)).toEqual(['Wobblesworth Ortiz', 'Pia Keller']);
    // Any word matches; more of them rank higher.
    const both = await searchMembersAsAda('wobblesworth lisbon');
    expect(both.members[0].displayName).toBe('Wobblesworth Ortiz');

    const login = await playground
      .request()
      .post('/api/auth/local')
      .send({ identifier: DEMO_USERS[0].email, password: DEMO_PASSWORD });
    for (const member of both.members) {
      const same = await playground
        .request()
        .get(`/api/members/${member.documentId}`)
        .set('Authorization', `Bearer ${login.body.jwt}`);
      expect(same.status).toBe(200);
      for (const [field, value] of Object.entries(member))
        expect([field, same.body.data[field]]).toEqual([field, value]);
    }
  });

  it.each([
    ['members', { query: 'climate tech Berlin' }],
    ['members', { query: 'rust "open source" -java', limit: 20 }],
    ['events', { query: 'workshop online' }],
    ['events', { query: 'social', from: new Date().toISOString() }],
  ] as const)(
    'ranked search_%s %j returns only records and values REST shows Ada',
    async (collection, args) => {
      const login = await playground
        .request()
        .post('/api/auth/local')
        .send({ identifier: DEMO_USERS[0].email, password: DEMO_PASSWORD });
      const records = await searchAsAda(collection, args);
      expect(records.length).toBeGreaterThan(0);
      for (const record of records) {
        const same = await playground
          .request()
          .get(`/api/${collection}/${record.documentId}`)
          .set('Authorization', `Bearer ${login.body.jwt}`);
        expect(same.status).toBe(200);
        for (const [field, value] of Object.entries(record))
          expect([field, same.body.data[field]]).toEqual([field, value]);
      }
    }
  );

  itOnPostgres('finds a misspelt name (PostgreSQL pg_trgm)', 'SQLite FTS5 has no typo matching', async () => {
    const { members } = await searchMembersAsAda('Wobblesworht');
    expect(members[0]?.displayName).toBe('Wobblesworth Ortiz');
  });

  it('never fails a write when indexing fails, and catches up at the next check', async () => {
    const connection = playground.strapi.db.connection;
    await connection.schema.renameTable('whatsapp_agent_search_documents', 'whatsapp_agent_search_moved');
    try {
      // Outside a transaction (REST) and inside one (the Content Manager publishes in one).
      const member = await rest().post('/api/members', { displayName: 'Cornelius Ashgrove' });
      expect(member.status).toBe(201);
      const event = await contentManager(EVENT).create({
        title: 'Ashgrove picnic',
        startsAt: '2030-02-01T12:00:00.000Z',
      });
      expect((await contentManager(EVENT).publish(event.body.data.documentId)).status).toBe(200);
      expect(
        (
          await playground
            .request()
            .get(`/api/events/${event.body.data.documentId}`)
            .set('Authorization', `Bearer ${apiToken}`)
        ).status
      ).toBe(200);
    } finally {
      await connection.schema.renameTable('whatsapp_agent_search_moved', 'whatsapp_agent_search_documents');
    }
    await search().whenReady();
    expect(await found(MEMBER, 'ashgrove')).toHaveLength(1);
    expect(await found(EVENT, 'ashgrove')).toHaveLength(1);
  });

  it('never matches on a private field, even when an admin lists it as searchable', async () => {
    const settings = playground.strapi.plugin('whatsapp-agent').service('settings');
    const tools = settings.agent().tools as Array<{ name: string; searchableFields: string[] }>;
    await settings.update({
      tools: tools.map((tool) =>
        tool.name === 'members'
          ? { ...tool, searchableFields: [...tool.searchableFields, 'email', 'phone'] }
          : tool
      ),
    });
    await search().whenReady();
    const status = await search().status();
    expect(status.find((entry) => entry.uid === MEMBER)?.fields).not.toContain('email');
    // Every demo email is at example.com; no member mentions it anywhere public.
    expect(await found(MEMBER, 'example')).toEqual([]);

    // A collection no longer exposed leaves the index at the next check.
    await settings.update({ tools: tools.filter((tool) => tool.name !== 'events') });
    await search().whenReady();
    const rows = () =>
      playground.strapi.db
        .connection('whatsapp_agent_search_documents')
        .where({ uid: EVENT })
        .count({ n: '*' });
    expect(Number((await rows())[0].n)).toBe(0);
    await settings.update({ tools });
    await search().whenReady();
  });

  it('is rebuilt at boot when emptied, including rows written around the Document Service', async () => {
    const bypass = await playground.strapi.db.query(MEMBER).create({
      data: {
        displayName: 'Ignatius Ferncastle',
        documentId: 'bypassferncastle0000001',
        publishedAt: new Date(),
      },
    });
    expect(bypass.id).toBeDefined();
    await playground.strapi.db.connection('whatsapp_agent_search_documents').delete();
    const database = playground.database;
    await playground.stop({ keepDatabase: true });

    await boot({}, database);
    expect(await found(MEMBER, 'ferncastle')).toEqual(['bypassferncastle0000001']);
    const members = await playground.strapi.db.query(MEMBER).count();
    expect((await search().status()).find((entry) => entry.uid === MEMBER)).toMatchObject({
      ready: true,
      rows: members,
    });
  });

  it('keeps its tables and rows across a restart (Strapi’s schema sync leaves them alone)', async () => {
    const before = await playground.strapi.db
      .connection('whatsapp_agent_search_meta')
      .select('uid', 'built_at');
    const database = playground.database;
    await playground.stop({ keepDatabase: true });
    await boot({}, database);
    const after = await playground.strapi.db
      .connection('whatsapp_agent_search_meta')
      .select('uid', 'built_at');
    // Nothing was stale: no rebuild, so the same build times.
    expect(after).toEqual(before);
    expect(after.length).toBeGreaterThan(0);
    expect(await found(MEMBER, 'ferncastle')).toEqual(['bypassferncastle0000001']);
  });

  it('when off, the tools search with $containsi and still find the right members', async () => {
    const database = playground.database;
    await playground.stop({ keepDatabase: true });
    await boot({ WHATSAPP_AGENT_SEARCH_INDEX: 'off' }, database);
    expect(await search().candidates(MEMBER, 'wobblesworth', { limit: 10 })).toBeNull();
    const { members } = await searchMembersAsAda('Wobblesworth');
    expect(members.map((member) => member.displayName).sort()).toEqual(['Pia Keller', 'Wobblesworth Ortiz']);
  });
});
