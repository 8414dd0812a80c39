import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { adminApi, adminLogin } from './admins';
import type { Pipeline } from './pipeline';
import type { Playground } from './playground';

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
