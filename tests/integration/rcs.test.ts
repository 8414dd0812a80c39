import { DEMO_USERS } from '../../playground/src/seed/users';
import type { ChatRequest } from '../../simulator/scripted-llm';
import type { SentMessage } from '../../simulator/twilio-emulator';
import { eventually, settle } from '../support/eventually';
import { allowLogged, expectLogged } from '../support/log-capture';
import { login, registerMember, requestLinkCode } from '../support/members';
import { ACCOUNT_SID, AUTH_TOKEN, startPipeline, type Pipeline } from '../support/pipeline';

// RCS through Twilio: members write from their phone's messaging app to the community's RCS
// sender; answers go through the Messaging Service, over RCS where the device has it and as SMS
// from the service's number where it has not (the emulator decides per phone, as Twilio does).

const RCS = {
  messagingServiceSid: `MG${'4'.repeat(32)}`,
  senderId: 'community_agent',
  fallbackNumber: '+14155550199',
};
/** The ledger's default prices in micro-dollars (channels/twilio/settings.ts). */
const RCS_MESSAGE = 10_000;
const SMS_SEGMENT = 8_300;

const [ada] = DEMO_USERS;
let pipeline: Pipeline;
let nextNumber = 4917800000000;
/** A phone whose device has RCS (or not): the emulator is told so. */
const newPhone = (rcs: boolean) => {
  nextNumber += 1;
  const phone = `+${nextNumber}`;
  pipeline.twilio.rcs!.setCapable(phone, rcs);
  return phone;
};
const strapi = () => pipeline.playground.strapi;
const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
const outbound = () => strapi().db.query('plugin::whatsapp-agent.outbound-message');
const inbound = () => strapi().db.query('plugin::whatsapp-agent.inbound-message');
const ledger = () => strapi().db.query('plugin::whatsapp-agent.usage-record');

/** Sends an RCS message from `phone` and returns what it got back. */
const sayOverRcs = async (phone: string, text: string): Promise<SentMessage[]> => {
  const sent = () => pipeline.twilio.sentTo(phone);
  const before = sent().length;
  const { status } = await pipeline.twilio.sendInbound({ from: `rcs:${phone}`, body: text });
  expect(status).toBe(200);
  await pipeline.twilio.waitFor(() => sent().length > before);
  await settle(300);
  return sent().slice(before);
};

const linkOverRcs = async (phone: string, email: string, password?: string) => {
  const { jwt } = await login(pipeline, email, password);
  const { code } = await requestLinkCode(pipeline, jwt);
  const [reply] = await sayOverRcs(phone, code);
  expect(reply.body).toMatch(/^Linked to/);
  return reply;
};

const linkedMember = async (phone: string) => {
  const member = await registerMember(pipeline);
  return linkOverRcs(phone, member.email, member.password);
};

/** The part a reply went out as, once Twilio's status callbacks have told how it was delivered. */
const deliveredPart = (reply: SentMessage) =>
  eventually(async () => {
    const part = await outbound().findOne({ where: { providerSid: reply.sid } });
    expect(part).toMatchObject({ status: 'delivered', deliveredAs: expect.any(String) });
    return part as { id: number; body: string; deliveredAs: string };
  });

const rowsOfPart = async (partId: number) =>
  (await ledger().findMany({
    where: { sourceKey: { $in: [`out:${partId}`, `fallback:${partId}`] } },
    orderBy: { id: 'asc' },
  })) as Array<{ kind: string; sourceKey: string; twilioMicros: number; community: string }>;

beforeAll(async () => {
  pipeline = await startPipeline({
    rcs: RCS,
    env: {
      WHATSAPP_AGENT_BURST_WINDOW_MS: '0',
      TWILIO_RCS_MESSAGING_SERVICE_SID: RCS.messagingServiceSid,
      TWILIO_RCS_SENDER_ID: RCS.senderId,
    },
  });
});

beforeEach(() => pipeline.llm.reset());

afterAll(async () => {
  await pipeline?.stop();
});

it('links a member who writes over RCS and answers over RCS, billed as RCS', async () => {
  const phone = newPhone(true);
  const linked = await linkedMember(phone);
  // Through the Messaging Service, delivered over RCS from the RCS sender.
  expect(linked).toMatchObject({
    from: `rcs:${RCS.senderId}`,
    to: `rcs:${phone}`,
    messagingServiceSid: RCS.messagingServiceSid,
    deliveredOver: 'rcs',
  });
  // The member's RCS conversation is a channel of its own kind, keyed by the plain number.
  expect(await channels().findOne({ where: { kind: 'rcs', address: phone } })).toMatchObject({
    status: 'linked',
  });

  pipeline.llm.script({ content: 'Three events this week: a meetup, a workshop and a picnic.' });
  const [answer] = await sayOverRcs(phone, 'What is on this week?');
  expect(answer).toMatchObject({
    body: 'Three events this week: a meetup, a workshop and a picnic.',
    to: `rcs:${phone}`,
    deliveredOver: 'rcs',
  });
  // The model saw the member's question as it was typed.
  expect((pipeline.llm.requests.at(-1) as ChatRequest).messages.at(-1)?.content).toContain(
    'What is on this week?'
  );

  const part = await deliveredPart(answer);
  expect(part.deliveredAs).toBe('rcs');
  await eventually(async () => {
    expect(await rowsOfPart(part.id)).toEqual([
      expect.objectContaining({ kind: 'outbound', twilioMicros: RCS_MESSAGE }),
    ]);
  });
  const question = await inbound().findOne({ where: { from: phone }, orderBy: { id: 'desc' } });
  expect(await ledger().findOne({ where: { sourceKey: `in:${question.messageSid}` } })).toMatchObject({
    kind: 'inbound',
    twilioMicros: RCS_MESSAGE,
  });
});

it('answers a device without RCS by SMS from the Messaging Service, and bills that SMS', async () => {
  const phone = newPhone(true);
  await linkedMember(phone);
  // The member's phone no longer takes RCS (a new phone, RCS switched off): Twilio falls back.
  pipeline.twilio.rcs!.setCapable(phone, false);

  pipeline.llm.script({ content: 'The picnic is on Saturday at noon.' });
  const [answer] = await sayOverRcs(phone, 'When is the picnic?');
  expect(answer).toMatchObject({
    body: 'The picnic is on Saturday at noon.',
    from: RCS.fallbackNumber,
    to: phone,
    deliveredOver: 'sms',
  });

  const part = await deliveredPart(answer);
  expect(part.deliveredAs).toBe('sms');
  // Billed as RCS when it went out, then what the SMS cost beyond that: together, one SMS segment.
  const rows = await eventually(async () => {
    const found = await rowsOfPart(part.id);
    expect(found.map((row) => row.kind).sort()).toEqual(['fallback', 'outbound']);
    return found;
  });
  expect(rows.reduce((sum, row) => sum + Number(row.twilioMicros), 0)).toBe(SMS_SEGMENT);
  expect(new Set(rows.map((row) => row.community)).size).toBe(1);

  // Later callbacks for the same message change nothing: the fallback is counted once.
  await settle(300);
  expect(await rowsOfPart(part.id)).toHaveLength(2);

  // The member answers the SMS: the same conversation, answered through the service again.
  pipeline.llm.script({ content: 'Bring a blanket.' });
  const before = pipeline.twilio.sentTo(phone).length;
  const { status } = await pipeline.twilio.sendInbound({
    from: phone,
    to: RCS.fallbackNumber,
    body: 'What should I bring?',
  });
  expect(status).toBe(200);
  await pipeline.twilio.waitFor(() => pipeline.twilio.sentTo(phone).length > before);
  expect(pipeline.twilio.sentTo(phone)[before]).toMatchObject({
    body: 'Bring a blanket.',
    from: RCS.fallbackNumber,
    deliveredOver: 'sms',
  });
  expect(await channels().count({ where: { address: phone } })).toBe(1);
});

it('offers quick replies on RCS as Content API chips, and a tap confirms', async () => {
  const phone = newPhone(true);
  await linkOverRcs(phone, ada.email);
  const [event] = (await strapi()
    .documents('api::event.event')
    .findMany({
      filters: { startsAt: { $gt: new Date().toISOString() }, community: { slug: ada.community } },
      sort: ['startsAt:asc'],
      status: 'published',
    })) as unknown as Array<{ documentId: string; title: string }>;
  pipeline.llm.script(
    { toolCalls: [{ name: 'rsvp_event', arguments: { documentId: event.documentId, status: 'going' } }] },
    { content: 'Proposed.' }
  );

  const [question] = await sayOverRcs(phone, `Book me into ${event.title}`);
  expect(question).toMatchObject({
    to: `rcs:${phone}`,
    contentSid: expect.stringMatching(/^HX/),
    buttons: [
      { id: expect.stringMatching(/^confirm:yes:\d+$/), title: 'Yes' },
      { id: expect.stringMatching(/^confirm:no:\d+$/), title: 'No' },
    ],
  });
  expect(question.body).toMatch(/Reply YES to confirm or NO to cancel\.$/);
  // The content resource: a card with quick-reply actions for RCS, and the text for an SMS fallback.
  const content = await fetch(`${pipeline.twilio.url}/v1/Content/${question.contentSid}`, {
    headers: { Authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}` },
  }).then((response) => response.json() as Promise<{ types: Record<string, unknown> }>);
  expect(content.types).toEqual({
    'twilio/card': {
      title: '{{1}}',
      actions: [
        { type: 'QUICK_REPLY', id: '{{2}}', title: 'Yes' },
        { type: 'QUICK_REPLY', id: '{{3}}', title: 'No' },
      ],
    },
    'twilio/text': { body: '{{1}}' },
  });

  const sent = () => pipeline.twilio.sentTo(phone);
  const before = sent().length;
  expect((await pipeline.twilio.tap(question, 'Yes')).status).toBe(200);
  await pipeline.twilio.waitFor(() => sent().length > before);
  expect(sent()[before].body).toMatch(/^Done: RSVP \*going\*/);
});

it('offers the events a reply names as chips; a tap reaches the model as the pick of that event', async () => {
  const phone = newPhone(true);
  await linkOverRcs(phone, ada.email);
  let named: Array<{ documentId: string; title: string }> = [];
  pipeline.llm.script(
    { toolCalls: [{ name: 'search_events', arguments: { from: new Date().toISOString() } }] },
    (request: ChatRequest) => {
      const { events } = JSON.parse(request.messages.at(-1)?.content ?? '{}') as { events: typeof named };
      named = events.slice(0, 3);
      return { content: `Coming up: ${named.map((event) => event.title).join(', ')}.` };
    }
  );
  const [reply] = await sayOverRcs(phone, 'What is coming up?');
  expect(named.length).toBeGreaterThanOrEqual(2);
  expect(reply.body).toMatch(/^Coming up: /);
  expect(reply.buttons).toEqual(
    named.map((event) => ({ id: `list:events:${event.documentId}`, title: expect.any(String) }))
  );

  pipeline.llm.script({ content: 'Good choice.' });
  const sent = () => pipeline.twilio.sentTo(phone);
  const before = sent().length;
  await pipeline.twilio.tap(reply, reply.buttons![1].title);
  await pipeline.twilio.waitFor(() => sent().length > before);
  expect(pipeline.llm.requests.at(-1)?.messages.at(-1)).toMatchObject({
    role: 'user',
    content: `I pick "${reply.buttons![1].title}" (events documentId ${named[1].documentId})`,
  });
});

it('refuses an RCS message to another RCS sender and stores nothing', async () => {
  allowLogged('error', /not this plugin's RCS sender/);
  const phone = newPhone(true);
  const { status, messageSid } = await pipeline.twilio.sendInbound({
    from: `rcs:${phone}`,
    to: 'rcs:another_agent',
    body: 'Hello?',
    extra: { MessagingServiceSid: `MG${'5'.repeat(32)}` },
  });
  expect(status).toBe(403);
  await expectLogged('warn', /Rejected a message to rcs:another_agent/);
  expect(await inbound().findOne({ where: { messageSid } })).toBeNull();
  expect(await channels().findOne({ where: { address: phone } })).toBeNull();
});
