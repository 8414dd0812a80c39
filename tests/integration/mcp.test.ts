import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../playground/src/seed/users';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { adminApi, adminLogin } from '../support/admins';
import { callTool, connectMcp, MCP_PATH, startMcpPlayground } from '../support/mcp';
import type { Pipeline } from '../support/pipeline';
import { startPlayground, type Playground } from '../support/playground';

/**
 * Members bring their own assistant: the agent's tools over MCP with a personal token, through
 * the SDK's own client — the same scope, sanitizing, confirmations and ledger as WhatsApp, and
 * the HTTP answers a client needs when it is not (or no longer) let in.
 */

const [ada, ben] = DEMO_USERS;
const MEMBER_TURNS_PER_DAY = 25;
const CLIENT_REQUESTS_PER_MINUTE = 40;
let playground: Playground;
const request = () => playground.request();
const strapi = () => playground.strapi;
const clients: Client[] = [];

const login = async (email: string, password = DEMO_PASSWORD) => {
  const response = await request().post('/api/auth/local').send({ identifier: email, password });
  expect(response.status).toBe(200);
  return response.body as { jwt: string; user: { id: number } };
};

const newToken = async (jwt: string, name = 'Claude') => {
  const response = await request()
    .post('/api/whatsapp-agent/mcp-tokens')
    .set('Authorization', `Bearer ${jwt}`)
    .send({ name });
  expect(response.status).toBe(201);
  return response.body.data as { token: string; documentId: string; name: string; hint: string };
};

const connect = async (token: string) => {
  const client = await connectMcp(playground.baseUrl, token);
  clients.push(client);
  return client;
};

/** A bare MCP request, to see the HTTP answer itself. */
const initialize = (headers: Record<string, string>) =>
  request()
    .post(MCP_PATH)
    .set({ Accept: 'application/json, text/event-stream', ...headers })
    .send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'curl', version: '1' } },
    });

const asker = (userId: number) => strapi().plugin('whatsapp-agent').service('identity').asker(userId);
const mcpRows = (userId: number) =>
  strapi()
    .db.query('plugin::whatsapp-agent.usage-record')
    .count({ where: { kind: 'mcp', userId } });

describe('switched off (the default)', () => {
  beforeAll(async () => {
    playground = await startPlayground();
  });
  afterAll(async () => {
    await playground?.stop();
  });

  it('answers 404 like no route, whatever the token', async () => {
    const response = await initialize({ Authorization: 'Bearer wamcp_whatever' });
    expect(response.status).toBe(404);
  });
});

describe('switched on (WHATSAPP_AGENT_MCP=on)', () => {
  beforeAll(async () => {
    // Plans never stop these calls (lifted): only the member's daily limit is under test.
    playground = await startMcpPlayground({
      env: {
        WHATSAPP_AGENT_MEMBER_TURNS_PER_DAY: String(MEMBER_TURNS_PER_DAY),
        WHATSAPP_AGENT_MCP_CLIENT_REQUESTS_PER_MINUTE: String(CLIENT_REQUESTS_PER_MINUTE),
      },
    });
  });

  afterAll(async () => {
    for (const client of clients) await client.close().catch(() => undefined);
    await playground?.stop();
  });

  describe('personal tokens', () => {
    it('are created, listed and revoked by the logged-in member; the value is shown once and only its hash is kept', async () => {
      expect((await request().post('/api/whatsapp-agent/mcp-tokens').send({ name: 'x' })).status).toBe(403);
      const { jwt } = await login(ada.email);
      const auth = { Authorization: `Bearer ${jwt}` };
      const created = await newToken(jwt, 'Cursor');
      expect(created.token).toMatch(/^wamcp_[A-Za-z0-9_-]{43}$/);
      expect(created.hint).toBe(created.token.slice(-4));

      const listed = await request().get('/api/whatsapp-agent/mcp-tokens').set(auth);
      expect(listed.status).toBe(200);
      const mine = (listed.body.data as Array<Record<string, unknown>>).find(
        (token) => token.documentId === created.documentId
      );
      expect(mine).toEqual({
        documentId: created.documentId,
        name: 'Cursor',
        hint: created.hint,
        createdAt: expect.any(String),
        lastUsedAt: null,
      });
      expect(JSON.stringify(listed.body)).not.toContain(created.token);
      const row = await strapi()
        .db.query('plugin::whatsapp-agent.mcp-token')
        .findOne({ where: { documentId: created.documentId } });
      expect(JSON.stringify(row)).not.toContain(created.token);

      // Its session is in the member's own list, named after the client.
      const sessions = await request().get('/api/auth/sessions').set(auth);
      expect(sessions.body.data).toEqual(
        expect.arrayContaining([expect.objectContaining({ deviceName: 'AI assistant "Cursor"' })])
      );

      const bad = await request().post('/api/whatsapp-agent/mcp-tokens').set(auth).send({ name: '' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/name of 1 to 60 characters/);

      const revoked = await request()
        .delete(`/api/whatsapp-agent/mcp-tokens/${created.documentId}`)
        .set(auth);
      expect(revoked.status).toBe(204);
      expect((await initialize({ Authorization: `Bearer ${created.token}` })).status).toBe(401);
      // Nobody revokes another member's token.
      const { jwt: bens } = await login(ben.email);
      const other = await newToken(jwt, 'Claude');
      const refused = await request()
        .delete(`/api/whatsapp-agent/mcp-tokens/${other.documentId}`)
        .set('Authorization', `Bearer ${bens}`);
      expect(refused.status).toBe(404);
      expect((await initialize({ Authorization: `Bearer ${other.token}` })).status).toBe(200);
    });
  });

  describe('who is let in', () => {
    it('no token: 401 with WWW-Authenticate, a JSON-RPC error, no stack', async () => {
      const response = await initialize({});
      expect(response.status).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(
        /^Bearer realm="whatsapp-agent", resource_metadata="http:\/\/[^"]+\/\.well-known\/oauth-protected-resource\/api\/whatsapp-agent\/mcp"$/
      );
      expect(response.body).toEqual({
        jsonrpc: '2.0',
        error: { code: -32001, message: expect.any(String) },
        id: null,
      });
    });

    it('a bad token: 401 with error="invalid_token"', async () => {
      for (const token of ['wamcp_not-a-real-token', 'eyJhbGciOiJIUzI1NiJ9.e30.x', 'a'.repeat(500)]) {
        const response = await initialize({ Authorization: `Bearer ${token}` });
        expect(response.status).toBe(401);
        expect(response.headers['www-authenticate']).toMatch(
          /^Bearer realm="whatsapp-agent", error="invalid_token"/
        );
        expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts:\d+/);
      }
    });

    it("a web page of another origin is refused (DNS rebinding); the server's own origin and none are let in", async () => {
      const { token } = await newToken((await login(ada.email)).jwt);
      const auth = { Authorization: `Bearer ${token}` };
      expect((await initialize({ ...auth, Origin: 'http://evil.example' })).status).toBe(403);
      const own = new URL(strapi().plugin('whatsapp-agent').service('settings').publicUrl()).origin;
      expect((await initialize({ ...auth, Origin: own })).status).toBe(200);
      expect((await initialize(auth)).status).toBe(200);
    });

    it('too many requests from one client: 429 with Retry-After', async () => {
      const { token } = await newToken((await login(ben.email)).jwt, 'Loop');
      // Counted per minute: should a minute end during the loop, the next fills up too.
      let refused;
      for (let sent = 0; sent <= 2 * CLIENT_REQUESTS_PER_MINUTE && !refused; sent += 1) {
        const response = await initialize({ Authorization: `Bearer ${token}` });
        if (response.status === 429) refused = response;
        else expect(response.status).toBe(200);
      }
      expect(refused?.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused?.body.error.message).toMatch(/Too many requests/);
    });

    it('a blocked member, and a session revoked from their session list, are let in no more', async () => {
      const { jwt, user } = await login(ben.email);
      const { token } = await newToken(jwt, 'ChatGPT');
      const client = await connect(token);
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);

      const users = strapi().db.query('plugin::users-permissions.user');
      await users.update({ where: { id: user.id }, data: { blocked: true } });
      try {
        expect((await initialize({ Authorization: `Bearer ${token}` })).status).toBe(401);
      } finally {
        await users.update({ where: { id: user.id }, data: { blocked: false } });
      }
      expect((await initialize({ Authorization: `Bearer ${token}` })).status).toBe(200);

      const { jwt: fresh } = await login(ben.email);
      const sessions = await request().get('/api/auth/sessions').set('Authorization', `Bearer ${fresh}`);
      const session = (sessions.body.data as Array<{ id: string; deviceName?: string }>).find(
        (candidate) => candidate.deviceName === 'AI assistant "ChatGPT"'
      );
      const revoke = await request()
        .delete(`/api/auth/sessions/${session?.id}`)
        .set('Authorization', `Bearer ${fresh}`);
      expect(revoke.status).toBeLessThan(300);
      await expect(client.listTools()).rejects.toThrow(/This token is not valid/);
      expect((await initialize({ Authorization: `Bearer ${token}` })).status).toBe(401);
    });
  });

  describe("Ada's assistant", () => {
    let client: Client;
    let adaId: number;

    beforeAll(async () => {
      const { jwt, user } = await login(ada.email);
      adaId = user.id;
      client = await connect((await newToken(jwt)).token);
    });

    it("lists the agent's tools with truthful annotations, and her profile as a resource", async () => {
      const { tools } = await client.listTools();
      const byName = new Map(tools.map((tool) => [tool.name, tool]));
      expect([...byName.keys()].sort()).toEqual(
        [
          'get_events',
          'get_members',
          'rsvp_event',
          'search_events',
          'search_members',
          'suggest_members',
        ].sort()
      );
      for (const name of ['get_events', 'get_members', 'search_events', 'search_members', 'suggest_members'])
        expect(byName.get(name)?.annotations).toMatchObject({ readOnlyHint: true });
      expect(byName.get('rsvp_event')?.annotations).toMatchObject({
        readOnlyHint: false,
        destructiveHint: false,
      });
      expect(byName.get('rsvp_event')?.inputSchema.properties).toHaveProperty('confirmationToken');

      const { resources } = await client.listResources();
      expect(resources.map((resource) => resource.uri)).toEqual(['community://me/profile']);
      const profile = await client.readResource({ uri: 'community://me/profile' });
      const [own] = JSON.parse((profile.contents[0] as { text: string }).text) as Array<
        Record<string, unknown>
      >;
      expect(own.documentId).toBe((await asker(adaId)).memberDocumentIds[0]);
      expect(own).not.toHaveProperty('email');
    });

    it('a search returns what the WhatsApp tool returns: her communities only, never herself, no private field', async () => {
      const result = await callTool(client, 'search_members', { query: 'climate', limit: 20 });
      const { isError, ...answer } = result;
      expect(isError).toBe(false);
      const whatsapp = await strapi()
        .plugin('whatsapp-agent')
        .service('agent')
        .readAs(
          {
            id: adaId,
            role: (
              await strapi()
                .db.query('plugin::users-permissions.user')
                .findOne({ where: { id: adaId }, populate: ['role'] })
            ).role,
          },
          'search_members',
          { query: 'climate', limit: 20 }
        );
      expect(answer).toEqual(whatsapp);
      const rows = answer.members as Array<Record<string, unknown>>;
      expect(rows.length).toBeGreaterThan(0);
      const me = await asker(adaId);
      const scoped = await strapi()
        .db.query('api::member.member')
        .findMany({
          where: { documentId: { $in: rows.map((row) => row.documentId) } },
          populate: ['community'],
        });
      for (const record of scoped)
        expect(me.communityKeys).toContain(record.community?.documentId ?? 'default');
      for (const row of rows) {
        expect(me.memberDocumentIds).not.toContain(row.documentId);
        expect(row).not.toHaveProperty('email');
        expect(row).not.toHaveProperty('phone');
      }
    });

    it('an action needs her confirmation and writes once', async () => {
      const [event] = (await strapi()
        .documents('api::event.event')
        .findMany({
          filters: { startsAt: { $gt: new Date().toISOString() }, community: { slug: ada.community } },
          sort: ['startsAt:asc'],
          status: 'published',
        })) as unknown as Array<{ documentId: string; title: string }>;
      const attendances = () =>
        strapi()
          .db.query('api::attendance.attendance')
          .count({ where: { user: { id: adaId }, event: { documentId: event.documentId } } });
      const before = await attendances();

      const proposed = await callTool(client, 'rsvp_event', {
        documentId: event.documentId,
        status: 'going',
      });
      expect(proposed).toMatchObject({
        status: 'waiting_for_confirmation',
        question: expect.stringContaining(event.title),
        confirmationToken: expect.stringMatching(/^\d+\.[A-Za-z0-9_-]{32}$/),
      });
      expect(await attendances()).toBe(before);

      // Another member's assistant cannot use her token.
      const bens = await connect((await newToken((await login(ben.email)).jwt, 'Other')).token);
      const stolen = await callTool(bens, 'rsvp_event', {
        documentId: event.documentId,
        status: 'going',
        confirmationToken: proposed.confirmationToken,
      });
      expect(stolen).toMatchObject({ isError: true, error: expect.stringMatching(/not valid/) });

      const done = await callTool(client, 'rsvp_event', {
        documentId: event.documentId,
        status: 'going',
        confirmationToken: proposed.confirmationToken,
      });
      expect(done).toMatchObject({ status: 'done', isError: false });
      expect(await attendances()).toBe(before + 1);

      const again = await callTool(client, 'rsvp_event', {
        documentId: event.documentId,
        status: 'going',
        confirmationToken: proposed.confirmationToken,
      });
      expect(again).toMatchObject({ isError: true, error: expect.stringMatching(/not valid/) });
      expect(await attendances()).toBe(before + 1);
    });
  });

  describe('which tools it lists (Settings → Tools and actions)', () => {
    const admin = async () =>
      adminApi(
        { playground } as Pipeline,
        await adminLogin({ playground } as Pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password)
      );
    afterAll(async () => {
      await (await admin()).put('/settings', { mcp: { tools: null } });
    });

    it('a name the agent has no tool of is refused, naming it, and nothing is stored', async () => {
      const api = await admin();
      const refused = await api.put('/settings', { mcp: { tools: ['search_events', 'delete_everything'] } });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(/mcp\.tools: delete_everything: no such tool of the agent/);
      expect(refused.body.error.details.errors).toEqual([
        { path: ['mcp', 'tools'], message: expect.stringContaining('delete_everything') },
      ]);
      const view = await api.get('/settings');
      expect(view.body.data.mcp.tools).toEqual({ value: null, source: 'default' });
    });

    it('lists only the chosen tools; calling another is refused as unknown; all of them again when cleared', async () => {
      const api = await admin();
      const view = await api.get('/settings');
      expect(view.body.data.agentTools).toEqual(
        expect.arrayContaining([
          { name: 'search_events', action: false },
          { name: 'rsvp_event', action: true },
        ])
      );
      const saved = await api.put('/settings', { mcp: { tools: ['search_events', 'rsvp_event'] } });
      expect(saved.status).toBe(200);
      expect(saved.body.data.mcp.tools).toEqual({ value: ['search_events', 'rsvp_event'], source: 'admin' });

      const { jwt } = await login(ben.email);
      const client = await connect((await newToken(jwt, 'Cursor')).token);
      expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual([
        'rsvp_event',
        'search_events',
      ]);
      expect((await callTool(client, 'search_events', { limit: 1 })).isError).toBe(false);
      const hidden = await client.callTool({ name: 'search_members', arguments: { query: 'a' } }).then(
        (result) => JSON.stringify(result),
        (error: Error) => error.message
      );
      expect(hidden).toMatch(/Tool search_members not found/);

      expect((await api.put('/settings', { mcp: { tools: null } })).status).toBe(200);
      const again = await connect((await newToken(jwt, 'Cursor again')).token);
      expect((await again.listTools()).tools.map((tool) => tool.name)).toContain('search_members');
    });
  });

  it('each call is an `mcp` row of the ledger and counts against the daily limit', async () => {
    const { jwt, user } = await login(DEMO_USERS[2].email);
    const client = await connect((await newToken(jwt)).token);
    await client.listTools();
    expect(await mcpRows(user.id)).toBe(0);
    for (let call = 1; call <= MEMBER_TURNS_PER_DAY; call += 1) {
      const result = await callTool(client, 'search_events', { limit: 1 });
      expect(result.isError).toBe(false);
    }
    expect(await mcpRows(user.id)).toBe(MEMBER_TURNS_PER_DAY);
    const refused = await callTool(client, 'search_events', { limit: 1 });
    expect(refused).toMatchObject({
      isError: true,
      error: expect.stringMatching(/questions per member per day/),
    });
    expect(await mcpRows(user.id)).toBe(MEMBER_TURNS_PER_DAY);
    const rows = await strapi()
      .db.query('plugin::whatsapp-agent.usage-record')
      .findMany({ where: { kind: 'mcp', userId: user.id } });
    for (const row of rows) {
      expect(row).toMatchObject({ channelId: null });
      expect(Number(row.twilioMicros ?? 0) + Number(row.metaMicros ?? 0) + Number(row.llmMicros ?? 0)).toBe(
        0
      );
    }
  });
});

describe('the tools chosen by WHATSAPP_AGENT_MCP_TOOLS', () => {
  it('a name the agent has no tool of stops the start, naming it and the tools it has', async () => {
    await expect(
      startMcpPlayground({ env: { WHATSAPP_AGENT_MCP_TOOLS: 'search_events,delete_everything' } })
    ).rejects.toThrow(
      'Invalid whatsapp-agent plugin config: mcp.tools (WHATSAPP_AGENT_MCP_TOOLS): delete_everything: no such tool of the agent (it has search_members, get_members, suggest_members, search_events, get_events, rsvp_event): name only tools the agent has, or leave it unset to list all of them'
    );
  });

  describe('names the agent has', () => {
    beforeAll(async () => {
      playground = await startMcpPlayground({
        env: { WHATSAPP_AGENT_MCP_TOOLS: 'search_events,rsvp_event' },
      });
    });
    afterAll(async () => {
      for (const client of clients) await client.close().catch(() => undefined);
      await playground?.stop();
    });

    it('start, and are the tools listed', async () => {
      const client = await connect((await newToken((await login(ada.email)).jwt)).token);
      expect((await client.listTools()).tools.map((tool) => tool.name).sort()).toEqual([
        'rsvp_event',
        'search_events',
      ]);
    });

    it('a change in the panel that would take one of them away is refused, as the next start would be', async () => {
      // Through the settings service, as the admin API calls it: this file has used up the admin
      // logins Strapi allows one address in five minutes.
      const settings = playground.strapi.plugin('whatsapp-agent').service('settings');
      const { tools } = settings.view();
      const withoutEvents = (tools.value as Array<{ name: string }>).filter((tool) => tool.name !== 'events');
      expect(withoutEvents.length).toBeLessThan(tools.value.length);
      await expect(settings.update({ tools: withoutEvents })).rejects.toThrow(
        'mcp.tools: search_events, rsvp_event: no such tool of the agent (it has search_members, get_members, suggest_members)'
      );
      expect(settings.view().tools).toEqual(tools);
    });
  });
});
