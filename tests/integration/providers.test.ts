import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { DEMO_PASSWORD, DEMO_USERS } from '../../playground/src/seed/users';
import type { ChatRequest } from '../../simulator/scripted-llm';
import { eventually, settle } from '../support/eventually';
import { allowLogged } from '../support/log-capture';
import { startProvider, type ProviderHarness, type Received } from '../support/providers';
import { turnsEnded } from '../support/turns';

// One conversation, through each provider: Twilio (form webhooks signed with the Auth Token,
// Content API buttons) and Meta's Cloud API (JSON webhooks signed over their raw bytes, native
// buttons and lists). The plugin's stages past the webhook are the same code for both; this
// file proves each provider's folder hands them the same messages and carries the same replies.

const HOURS = 60 * 60 * 1000;
const [ada] = DEMO_USERS;
const voiceNote = fs.readFileSync(path.join(__dirname, '../../simulator/samples/who-should-i-meet.ogg'));

// Strapi logs each refused request (403) at error level: what the signature tests send on purpose.
allowLogged('error', /Invalid (Twilio|Cloud API) signature|Wrong verify token/);

describe.each(['twilio', 'meta'] as const)('a conversation through %s', (name) => {
  let provider: ProviderHarness;
  let phone: string;
  let nextNumber = name === 'meta' ? 4917800000100 : 4917800000500;
  const newPhone = () => `+${(nextNumber += 1)}`;
  const strapi = () => provider.playground().strapi;
  const inbound = () => strapi().db.query('plugin::whatsapp-agent.inbound-message');
  const outbound = () => strapi().db.query('plugin::whatsapp-agent.outbound-message');
  const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
  const request = () => provider.playground().request();

  /**
   * What `phone` received in answer to the message `act` sends, once that turn has ended (the inbox
   * keeps the provider's message id): what the turn stored can be read at once.
   */
  const repliesAfter = async (act: () => Promise<{ status: number; messageId: string }>, to = phone) => {
    const before = provider.received(to).length;
    const { status, messageId } = await act();
    expect(status).toBe(200);
    await turnsEnded(strapi(), [messageId]);
    const replies = provider.received(to).slice(before);
    expect(replies.length).toBeGreaterThan(0);
    return replies;
  };
  const say = async (text: string, to = phone) =>
    (await repliesAfter(() => provider.send(to, text), to)).map((message) => message.body).join('\n');
  const last = (): Received => provider.received(phone).at(-1)!;

  const upcomingEvents = async () =>
    (await strapi()
      .documents('api::event.event')
      .findMany({
        filters: { startsAt: { $gt: new Date().toISOString() }, community: { slug: ada.community } },
        sort: ['startsAt:asc'],
        status: 'published',
      })) as unknown as Array<{ documentId: string; title: string }>;

  beforeAll(async () => {
    provider = await startProvider(name);
  });

  beforeEach(() => provider.llm.reset());

  afterAll(async () => {
    await provider?.stop();
  });

  it('links a member with the phrase from the website', async () => {
    const login = await request()
      .post('/api/auth/local')
      .send({ identifier: ada.email, password: DEMO_PASSWORD });
    const code = await request()
      .post('/api/whatsapp-agent/link-codes')
      .set('Authorization', `Bearer ${login.body.jwt}`);
    expect(code.status).toBe(201);
    phone = newPhone();
    expect(await say(code.body.code, phone)).toMatch(/^Linked to /);
    expect(await channels().findOne({ where: { address: phone } })).toMatchObject({ kind: 'whatsapp' });
  });

  it('answers a question, shows typing, and records the delivery the provider reports', async () => {
    provider.llm.script({ content: 'The climate meetup is on Thursday.' });
    let messageId = '';
    const replies = await repliesAfter(async () => {
      const sent = await provider.send(phone, 'Anything this week?');
      messageId = sent.messageId;
      return sent;
    });
    expect(replies.map((reply) => reply.body)).toEqual(['The climate meetup is on Thursday.']);
    expect(provider.typing()).toContain(messageId);
    // Billed as the provider bills: Twilio's fee on each message, nothing on top of Meta's prices.
    const usage = await strapi()
      .db.query('plugin::whatsapp-agent.usage-record')
      .findOne({ where: { sourceKey: `in:${messageId}` } });
    expect(Number(usage?.twilioMicros)).toBe(provider.bspFeeMicros);
    // The provider's status callbacks (sent, delivered) reach the stored part.
    await eventually(async () =>
      expect(await outbound().findOne({ where: { providerSid: replies[0].id } })).toMatchObject({
        status: 'delivered',
      })
    );
  });

  it('asks before an RSVP with buttons; a tap on Yes books the member', async () => {
    const [event] = await upcomingEvents();
    provider.llm.script(
      { toolCalls: [{ name: 'rsvp_event', arguments: { documentId: event.documentId, status: 'going' } }] },
      {
        content: 'Shall I?',
      }
    );
    const asked = await say(`Book me into ${event.title}`);
    expect(asked).toContain(`RSVP *going* to *${event.title}*`);
    expect(last().buttons).toEqual([
      { id: expect.stringMatching(/^confirm:yes:\d+$/), title: 'Yes' },
      { id: expect.stringMatching(/^confirm:no:\d+$/), title: 'No' },
    ]);
    const done = await repliesAfter(() => provider.tap(last(), 'Yes'));
    expect(done[0].body).toMatch(new RegExp(`^Done: RSVP \\*going\\* to \\*${event.title}\\*`));
    const user = await strapi()
      .db.query('plugin::users-permissions.user')
      .findOne({ where: { email: ada.email } });
    expect(
      await strapi()
        .db.query('api::attendance.attendance')
        .findOne({ where: { user: { id: user.id }, event: { documentId: event.documentId } } })
    ).toMatchObject({ status: 'going' });
  });

  it('offers the events it names as a list; a pick reaches the model with the documentId', async () => {
    let named: Array<{ documentId: string; title: string }> = [];
    provider.llm.script(
      { toolCalls: [{ name: 'search_events', arguments: { from: new Date().toISOString() } }] },
      (chat: ChatRequest) => {
        named = (JSON.parse(chat.messages.at(-1)?.content ?? '{}') as { events: typeof named }).events.slice(
          0,
          3
        );
        return { content: `Coming up: ${named.map((event) => event.title).join(', ')}.` };
      }
    );
    await say('What is coming up?');
    expect(named.length).toBeGreaterThanOrEqual(2);
    const list = last().list;
    expect(list?.items.map((item) => item.id)).toEqual(named.map((event) => `events:${event.documentId}`));

    provider.llm.script({ content: 'Good choice.' });
    await repliesAfter(() => provider.pick(last(), list!.items[1].title));
    expect(provider.llm.requests.at(-1)?.messages.at(-1)).toMatchObject({
      role: 'user',
      content: `I pick "${list!.items[1].title}" (events documentId ${named[1].documentId})`,
    });
  });

  it('hears a voice note: downloaded from the provider, transcribed, answered', async () => {
    provider.llm.script({ content: 'Meet Ben.' });
    const replies = await repliesAfter(() => provider.sendVoiceNote(phone, voiceNote));
    expect(replies.map((reply) => reply.body)).toEqual(['Meet Ben.']);
    expect(provider.llm.requests.at(-1)?.messages.at(-1)?.content).toMatch(/^\[voice note\] /);
  });

  it("remembers the provider's own window-closed error until the member writes again", async () => {
    provider.llm.script(async () => {
      provider.advanceClock(25 * HOURS);
      return { content: 'Here is the answer, a day late.' };
    });
    const { messageId } = await provider.send(phone, 'Who is new?');
    await eventually(async () =>
      expect(await outbound().findOne({ where: { turnKey: messageId } })).toMatchObject({
        status: 'failed',
        errorCode: provider.windowClosedCode,
      })
    );
    await eventually(async () =>
      expect((await channels().findOne({ where: { address: phone } })).windowClosedAt).not.toBeNull()
    );
  });

  it('sends the re-engagement template when the window closed during an outage', async () => {
    const token = (await request().post('/admin/login').send(DEMO_ADMIN)).body.data.token as string;
    const reengagement = {
      contentSid: provider.reengagementTemplate,
      category: 'utility',
      variables: { 1: 'memberName', 2: 'communityName' },
    };
    const saved = await request()
      .put('/whatsapp-agent/settings')
      .set('Authorization', `Bearer ${token}`)
      .send({ templates: { reengagement } });
    expect(saved.status).toBe(200);

    const channel = await channels().findOne({ where: { address: phone } });
    // Stored by an instance that only acknowledges, then dated back past the window.
    await provider.restart({ WHATSAPP_AGENT_ROLE: 'web' });
    const { messageId } = await provider.send(phone, 'Anything new?');
    await inbound().updateMany({
      where: { messageSid: messageId },
      data: { receivedAt: new Date(Date.now() - 25 * HOURS) },
    });
    await channels().updateMany({
      where: { id: channel.id },
      data: { lastInboundAt: new Date(Date.now() - 26 * HOURS), windowClosedAt: null },
    });
    provider.llm.script({ content: 'The climate meetup is on Thursday.' });
    await provider.restart();
    await turnsEnded(strapi(), [messageId]);

    expect(last()).toMatchObject({ template: provider.reengagementTemplate });
    expect(last().body).toMatch(/^Hi .+, your answer from .+ is ready\./);
    expect(await outbound().findOne({ where: { turnKey: messageId } })).toMatchObject({
      body: 'The climate meetup is on Thursday.',
      template: { purpose: 'reengagement', reference: provider.reengagementTemplate },
    });
  });

  it('stores and answers a message delivered twice once', async () => {
    const other = newPhone();
    const { statuses, messageId } = await provider.sendTwice(other, 'Hello twice');
    expect(statuses).toEqual([200, 200]);
    await provider.waitFor(() => provider.received(other).length >= 1);
    await settle();
    expect(provider.received(other)).toHaveLength(1);
    expect(await inbound().count({ where: { messageSid: messageId } })).toBe(1);
  });

  it('refuses a request with a bad signature (403) and stores nothing', async () => {
    const { status, messageId } = await provider.sendForged(newPhone(), 'Forged');
    expect(status).toBe(403);
    expect(await inbound().count({ where: { messageSid: messageId } })).toBe(0);
  });

  it('refuses a subscription handshake with a wrong verify token and never echoes the challenge', async () => {
    // Meta's handshake answers 403; Twilio has none (its webhook URL is set in its console): 404.
    const { status, body } = await provider.handshakeWithWrongToken();
    expect(status).toBe(provider.handshakeRefusal);
    expect(body).not.toContain('12345');
  });
});
