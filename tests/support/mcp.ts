import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { adminApi, adminLogin } from './admins';
import type { Pipeline } from './pipeline';
import { startPlayground, type Playground } from './playground';

export const MCP_PATH = '/api/whatsapp-agent/mcp';

/** The SDK's own client, signed in with a member's personal token, as ChatGPT, Claude or Cursor would be. */
export const connectMcp = async (baseUrl: string, token: string) => {
  const client = new Client({ name: 'whatsapp-agent-tests', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${baseUrl}${MCP_PATH}`), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    })
  );
  return client;
};

/** A tool's answer as the member's assistant reads it: the JSON in its text content. */
export const callTool = async (
  client: Client,
  name: string,
  args: Record<string, unknown> = {}
): Promise<Record<string, unknown> & { isError: boolean }> => {
  const result = await client.callTool({ name, arguments: args });
  const [first] = result.content as Array<{ type: string; text: string }>;
  return { ...(JSON.parse(first.text) as Record<string, unknown>), isError: result.isError === true };
};

/**
 * Every community (and `default`) on a plan it never reaches (cost passed through, no cap): each
 * MCP call counts like a turn, and a test making hundreds must not meet the demo's free plan.
 */
export const liftAllPlans = async (playground: Playground) => {
  const pipeline = { playground } as Pipeline;
  const admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  const communities = await playground.strapi.db
    .query('api::community.community')
    .findMany({ select: ['documentId'] });
  for (const key of ['default', ...communities.map((community) => String(community.documentId))]) {
    const response = await admin.put(`/communities/${key}/plan`, { kind: 'passthrough', margin: 0 });
    if (response.status !== 200) throw new Error(`Setting the plan of ${key} failed: ${response.status}`);
  }
};

/**
 * The playground with the members' MCP endpoint on (the AI model unreachable: no test here needs
 * it) and every plan lifted: how each MCP test file boots. `env` adds to or overrides that.
 */
export const startMcpPlayground = async (options: { env?: Record<string, string>; port?: number } = {}) => {
  const playground = await startPlayground({
    port: options.port,
    env: { WHATSAPP_AGENT_MCP: 'on', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', ...options.env },
  });
  await liftAllPlans(playground);
  return playground;
};

/** A seeded member's users-permissions id. */
export const userIdOf = async (playground: Playground, email: string) =>
  Number(
    (await playground.strapi.db.query('plugin::users-permissions.user').findOne({ where: { email } })).id
  );

/** A personal token for a seeded member, issued as the member API would (its value, shown once). */
export const personalToken = async (playground: Playground, email: string, name: string) => {
  const issued = await playground.strapi
    .plugin('whatsapp-agent')
    .service('mcpTokens')
    .issue(await userIdOf(playground, email), name);
  return issued.token as string;
};

/** A community's published events still to come, soonest first: what an RSVP test picks from. */
export const upcomingEvents = async (playground: Playground, communitySlug: string) =>
  (await playground.strapi.documents('api::event.event').findMany({
    filters: { startsAt: { $gt: new Date().toISOString() }, community: { slug: communitySlug } },
    sort: ['startsAt:asc'],
    status: 'published',
  })) as unknown as Array<{ documentId: string; title: string }>;
