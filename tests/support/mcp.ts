import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

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
