import crypto from 'node:crypto';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { adminApi, adminLogin } from '../support/admins';
import { login, registerMember, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

/**
 * The plugin's tools for admins in Strapi's own MCP server (`/mcp`, admin tokens), through the
 * SDK's own client: a token whose admin role holds the plugin's permission sees and calls them,
 * one without it sees none of them and is refused when it calls one anyway.
 */

const ADMIN_TOOLS = [
  'whatsapp_agent_communities_near_limit',
  'whatsapp_agent_usage',
  'whatsapp_agent_waiting_conversations',
];
const USAGE = 'plugin::whatsapp-agent.usage.read';
const CONVERSATIONS = 'plugin::whatsapp-agent.conversations.read';
const SETTINGS = 'plugin::whatsapp-agent.settings.read';

let pipeline: Pipeline;
let admin: ReturnType<typeof adminApi>;
const strapi = () => pipeline.playground.strapi;
const clients: Client[] = [];

/** An admin whose only role holds `actions`, and an admin token of theirs carrying all of them. */
const adminToken = async (name: string, actions: string[]) => {
  const role = await strapi()
    .service('admin::role')
    .create({ name, description: actions.join(', ') });
  const permissions = actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }));
  await strapi().service('admin::role').assignPermissions(role.id, permissions);
  const user = await strapi()
    .service('admin::user')
    .create({
      email: `${name.toLowerCase().replace(/\W+/g, '-')}@example.org`,
      password: 'Admin-pass-2026!',
      firstname: name,
      lastname: 'Admin',
      isActive: true,
      registrationToken: null,
      roles: [role.id],
    });
  const owner = await strapi()
    .db.query('admin::user')
    .findOne({ where: { id: user.id }, populate: ['roles'] });
  const token = await strapi()
    .service('admin::api-token-admin')
    .create(
      { name: `${name}'s assistant`, description: '', lifespan: null, adminPermissions: permissions },
      owner
    );
  return { token: token.accessKey as string, userId: user.id as number };
};

const connect = async (token: string) => {
  const client = new Client({ name: 'admin-assistant', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${pipeline.playground.baseUrl}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    })
  );
  clients.push(client);
  return client;
};

const toolNames = async (client: Client) =>
  (await client.listTools()).tools
    .map((tool) => tool.name)
    .filter((name) => name.startsWith('whatsapp_agent_'));

let nextNumber = 4917900000700;
let communities = 0;
/** A community of its own, on a free plan of `turnsPerMonth`, with one member linked to a phone. */
const communityWithMember = async (turnsPerMonth: number) => {
  communities += 1;
  const community = await strapi()
    .db.query('api::community.community')
    .create({ data: { name: `Admin MCP ${communities}`, slug: `admin-mcp-${communities}-${Date.now()}` } });
  const member = await registerMember(pipeline);
  await strapi()
    .db.query('api::member.member')
    .create({ data: { displayName: member.username, user: member.user.id, community: community.id } });
  const plan = await admin.put(`/communities/${community.documentId}/plan`, { kind: 'free', turnsPerMonth });
  expect(plan.status).toBe(200);
  const phone = `+${(nextNumber += 1)}`;
  const { jwt } = await login(pipeline, member.email, member.password);
  const { code } = await requestLinkCode(pipeline, jwt);
  expect(await say(pipeline, phone, code)).toMatch(/^Linked to/);
  return { key: String(community.documentId), name: String(community.name), phone, userId: member.user.id };
};

/** `turns` member turns counted in the community, as MCP calls of the member count them. */
const spend = async (userId: number, turns: number) => {
  const usage = strapi().plugin('whatsapp-agent').service('usage');
  const account = await usage.accountOf(userId);
  for (let turn = 0; turn < turns; turn += 1)
    expect((await usage.admitMcpCall(account, crypto.randomUUID())).allowed).toBe(true);
};

let busy: Awaited<ReturnType<typeof communityWithMember>>;
let quiet: Awaited<ReturnType<typeof communityWithMember>>;

beforeAll(async () => {
  pipeline = await startPipeline({ env: { STRAPI_MCP_ENABLED: 'true' } });
  admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  busy = await communityWithMember(10);
  quiet = await communityWithMember(10);
  await spend(busy.userId, 9);
  await spend(quiet.userId, 2);
  // The member asks for a person: the conversation waits for one.
  await say(pipeline, busy.phone, 'human');
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await pipeline?.stop();
});

describe("Strapi's MCP server, with an admin token", () => {
  it('lists and runs the tools for a role that may see usage and conversations', async () => {
    const { token } = await adminToken('Operator', [USAGE, CONVERSATIONS]);
    const client = await connect(token);
    expect((await toolNames(client)).sort()).toEqual(ADMIN_TOOLS);

    const near = await client.callTool({ name: 'whatsapp_agent_communities_near_limit', arguments: {} });
    expect(near.isError).toBeFalsy();
    const nearCommunities = (near.structuredContent as { communities: Array<Record<string, unknown>> })
      .communities;
    expect(nearCommunities).toContainEqual({
      key: busy.key,
      name: busy.name,
      percent: 90,
      used: 9,
      max: 10,
      unit: 'turns',
      state: 'near',
    });
    expect(nearCommunities.map((line) => line.key)).not.toContain(quiet.key);

    const usage = await client.callTool({
      name: 'whatsapp_agent_usage',
      arguments: { community: quiet.key },
    });
    expect(usage.structuredContent).toMatchObject({
      month: new Date().toISOString().slice(0, 7),
      communities: [
        { key: quiet.key, name: quiet.name, limit: { used: 2, max: 10, percent: 20, state: 'ok' } },
      ],
    });

    const waiting = await client.callTool({ name: 'whatsapp_agent_waiting_conversations', arguments: {} });
    const { waiting: conversations } = waiting.structuredContent as {
      waiting: Array<{ community: string; reason: string | null }>;
    };
    expect(conversations.filter((conversation) => conversation.community === busy.key)).toHaveLength(1);
    // Allowlisted: no phone number reaches the admin's assistant.
    expect(JSON.stringify(waiting)).not.toContain(busy.phone.slice(1));
  });

  it('lists only the tools of the permissions the role holds', async () => {
    const { token } = await adminToken('Accountant', [USAGE]);
    const client = await connect(token);
    expect((await toolNames(client)).sort()).toEqual([
      'whatsapp_agent_communities_near_limit',
      'whatsapp_agent_usage',
    ]);
  });

  it('shows none of them to a role without the permissions, and refuses a call', async () => {
    const { token } = await adminToken('Reader', [SETTINGS]);
    const client = await connect(token);
    expect(await toolNames(client)).toEqual([]);
    for (const name of ADMIN_TOOLS) {
      const result = await client.callTool({ name, arguments: {} }).catch((error: Error) => error);
      // Refused, whichever way the SDK reports it: an error result or a JSON-RPC error.
      const text = result instanceof Error ? result.message : JSON.stringify(result.content);
      expect(result instanceof Error || result.isError === true).toBe(true);
      expect(text).not.toContain(busy.key);
    }
  });

  it('answers a manager limited to some communities with theirs only', async () => {
    const { token, userId } = await adminToken('Scoped manager', [CONVERSATIONS]);
    await strapi()
      .plugin('whatsapp-agent')
      .service('handoff')
      .scopes.save([{ adminUserId: userId, communities: [quiet.key] }]);
    const client = await connect(token);
    const waiting = await client.callTool({ name: 'whatsapp_agent_waiting_conversations', arguments: {} });
    expect(waiting.structuredContent).toEqual({ waiting: [], withPerson: 0 });
    const other = await client.callTool({
      name: 'whatsapp_agent_waiting_conversations',
      arguments: { community: busy.key },
    });
    expect(other.isError).toBe(true);
    expect(JSON.stringify(other.content)).toContain('You do not manage');
  });
});
