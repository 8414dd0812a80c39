import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import type { ChatRequest } from '../../simulator/scripted-llm';
import { adminApi, adminLogin, createAdmin, liftDefaultPlan } from '../support/admins';
import { eventually, settle } from '../support/eventually';
import { login, registerMember, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

/**
 * People in the loop (issue 25) on the real playground: a member or the model asks for a person,
 * managers take over in the admin API, reply through the outbox and hand back. The scripted model
 * counts every call: while a person has the conversation there must be none.
 */
let pipeline: Pipeline;
let admin: ReturnType<typeof adminApi>;
let nextNumber = 4917900000100;
const strapi = () => pipeline.playground.strapi;
const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
const events = () => strapi().db.query('plugin::whatsapp-agent.handoff-event');
const outbound = () => strapi().db.query('plugin::whatsapp-agent.outbound-message');
const ledger = () => strapi().db.query('plugin::whatsapp-agent.usage-record');
const handoff = () => strapi().plugin('whatsapp-agent').service('handoff');
const repliesTo = (phone: string) =>
  pipeline.twilio.sentTo(`whatsapp:${phone}`).map((message) => message.body);
const emitted: Array<{ name: string; payload: Record<string, unknown> }> = [];

let communities = 0;
/** A community of its own with one member linked to a new phone: its key, the phone, the conversation. */
const memberInCommunity = async () => {
  communities += 1;
  const community = await strapi()
    .db.query('api::community.community')
    .create({ data: { name: `Handoff ${communities}`, slug: `handoff-${communities}-${Date.now()}` } });
  const member = await registerMember(pipeline);
  await strapi()
    .db.query('api::member.member')
    .create({ data: { displayName: member.username, user: member.user.id, community: community.id } });
  await admin.put(`/communities/${community.documentId}/plan`, { kind: 'passthrough', margin: 0 });
  const phone = `+${(nextNumber += 1)}`;
  const { jwt } = await login(pipeline, member.email, member.password);
  const { code } = await requestLinkCode(pipeline, jwt);
  expect(await say(pipeline, phone, code)).toMatch(/^Linked to/);
  const channel = await channels().findOne({ where: { address: phone } });
  return {
    community: String(community.documentId),
    phone,
    documentId: String(channel.documentId),
    id: channel.id,
  };
};

const stateOf = async (id: number) =>
  (await channels().findOne({ where: { id }, select: ['answeredBy', 'handoffAssigneeId'] })) as {
    answeredBy: string;
    handoffAssigneeId: number | null;
  };
const eventsOf = async (channelId: number) =>
  (await events().findMany({ where: { channelId }, orderBy: { id: 'asc' } })) as Array<
    Record<string, unknown>
  >;
const conversation = async (documentId: string) => {
  const response = await admin.get(`/conversations/${documentId}`);
  expect(response.status).toBe(200);
  return response.body.data as {
    lastInboundId: number | null;
    answeredBy: string;
    assignee: { id: number } | null;
  };
};
const lastUserContent = (request: ChatRequest) =>
  request.messages.filter((message) => message.role === 'user').at(-1)?.content;

/** Asks for a person with the member's command; returns the member's reply. */
const askForPerson = (phone: string) => say(pipeline, phone, 'human');

let demoAdminId: number;

beforeAll(async () => {
  pipeline = await startPipeline();
  await liftDefaultPlan(pipeline);
  admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  demoAdminId = (
    await strapi()
      .db.query('admin::user')
      .findOne({ where: { email: DEMO_ADMIN.email } })
  ).id;
  for (const name of ['requested', 'assigned', 'resolved'])
    strapi().eventHub.on(`whatsapp-agent.handoff.${name}`, async (payload: Record<string, unknown>) => {
      emitted.push({ name, payload });
    });
});

afterAll(async () => {
  await pipeline?.stop();
});

beforeEach(() => pipeline.llm.reset());

describe('who answers: assistant → waiting → person → assistant', () => {
  it('HUMAN asks for a person: told once, recorded, then no model call while waiting; commands still work', async () => {
    const { phone, id, community, documentId } = await memberInCommunity();
    expect(await askForPerson(phone)).toMatch(/A community manager will answer here/);
    expect(await stateOf(id)).toMatchObject({ answeredBy: 'waiting' });
    expect(await eventsOf(id)).toEqual([
      expect.objectContaining({
        kind: 'requested',
        actor: 'member',
        fromState: 'assistant',
        toState: 'waiting',
      }),
    ]);
    expect(emitted).toContainEqual({
      name: 'requested',
      payload: expect.objectContaining({ community, channel: documentId, by: 'member' }),
    });

    // Silence: stored for the managers, no model call, no second notice.
    expect(await say(pipeline, phone, 'Is anyone there?', { expectReply: false })).toBe('');
    expect(await say(pipeline, phone, 'Hello??', { expectReply: false })).toBe('');
    expect(pipeline.llm.requests).toHaveLength(0);
    const inbox = await admin.get('/inbox');
    expect(inbox.body.data).toContainEqual(
      expect.objectContaining({
        documentId,
        answeredBy: 'waiting',
        unread: 2,
        lastMessage: expect.objectContaining({ body: 'Hello??' }),
        reason: 'The member asked for a person',
      })
    );
    // Commands still work, without the model.
    expect(await say(pipeline, phone, 'HELP')).toMatch(/Commands:/);
    expect(await say(pipeline, phone, 'HUMAN')).toMatch(/has your request/);
    expect(pipeline.llm.requests).toHaveLength(0);
    expect((await admin.get('/inbox/waiting')).body.data.waiting).toBeGreaterThanOrEqual(1);
  });

  it('the model hands over with handoff_to_person: the member reads its words and the notice', async () => {
    const { phone, id } = await memberInCommunity();
    pipeline.llm.script(
      {
        toolCalls: [
          { name: 'handoff_to_person', arguments: { reason: 'complaint', summary: 'Event refund' } },
        ],
      },
      { content: 'I am passing you to a community manager.' }
    );
    const reply = await say(pipeline, phone, 'can I talk to a person? I want my money back');
    expect(reply).toMatch(
      /^I am passing you to a community manager\.\n\nA community manager will answer here/
    );
    expect(pipeline.llm.requests[0].tools?.map((tool) => tool.function.name)).toContain('handoff_to_person');
    expect(await stateOf(id)).toMatchObject({ answeredBy: 'waiting' });
    expect(await eventsOf(id)).toEqual([
      expect.objectContaining({ kind: 'requested', actor: 'assistant', reason: 'A complaint: Event refund' }),
    ]);
    const calls = pipeline.llm.requests.length;
    await say(pipeline, phone, 'still there?', { expectReply: false });
    expect(pipeline.llm.requests).toHaveLength(calls);
  });

  it('two managers assigning at once: exactly one wins', async () => {
    const { phone, id, documentId } = await memberInCommunity();
    await askForPerson(phone);
    const other = adminApi(
      pipeline,
      await createAdmin(pipeline, {
        name: 'Bea',
        email: `bea${Date.now()}@example.com`,
        actions: [
          'plugin::whatsapp-agent.conversations.read',
          'plugin::whatsapp-agent.conversations.assign',
          'plugin::whatsapp-agent.conversations.reply',
        ],
      })
    );
    const answers = await Promise.all(
      [admin, other].map((api) =>
        api.post(`/conversations/${documentId}/assign`, { expectedAssigneeId: null })
      )
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    const state = await stateOf(id);
    expect(state.answeredBy).toBe('person');
    expect((await eventsOf(id)).filter((event) => event.kind === 'assigned')).toHaveLength(1);
    expect(
      emitted.filter((event) => event.name === 'assigned' && event.payload.channel === documentId)
    ).toHaveLength(1);
  });

  it("a manager takes over, replies (billed as person), resolves with a note; the assistant answers next, with the manager's words in its history", async () => {
    const { phone, id, documentId, community } = await memberInCommunity();
    // Take over a conversation the assistant has: no request needed.
    expect(
      (await admin.post(`/conversations/${documentId}/assign`, { expectedAssigneeId: null })).status
    ).toBe(200);
    expect(await stateOf(id)).toMatchObject({ answeredBy: 'person', handoffAssigneeId: demoAdminId });

    const sent = await admin.post(`/conversations/${documentId}/reply`, {
      text: 'Hi, I will sort out your refund by Friday.',
    });
    expect(sent.status).toBe(200);
    await pipeline.twilio.waitFor(() => repliesTo(phone).some((body) => body.includes('refund by Friday')));
    const shown = repliesTo(phone).find((body) => body.includes('refund by Friday'));
    // First name only.
    expect(shown).toMatch(/^\*[^ *]+\* \(community team\): Hi, I will sort out your refund by Friday\.$/);
    await eventually(async () => {
      const rows = await ledger().findMany({ where: { community, kind: 'person' } });
      expect(rows).toHaveLength(1);
      expect(rows[0].twilioMicros).toBeGreaterThan(0);
    });
    expect(
      await outbound().findOne({ where: { channelId: id, turnKey: { $startsWith: 'person:' } } })
    ).toMatchObject({
      status: expect.stringMatching(/queued|sent|delivered/),
    });

    // The member's message crosses the manager's Resolve: refused until the manager saw it.
    const seen = (await conversation(documentId)).lastInboundId;
    expect(await say(pipeline, phone, 'Thanks! Friday is fine.', { expectReply: false })).toBe('');
    const stale = await admin.post(`/conversations/${documentId}/resolve`, { seenInboundId: seen });
    expect(stale.status).toBe(400);
    expect(stale.body.error.message).toMatch(/wrote again/);
    expect((await stateOf(id)).answeredBy).toBe('person');

    const before = repliesTo(phone).length;
    const resolved = await admin.post(`/conversations/${documentId}/resolve`, {
      seenInboundId: (await conversation(documentId)).lastInboundId,
      note: 'Refund approved, ticket 42',
    });
    expect(resolved.status).toBe(200);
    await pipeline.twilio.waitFor(() => repliesTo(phone).length > before);
    expect(repliesTo(phone).at(-1)).toMatch(/back with the community assistant/);
    expect(await eventsOf(id)).toContainEqual(
      expect.objectContaining({ kind: 'resolved', actor: 'manager', reason: 'Refund approved, ticket 42' })
    );

    pipeline.llm.script({ content: 'Your refund comes by Friday, as promised.' });
    expect(await say(pipeline, phone, 'When do I get my refund?')).toBe(
      'Your refund comes by Friday, as promised.'
    );
    const [request] = pipeline.llm.requests;
    const texts = request.messages.map((message) => `${message.role}: ${String(message.content)}`);
    expect(texts).toContainEqual(
      expect.stringMatching(
        /^assistant: \[Community manager .* wrote, not the assistant\] .*refund by Friday/
      )
    );
    expect(texts).toContainEqual('user: Thanks! Friday is fine.');
    expect(texts).toContainEqual(
      expect.stringMatching(/^system: .*handed this conversation back.*Refund approved, ticket 42/)
    );
    expect(lastUserContent(request)).toBe('When do I get my refund?');
    // Handed back for good: the next message does not re-enter handoff by itself.
    expect((await stateOf(id)).answeredBy).toBe('assistant');
  });

  it("BOT hands back at once; the next question is the assistant's", async () => {
    const { phone, id } = await memberInCommunity();
    await askForPerson(phone);
    expect(await say(pipeline, phone, 'bot')).toMatch(/back with the community assistant/);
    expect((await stateOf(id)).answeredBy).toBe('assistant');
    expect(await eventsOf(id)).toContainEqual(expect.objectContaining({ kind: 'resolved', actor: 'member' }));
    pipeline.llm.script({ content: 'Sure, here I am.' });
    expect(await say(pipeline, phone, 'are you there?')).toBe('Sure, here I am.');
  });

  it('hands back by itself after the timeout without a manager reply, and tells the member', async () => {
    const { phone, id } = await memberInCommunity();
    await askForPerson(phone);
    const before = repliesTo(phone).length;
    // Not yet: an hour later nothing happens.
    await handoff().handBackDue(new Date(Date.now() + 3_600_000));
    expect((await stateOf(id)).answeredBy).toBe('waiting');
    // Two instances looking at once: handed back (and told) once.
    const later = new Date(Date.now() + 25 * 3_600_000);
    await Promise.all([handoff().handBackDue(later), handoff().handBackDue(later)]);
    expect((await stateOf(id)).answeredBy).toBe('assistant');
    await pipeline.twilio.waitFor(() => repliesTo(phone).length > before);
    await settle(500);
    expect(repliesTo(phone).slice(before)).toEqual([
      expect.stringMatching(/No community manager could answer within 24 hours/),
    ]);
    expect(await eventsOf(id)).toContainEqual(expect.objectContaining({ kind: 'resolved', actor: 'system' }));
  });
});

describe('scope, window and privacy', () => {
  it("a manager limited to community A gets 403 on B's conversations and replies, and sees only A in the inbox", async () => {
    const a = await memberInCommunity();
    const b = await memberInCommunity();
    await askForPerson(a.phone);
    await askForPerson(b.phone);
    const email = `carla${Date.now()}@example.com`;
    const carla = adminApi(
      pipeline,
      await createAdmin(pipeline, {
        name: 'Carla',
        email,
        actions: [
          'plugin::whatsapp-agent.conversations.read',
          'plugin::whatsapp-agent.conversations.assign',
          'plugin::whatsapp-agent.conversations.reply',
        ],
      })
    );
    const carlaId = (await strapi().db.query('admin::user').findOne({ where: { email } })).id;
    const scopes = (await admin.get('/manager-scopes')).body.data;
    expect(
      (
        await admin.put('/manager-scopes', {
          data: [...scopes, { adminUserId: carlaId, communities: [a.community] }],
        })
      ).status
    ).toBe(200);

    expect((await carla.get(`/conversations/${b.documentId}`)).status).toBe(403);
    expect((await carla.get(`/channels/${b.documentId}/conversation`)).status).toBe(403);
    expect((await carla.post(`/conversations/${b.documentId}/reply`, { text: 'Hi' })).status).toBe(403);
    expect(
      (await carla.post(`/conversations/${b.documentId}/assign`, { expectedAssigneeId: null })).status
    ).toBe(403);
    expect((await carla.get(`/inbox?community=${b.community}`)).status).toBe(403);
    const inbox = (await carla.get('/inbox')).body.data as Array<{ documentId: string }>;
    expect(inbox.map((row) => row.documentId)).toContain(a.documentId);
    expect(inbox.map((row) => row.documentId)).not.toContain(b.documentId);
    expect(
      (await carla.post(`/conversations/${a.documentId}/reply`, { text: 'Carla here, how can I help?' }))
        .status
    ).toBe(200);
    await pipeline.twilio.waitFor(() => repliesTo(a.phone).some((body) => body.includes('Carla here')));
    expect(repliesTo(b.phone).some((body) => body.includes('Carla here'))).toBe(false);
  });

  it('without the reply permission a manager cannot reply; outside the 24-hour window the reply is refused with the reason', async () => {
    const { phone, id, documentId } = await memberInCommunity();
    await askForPerson(phone);
    const reader = adminApi(
      pipeline,
      await createAdmin(pipeline, {
        name: 'Dan',
        email: `dan${Date.now()}@example.com`,
        actions: ['plugin::whatsapp-agent.conversations.read'],
      })
    );
    expect((await reader.post(`/conversations/${documentId}/reply`, { text: 'Hi' })).status).toBe(403);

    // The member last wrote two days ago.
    await channels().update({
      where: { id },
      data: { lastInboundAt: new Date(Date.now() - 48 * 3_600_000) },
    });
    const view = (await admin.get(`/conversations/${documentId}`)).body.data;
    expect(view.window).toMatchObject({ open: false, templateSet: false });
    const refused = await admin.post(`/conversations/${documentId}/reply`, { text: 'Hello again' });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/Outside WhatsApp's 24-hour window.*re-engagement template/);
    const noTemplate = await admin.post(`/conversations/${documentId}/reply`, { reengage: true });
    expect(noTemplate.status).toBe(400);
    expect(noTemplate.body.error.message).toMatch(/no re-engagement template is set/);
    expect(await outbound().count({ where: { channelId: id, turnKey: { $startsWith: 'person:' } } })).toBe(0);
  });

  it("UNLINK erases the managers' replies and internal notes", async () => {
    const { phone, id, documentId } = await memberInCommunity();
    await askForPerson(phone);
    expect(
      (
        await admin.post(`/conversations/${documentId}/notes`, {
          text: 'Member sounded upset about the venue',
        })
      ).status
    ).toBe(200);
    expect(
      (await admin.post(`/conversations/${documentId}/reply`, { text: 'Sorry about the venue!' })).status
    ).toBe(200);
    await pipeline.twilio.waitFor(() =>
      repliesTo(phone).some((body) => body.includes('Sorry about the venue'))
    );
    // Notes are for the team: never sent.
    expect(repliesTo(phone).some((body) => body.includes('upset'))).toBe(false);

    expect(await say(pipeline, phone, 'UNLINK')).toMatch(/^Unlinked/);
    const rows = await eventsOf(id);
    expect(rows.find((row) => row.kind === 'note')).toMatchObject({
      body: null,
      redactedAt: expect.anything(),
    });
    const reply = await outbound().findOne({ where: { channelId: id, turnKey: { $startsWith: 'person:' } } });
    expect(reply.body).toBe('');
    expect((await stateOf(id)).answeredBy).toBe('assistant');
  });
});
