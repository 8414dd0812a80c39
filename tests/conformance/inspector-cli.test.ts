import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEMO_USERS } from '../../playground/src/seed/users';
import { MCP_PATH, personalToken, startMcpPlayground } from '../support/mcp';
import type { Playground } from '../support/playground';

/**
 * `@modelcontextprotocol/inspector-cli` (the MCP Inspector's CLI mode) against the members'
 * endpoint, with a member's personal token in its `--header`: what a developer runs to check a
 * server by hand, listing the tools and calling one.
 */

const run = promisify(execFile);
const CLI = require.resolve('@modelcontextprotocol/inspector-cli/build/index.js');

let playground: Playground;
let token: string;

/** The CLI's JSON answer. It finds its own package.json from the working directory: run it from its build folder. */
const inspector = async (...args: string[]) => {
  const { stdout } = await run(
    process.execPath,
    [
      CLI,
      `${playground.baseUrl}${MCP_PATH}`,
      '--transport',
      'http',
      '--header',
      `Authorization: Bearer ${token}`,
      ...args,
    ],
    { cwd: path.dirname(CLI), timeout: 45_000 }
  );
  return JSON.parse(stdout) as Record<string, unknown>;
};

beforeAll(async () => {
  playground = await startMcpPlayground({ env: { WHATSAPP_AGENT_MEMBER_TURNS_PER_DAY: '1000' } });
  token = await personalToken(playground, DEMO_USERS[0].email, 'MCP Inspector');
}, 180_000);

afterAll(async () => {
  await playground?.stop();
});

it('lists the tools and calls one with a personal token header', async () => {
  const listed = (await inspector('--method', 'tools/list')) as { tools: Array<{ name: string }> };
  expect(listed.tools.map((tool) => tool.name)).toEqual(
    expect.arrayContaining(['search_events', 'rsvp_event'])
  );

  const called = (await inspector(
    '--method',
    'tools/call',
    '--tool-name',
    'search_events',
    '--tool-arg',
    'limit=1'
  )) as {
    content: Array<{ type: string; text: string }>;
    isError?: boolean;
  };
  expect(called.isError).toBeFalsy();
  const answer = JSON.parse(called.content[0].text) as { events: unknown[]; count: number };
  expect(answer.count).toBe(1);
  expect(answer.events).toHaveLength(1);
});

it('is refused without a valid token, as any client would be', async () => {
  token = 'wamcp_not-a-token';
  await expect(inspector('--method', 'tools/list')).rejects.toThrow(/401|not valid|Unauthorized/i);
});
