import { execFile } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { DEMO_USERS } from '../../playground/src/seed/users';
import { MCP_PATH, personalToken, startMcpPlayground } from '../support/mcp';
import type { Playground } from '../support/playground';
import { EXPECTED_FAILURES } from './expected-failures';

/**
 * `@modelcontextprotocol/conformance server` against /api/whatsapp-agent/mcp, signed in with a
 * member's personal token, one scenario at a time: the scenarios that apply pass, the others are
 * the expected failures listed with their reason — a scenario that starts passing, or a new one,
 * fails this test until the list says so.
 *
 * The suite's CLI takes no header, so it talks to a small local proxy that adds the member's
 * `Authorization` (what an MCP client's connector settings do).
 */

const run = promisify(execFile);
const CLI = require.resolve('@modelcontextprotocol/conformance/dist/index.js');
/** Each scenario is a few requests; its CLI waits at most 30 s for an answer. */
const SCENARIO_BUDGET_MS = 45_000;
/** 0.1.10 has 31 server scenarios; room for a few more before the budget needs a look. */
const MAX_SCENARIOS = 40;

let playground: Playground;
let proxy: http.Server;
let url: string;

const conformance = async (...args: string[]) => {
  try {
    const { stdout } = await run(process.execPath, [CLI, ...args], { timeout: SCENARIO_BUDGET_MS });
    return { passed: true, output: stdout };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { passed: false, output: `${stdout}\n${stderr}` };
  }
};

beforeAll(async () => {
  playground = await startMcpPlayground({
    env: {
      WHATSAPP_AGENT_MEMBER_TURNS_PER_DAY: '100000',
      WHATSAPP_AGENT_MCP_MEMBER_REQUESTS_PER_MINUTE: '10000',
      WHATSAPP_AGENT_MCP_CLIENT_REQUESTS_PER_MINUTE: '10000',
    },
  });
  const token = await personalToken(playground, DEMO_USERS[0].email, 'Conformance suite');
  const target = new URL(`${playground.baseUrl}${MCP_PATH}`);
  proxy = http.createServer((incoming, outgoing) => {
    const forwarded = http.request(
      target,
      {
        method: incoming.method,
        headers: { ...incoming.headers, host: target.host, authorization: `Bearer ${token}` },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      }
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/mcp`;
}, 180_000);

afterAll(async () => {
  await new Promise((resolve) => proxy?.close(resolve));
  await playground?.stop();
});

it(
  'passes every scenario that applies; the others are exactly the expected failures',
  async () => {
    const listed = await conformance('list', '--server');
    const scenarios = [...listed.output.matchAll(/^\s+- (\S+)$/gm)].map((match) => match[1]);
    expect(scenarios.length).toBeGreaterThan(10);
    expect(scenarios.length).toBeLessThanOrEqual(MAX_SCENARIOS);

    const failed: Record<string, string> = {};
    for (const scenario of scenarios) {
      const result = await conformance('server', '--url', url, '--scenario', scenario);
      if (!result.passed) failed[scenario] = result.output;
    }
    const unexpected = Object.keys(failed).filter((scenario) => !(scenario in EXPECTED_FAILURES));
    const nowPassing = Object.keys(EXPECTED_FAILURES).filter(
      (scenario) => scenarios.includes(scenario) && !(scenario in failed)
    );
    // What failed unexpectedly, with the suite's own report.
    expect(Object.fromEntries(unexpected.map((scenario) => [scenario, failed[scenario]]))).toEqual({});
    expect(nowPassing).toEqual([]);
    const passed = scenarios.filter((scenario) => !(scenario in failed));
    console.log(
      `MCP conformance: ${passed.length} passed (${passed.join(', ')}); ${Object.keys(failed).length} expected failures`
    );
  },
  MAX_SCENARIOS * SCENARIO_BUDGET_MS
);
