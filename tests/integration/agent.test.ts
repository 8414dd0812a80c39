import type { ChatMessage, ChatRequest } from '../../simulator/scripted-llm';
import { DEMO_USERS } from '../../playground/src/seed/users';
import { eventually } from '../support/eventually';
import { linkPhone as linkPhoneTo, registerMember, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

const [ada] = DEMO_USERS;
let pipeline: Pipeline;
let nextNumber = 4917700000100;
const newPhone = () => `+${(nextNumber += 1)}`;
const strapi = () => pipeline.playground.strapi;
const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
const inbound = () => strapi().db.query('plugin::whatsapp-agent.inbound-message');

/** The tool results of the current turn (after the last user message; earlier turns are history). */
const toolMessages = (request: ChatRequest) => {
  const lastUser = request.messages.map((message) => message.role).lastIndexOf('user');
  return request.messages.slice(lastUser + 1).filter((message) => message.role === 'tool');
};
const lastToolResult = (request: ChatRequest) =>
  JSON.parse(toolMessages(request).at(-1)?.content ?? '{}') as Record<string, unknown>;

const linkPhone = (email: string, password?: string) => linkPhoneTo(pipeline, newPhone(), email, password);

/** A member whose role may read events but not members. */
const eventGuest = async () => {
  const roles = strapi().db.query('plugin::users-permissions.role');
  const role =
    (await roles.findOne({ where: { type: 'event-guests' } })) ??
    (await roles.create({
      data: { name: 'Event guests', description: 'Events only', type: 'event-guests' },
    }));
  for (const action of [
    'api::event.event.find',
    'api::event.event.findOne',
    'plugin::whatsapp-agent.linkCodes.create',
  ]) {
    if (
      !(await strapi()
        .db.query('plugin::users-permissions.permission')
        .count({ where: { action, role: { id: role.id } } }))
    ) {
      await strapi()
        .db.query('plugin::users-permissions.permission')
        .create({ data: { action, role: role.id } });
    }
  }
  const member = await registerMember(pipeline);
  await strapi()
    .db.query('plugin::users-permissions.user')
    .update({ where: { id: member.user.id }, data: { role: role.id } });
  // A profile in a community: scoped tools show a member their own communities' events.
  const community = await strapi()
    .db.query('api::community.community')
    .findOne({ where: { slug: 'climate-builders' }, select: ['id'] });
  await strapi()
    .documents('api::member.member')
    .create({ data: { displayName: member.username, user: member.user.id, community: community.id } });
  return member;
};

let adaPhone: string;

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_LLM_TIMEOUT_MS: '5000' } });
  adaPhone = await linkPhone(ada.email);
});

beforeEach(() => pipeline.llm.reset());

afterAll(async () => {
  await pipeline?.stop();
});

describe('the agent answers a linked member', () => {
  it('searches members with the LLM’s query, sends the result back, and delivers the final answer', async () => {
    pipeline.llm.script(
      { toolCalls: [{ name: 'search_members', arguments: { query: 'climate Berlin' } }] },
      { content: 'Try *Ada Lovelace* and friends.' }
    );
    expect(await say(pipeline, adaPhone, 'Who here works on climate tech in Berlin?')).toBe(
      'Try *Ada Lovelace* and friends.'
    );

    const [first, second] = pipeline.llm.requests;
    expect(first.model).toBe('scripted-model');
    expect(first.tools?.map((tool) => tool.function.name).sort()).toEqual([
      'get_events',
      'get_members',
      // Offered on every turn (README: People in the loop).
      'handoff_to_person',
      'rsvp_event',
      'search_events',
      'search_members',
      'suggest_members',
    ]);
    const system = String(first.messages[0].content);
    expect(system).toContain('Climate Builders Berlin');
    expect(system).toContain(new Date().toISOString().slice(0, 10));
    expect(system).toContain('You are talking with Ada Lovelace');
    expect(first.messages.at(-1)).toEqual({
      role: 'user',
      content: 'Who here works on climate tech in Berlin?',
    });

    const result = lastToolResult(second) as { members: Array<Record<string, unknown>> };
    expect(result.members.length).toBeGreaterThan(0);
    for (const member of result.members) {
      expect(
        `${member.bio} ${member.headline} ${member.interests} ${member.displayName}`.toLowerCase()
      ).toContain('climate');
      expect(`${member.city} ${member.bio} ${member.headline}`.toLowerCase()).toContain('berlin');
    }
  });

  it('uses tools over several rounds, and runs parallel calls together', async () => {
    pipeline.llm.script(
      {
        toolCalls: [
          { name: 'search_members', arguments: { query: 'climate' } },
          { name: 'search_events', arguments: { from: new Date().toISOString() } },
        ],
      },
      (request) => {
        const { members } = JSON.parse(toolMessages(request)[0].content ?? '{}') as {
          members: Array<{ documentId: string }>;
        };
        return { toolCalls: [{ name: 'get_members', arguments: { documentId: members[0].documentId } }] };
      },
      { content: 'Done.' }
    );
    expect(await say(pipeline, adaPhone, 'Climate people and upcoming events?')).toBe('Done.');
    expect(pipeline.llm.requests).toHaveLength(3);
    expect(toolMessages(pipeline.llm.requests[1])).toHaveLength(2);
    expect(lastToolResult(pipeline.llm.requests[2])).toMatchObject({
      members: { documentId: expect.any(String), displayName: expect.any(String) },
    });
  });

  it('stops offering tools after the round limit and gets a final answer', async () => {
    const search = { toolCalls: [{ name: 'search_events', arguments: {} }] };
    pipeline.llm.script(search, search, search, search, search, { content: 'Enough searching.' });
    expect(await say(pipeline, adaPhone, 'events?')).toBe('Enough searching.');
    expect(pipeline.llm.requests).toHaveLength(6);
    expect(pipeline.llm.requests[5].tools).toBeUndefined();
  });

  it('never puts private fields (email, phone) into a tool result', async () => {
    pipeline.llm.script(
      { toolCalls: [{ name: 'search_members', arguments: { query: 'berlin', limit: 5 } }] },
      (request) => ({
        toolCalls: [
          {
            name: 'get_members',
            arguments: {
              documentId: (lastToolResult(request).members as Array<{ documentId: string }>)[0].documentId,
            },
          },
        ],
      }),
      { content: 'ok' }
    );
    await say(pipeline, adaPhone, 'list members');
    const results = pipeline.llm.requests
      .slice(1)
      .map((request) => toolMessages(request).at(-1)?.content ?? '');
    expect(results).toHaveLength(2);
    expect(results[0]).toContain('"displayName"');
    for (const content of results) {
      expect(content).not.toMatch(/"(email|phone)"/);
      expect(content).not.toMatch(/@example\.com|\+49\d{6,}/);
    }
  });
});

describe('memory', () => {
  it('keeps the conversation, tool calls included, and sends it with the next turn', async () => {
    const phone = await linkPhone(ada.email);
    pipeline.llm.script(
      { toolCalls: [{ name: 'search_events', arguments: { query: 'workshop' } }] },
      { content: 'First answer.' },
      { content: 'Second answer.' }
    );
    await say(pipeline, phone, 'any workshops?');
    await say(pipeline, phone, 'and the second one?');

    const followUp = pipeline.llm.requests[2].messages.map((message: ChatMessage) => message.role);
    expect(followUp).toEqual(['system', 'user', 'assistant', 'tool', 'assistant', 'user']);
    const { history } = await channels().findOne({ where: { address: phone } });
    expect(history.map((message: ChatMessage) => message.role)).toEqual([
      'user',
      'assistant',
      'tool',
      'assistant',
      'user',
      'assistant',
    ]);
  });

  it('is trimmed to the last 20 turns without separating tool calls from their results', async () => {
    const phone = await linkPhone(ada.email);
    const oldTurns = Array.from({ length: 25 }, (_, i) => [
      { role: 'user', content: `old question ${i}` },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: `call_old_${i}`, type: 'function', function: { name: 'search_events', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: `call_old_${i}`, content: '{"events":[]}' },
      { role: 'assistant', content: `old answer ${i}` },
    ]).flat();
    await channels().update({
      where: { address: phone },
      data: { history: oldTurns, lastInboundAt: new Date() },
    });

    pipeline.llm.script({ content: 'New answer.' });
    await say(pipeline, phone, 'new question');

    const sent = pipeline.llm.requests[0].messages;
    expect(sent[1]).toEqual({ role: 'user', content: 'old question 5' });
    const { history } = await channels().findOne({ where: { address: phone } });
    const userTurns = history.filter((message: ChatMessage) => message.role === 'user');
    expect(userTurns).toHaveLength(20);
    expect(userTurns[0].content).toBe('old question 6');
    history.forEach((message: ChatMessage, index: number) => {
      if (message.tool_calls)
        expect(history[index + 1]).toMatchObject({ role: 'tool', tool_call_id: message.tool_calls[0].id });
    });
  });

  it('is forgotten after 30 idle minutes, and on RESET', async () => {
    const phone = await linkPhone(ada.email);
    const stale = [
      { role: 'user', content: 'long ago' },
      { role: 'assistant', content: 'then' },
    ];
    await channels().update({
      where: { address: phone },
      data: { history: stale, lastInboundAt: new Date(Date.now() - 31 * 60_000) },
    });
    pipeline.llm.script({ content: 'Fresh start.' });
    await say(pipeline, phone, 'hello again');
    expect(pipeline.llm.requests[0].messages.map((message) => message.role)).toEqual(['system', 'user']);

    expect(await say(pipeline, phone, 'RESET')).toMatch(/forgot our conversation/);
    expect((await channels().findOne({ where: { address: phone } })).history).toEqual([]);
  });
});

describe('limits on tool calls and memory', () => {
  /** The default `agent.historyMaxBytes`. */
  const HISTORY_MAX_BYTES = 64 * 1024;
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

  it('runs at most 8 calls of a round, refuses the others, and keeps the next prompt bounded', async () => {
    const phone = await linkPhone(ada.email);
    const calls = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0
        ? { name: 'search_events', arguments: { limit: 20 } }
        : { name: 'search_members', arguments: { query: 'e', limit: 20 } }
    );
    pipeline.llm.script(
      { toolCalls: calls },
      { content: 'Here is what I found.' },
      { content: 'Next answer.' }
    );

    expect(await say(pipeline, phone, 'tell me everything')).toBe('Here is what I found.');
    // Full results are cut at toolResultMaxChars, so they are compared as text, not parsed.
    const results = toolMessages(pipeline.llm.requests[1]).map((message) => message.content ?? '');
    // The API needs a result for every call id, so none is dropped: the extra ones are refused.
    expect(results).toHaveLength(100);
    const refused = (content: string) =>
      content.startsWith('{"error":"Not run: at most 8 tool calls per round');
    // The first 8 calls run (each result starts like a real search result); the 92 others are refused.
    expect(results.slice(0, 8).every((content) => /^\{"(events|members)":\[\{/.test(content))).toBe(true);
    expect(results.map(refused)).toEqual([...Array(8).fill(false), ...Array(92).fill(true)]);

    const { history } = await channels().findOne({ where: { address: phone } });
    expect(bytes(history)).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    expect(history.at(-1)).toEqual({ role: 'assistant', content: 'Here is what I found.' });

    expect(await say(pipeline, phone, 'and now?')).toBe('Next answer.');
    const { messages } = pipeline.llm.requests[2];
    expect(messages[0].role).toBe('system');
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'and now?' });
    expect(bytes(messages.slice(1, -1))).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    // With 8 full results the turn is ~77 KB: over the cap, so it is kept as question and answer.
    expect(messages.slice(1, -1)).toEqual([
      { role: 'user', content: 'tell me everything' },
      { role: 'assistant', content: 'Here is what I found.' },
    ]);
  });

  it('cuts a stored history to the byte cap before the prompt, oldest turns first', async () => {
    // Not Ada: she may request only 5 linking phrases per 10 minutes, and this file links her often.
    const member = await registerMember(pipeline);
    const phone = await linkPhone(member.email, member.password);
    // As a channel could hold before the cap: 10 turns with a 20 KB tool result each.
    const oldTurns = Array.from({ length: 10 }, (_, i) => [
      { role: 'user', content: `old question ${i}` },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: `call_big_${i}`, type: 'function', function: { name: 'search_events', arguments: '{}' } },
        ],
      },
      {
        role: 'tool',
        tool_call_id: `call_big_${i}`,
        content: JSON.stringify({ events: 'x'.repeat(20_000) }),
      },
      { role: 'assistant', content: `old answer ${i}` },
    ]).flat();
    await channels().update({
      where: { address: phone },
      data: { history: oldTurns, lastInboundAt: new Date() },
    });

    pipeline.llm.script({ content: 'New answer.' });
    await say(pipeline, phone, 'new question');

    const sent = pipeline.llm.requests[0].messages.slice(1, -1);
    expect(bytes(sent)).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    // The newest old turns, whole: 3 of them fit in 64 KB.
    expect(sent).toEqual(oldTurns.slice(-3 * 4));
    const { history } = await channels().findOne({ where: { address: phone } });
    expect(bytes(history)).toBeLessThanOrEqual(HISTORY_MAX_BYTES);
    expect(history.at(-1)).toEqual({ role: 'assistant', content: 'New answer.' });
  });
});

describe('when the LLM fails', () => {
  it.each([
    ['times out', { delayMs: 12_000, content: 'too late' }],
    ['answers 500', { status: 500 }],
  ])('apologises when it %s, records the error, and loses nothing', async (_label, failure) => {
    pipeline.llm.script(failure, failure, failure);
    const { messageSid } = await pipeline.twilio.sendInbound({
      from: `whatsapp:${adaPhone}`,
      body: 'are you there?',
    });
    await pipeline.twilio.waitFor((sent) =>
      sent.some(
        (message) =>
          message.to === `whatsapp:${adaPhone}` && /Sorry, I cannot answer right now/.test(message.body)
      )
    );
    await eventually(async () => {
      const stored = await inbound().findOne({ where: { messageSid } });
      expect(stored).toMatchObject({ status: 'failed', body: 'are you there?' });
      expect(stored.error).toMatch(/LLM failed/);
    });
  });
});

describe('permissions', () => {
  it('refuses a collection the member’s role may not find, in the tool result, with no data', async () => {
    const guest = await eventGuest();
    const phone = await linkPhone(guest.email, guest.password);
    pipeline.llm.script(
      {
        toolCalls: [
          { name: 'search_members', arguments: { query: 'climate' } },
          { name: 'search_events', arguments: {} },
        ],
      },
      { content: 'ok' }
    );
    await say(pipeline, phone, 'who works on climate?');
    const [members, events] = toolMessages(pipeline.llm.requests[1]).map((message) =>
      JSON.parse(message.content ?? '{}')
    );
    expect(members).toEqual({
      error: expect.stringMatching(/^Not allowed: this member's role may not list members/),
    });
    expect(events.events.length).toBeGreaterThan(0);
  });

  it('follows a permission taken from the member’s role at their next message (abilities are cached per role)', async () => {
    const guest = await eventGuest();
    const phone = await linkPhone(guest.email, guest.password);
    const eventsOf = async () => {
      pipeline.llm.reset();
      pipeline.llm.script({ toolCalls: [{ name: 'search_events', arguments: {} }] }, { content: 'ok' });
      await say(pipeline, phone, 'any events?');
      return JSON.parse(toolMessages(pipeline.llm.requests[1])[0].content ?? '{}') as Record<string, unknown>;
    };
    expect(((await eventsOf()).events as unknown[]).length).toBeGreaterThan(0);

    const permissions = strapi().db.query('plugin::users-permissions.permission');
    const role = await strapi()
      .db.query('plugin::users-permissions.role')
      .findOne({ where: { type: 'event-guests' } });
    const granted = await permissions.findOne({
      where: { action: 'api::event.event.find', role: { id: role.id } },
    });
    await permissions.delete({ where: { id: granted.id } });
    try {
      expect(await eventsOf()).toEqual({
        error: expect.stringMatching(/^Not allowed: this member's role may not list events/),
      });
    } finally {
      await permissions.create({ data: { action: 'api::event.event.find', role: role.id } });
    }
    expect(((await eventsOf()).events as unknown[]).length).toBeGreaterThan(0);
  });

  it('records token usage for every LLM call', async () => {
    const before = await strapi()
      .db.query('plugin::whatsapp-agent.usage-record')
      .count({ where: { kind: 'llm' } });
    pipeline.llm.script({ toolCalls: [{ name: 'search_events', arguments: {} }] }, { content: 'ok' });
    await say(pipeline, adaPhone, 'events');
    const records = await strapi()
      .db.query('plugin::whatsapp-agent.usage-record')
      .findMany({ where: { kind: 'llm' }, orderBy: { id: 'desc' }, limit: 2 });
    expect(
      (await strapi()
        .db.query('plugin::whatsapp-agent.usage-record')
        .count({ where: { kind: 'llm' } })) - before
    ).toBe(2);
    expect(records[0]).toMatchObject({ model: 'scripted-model', promptTokens: 120, completionTokens: 30 });
  });
});
