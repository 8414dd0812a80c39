import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { DEMO_USERS } from '../../playground/src/seed/users';
import { MCP_PATH, personalToken, startMcpPlayground, upcomingEvents, userIdOf } from '../support/mcp';
import type { Playground } from '../support/playground';

/**
 * Actions confirmed in the member's own client (MCP elicitation), through the SDK's own client
 * declaring the capability: the server asks during the tools/call, yes writes once, no or a
 * dismissed question writes nothing. A client without the capability, or one whose session this
 * process does not know (another process's), gets the confirmation token instead.
 */

const [ada] = DEMO_USERS;
let playground: Playground;
let token: string;
let adaId: number;
const strapi = () => playground.strapi;
const clients: Client[] = [];

type Answer = ElicitResult['action'];
/** What the member answers, and every question the client was asked. */
let nextAnswer: Answer = 'accept';
const asked: Array<{ message: string }> = [];

const connect = async ({ elicitation }: { elicitation: boolean }) => {
  const client = new Client(
    { name: 'elicitation-tests', version: '1.0.0' },
    { capabilities: elicitation ? { elicitation: {} } : {} }
  );
  if (elicitation)
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push({ message: request.params.message });
      return { action: nextAnswer, ...(nextAnswer === 'accept' ? { content: {} } : {}) };
    });
  const transport = new StreamableHTTPClientTransport(new URL(`${playground.baseUrl}${MCP_PATH}`), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  clients.push(client);
  return { client, transport };
};

const rsvp = async (client: Client, documentId: string) => {
  const result = await client.callTool({ name: 'rsvp_event', arguments: { documentId, status: 'going' } });
  const [first] = result.content as Array<{ text: string }>;
  return { ...(JSON.parse(first.text) as Record<string, unknown>), isError: result.isError === true };
};

let events: Array<{ documentId: string; title: string }>;
const attendances = (event: { documentId: string }) =>
  strapi()
    .db.query('api::attendance.attendance')
    .count({ where: { user: { id: adaId }, event: { documentId: event.documentId } } });
const lastProposal = async () =>
  (await strapi()
    .db.query('plugin::whatsapp-agent.pending-action')
    .findOne({ where: { userId: adaId }, orderBy: { id: 'desc' } })) as {
    status: string;
    outcome: string | null;
  };

beforeAll(async () => {
  playground = await startMcpPlayground({ env: { WHATSAPP_AGENT_MEMBER_TURNS_PER_DAY: '1000' } });
  adaId = await userIdOf(playground, ada.email);
  token = await personalToken(playground, ada.email, 'Claude');
  events = await upcomingEvents(playground, ada.community);
  expect(events.length).toBeGreaterThanOrEqual(4);
});

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await playground?.stop();
});

beforeEach(() => {
  asked.length = 0;
});

describe('a client that declares elicitation', () => {
  it('gets a session, and the member saying yes in the client writes once', async () => {
    const { client, transport } = await connect({ elicitation: true });
    expect(transport.sessionId).toEqual(expect.any(String));
    const [event] = events;
    const before = await attendances(event);
    nextAnswer = 'accept';

    const result = await rsvp(client, event.documentId);
    expect(result).toMatchObject({ status: 'done', isError: false });
    expect(result).not.toHaveProperty('confirmationToken');
    expect(asked).toEqual([{ message: expect.stringContaining(event.title) }]);
    expect(await attendances(event)).toBe(before + 1);
    expect(await lastProposal()).toMatchObject({ status: 'done' });
  });

  it.each([
    ['decline', 'the member said no'],
    ['cancel', 'the member dismissed the question'],
  ] as const)('writes nothing when the member answers %s', async (answer, outcome) => {
    const { client } = await connect({ elicitation: true });
    const event = answer === 'decline' ? events[1] : events[2];
    const before = await attendances(event);
    nextAnswer = answer;

    const result = await rsvp(client, event.documentId);
    expect(result).toMatchObject({ status: 'not_done', isError: false });
    expect(result).not.toHaveProperty('confirmationToken');
    expect(asked).toHaveLength(1);
    expect(await attendances(event)).toBe(before);
    expect(await lastProposal()).toMatchObject({ status: 'cancelled', outcome });
  });

  it('gets the confirmation token when its session is not known here (another process, or expired)', async () => {
    const { client } = await connect({ elicitation: true });
    strapi().plugin('whatsapp-agent').service('mcpSessions').closeAll();
    const event = events[3];
    const before = await attendances(event);

    const result = await rsvp(client, event.documentId);
    expect(result).toMatchObject({
      status: 'waiting_for_confirmation',
      confirmationToken: expect.any(String),
    });
    expect(asked).toEqual([]);
    expect(await attendances(event)).toBe(before);
  });
});

describe('a client without elicitation', () => {
  it('stays stateless and gets the question with a confirmation token; nothing is written', async () => {
    const { client, transport } = await connect({ elicitation: false });
    expect(transport.sessionId).toBeUndefined();
    const event = events[3];
    const before = await attendances(event);

    const result = await rsvp(client, event.documentId);
    expect(result).toMatchObject({
      status: 'waiting_for_confirmation',
      question: expect.stringContaining(event.title),
      confirmationToken: expect.stringMatching(/^\d+\.[A-Za-z0-9_-]{32}$/),
    });
    expect(await attendances(event)).toBe(before);
  });
});
