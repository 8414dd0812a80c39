import { newSid } from '../../simulator/twilio-emulator';
import { eventually, settle } from '../support/eventually';
import { expectLogged } from '../support/log-capture';
import { SERVICE_NUMBER, startPipeline, type Pipeline } from '../support/pipeline';

let pipeline: Pipeline;
let nextNumber = 4915100000100;
/** Every test writes from its own phone so conversations never mix. */
const newPhone = () => `+${(nextNumber += 1)}`;

const strapi = () => pipeline.playground.strapi;
const inbound = () => strapi().db.query('plugin::whatsapp-agent.inbound-message');
const outbound = () => strapi().db.query('plugin::whatsapp-agent.outbound-message');
const worker = () => strapi().plugin('whatsapp-agent').service('worker');
const send = (phone: string, body: string, extra: { messageSid?: string } = {}) =>
  pipeline.twilio.sendInbound({ from: `whatsapp:${phone}`, body, ...extra });
const repliesTo = (phone: string) => pipeline.twilio.sentTo(`whatsapp:${phone}`);

/** The pipeline's mechanics, without linking: every turn is echoed (conversation.test.ts covers the real handler). */
const echo = async ({ text }: { text: string }) => `Echo: ${text}`;

beforeAll(async () => {
  // A failing turn is given up after 2 quick attempts (the retry test below).
  pipeline = await startPipeline({
    env: { WHATSAPP_AGENT_MAX_ATTEMPTS: '2', WHATSAPP_AGENT_RETRY_BASE_MS: '100' },
  });
  worker().setHandler(echo);
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('webhook → inbox → queue → worker → outbox → Twilio', () => {
  it('answers a message with one echo reply from our number, shows typing, and records delivery', async () => {
    const phone = newPhone();
    const { messageSid, status } = await send(phone, 'Hi there');
    expect(status).toBe(200);

    const [reply] = await pipeline.twilio
      .waitFor(() => repliesTo(phone).length === 1)
      .then(() => repliesTo(phone));
    expect(reply).toMatchObject({ body: 'Echo: Hi there', from: `whatsapp:${SERVICE_NUMBER}` });
    expect(pipeline.twilio.typing).toContainEqual({ channel: 'whatsapp', messageId: messageSid });

    await eventually(async () => {
      expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({
        status: 'processed',
        attempts: 1,
      });
      expect(await outbound().findOne({ where: { providerSid: reply.sid } })).toMatchObject({
        status: 'delivered',
        part: 1,
        partCount: 1,
      });
    });
  });

  it('answers a replayed and a concurrently duplicated MessageSid once', async () => {
    const phone = newPhone();
    const messageSid = newSid('SM');
    await send(phone, 'Once', { messageSid });
    await send(phone, 'Once', { messageSid });
    await Promise.all([1, 2, 3].map(() => send(phone, 'Once', { messageSid })));

    await pipeline.twilio.waitFor(() => repliesTo(phone).length >= 1);
    await settle();
    expect(repliesTo(phone).map((message) => message.body)).toEqual(['Echo: Once']);
    expect(await inbound().count({ where: { messageSid } })).toBe(1);
  });

  it('answers a burst of three quick messages as one turn', async () => {
    const phone = newPhone();
    for (const body of ['hi', 'who works on climate tech', 'in Berlin?']) await send(phone, body);

    await pipeline.twilio.waitFor(() => repliesTo(phone).length >= 1);
    await settle();
    expect(repliesTo(phone).map((message) => message.body)).toEqual([
      'Echo: hi\nwho works on climate tech\nin Berlin?',
    ]);
    expect(await inbound().count({ where: { from: phone, status: 'processed' } })).toBe(3);
  });

  it('sends a 4000-character reply as 3 ordered parts of at most 1600 characters', async () => {
    const phone = newPhone();
    const words = Array.from({ length: 800 }, (_, i) => `w${i % 1000}`.padEnd(4, 'x')).join(' ');
    const text = words.slice(0, 4000).trim();
    await send(phone, text);

    await pipeline.twilio.waitFor(() => repliesTo(phone).length >= 3);
    await settle(500);
    const parts = repliesTo(phone);
    expect(parts).toHaveLength(3);
    for (const part of parts) expect(part.body.length).toBeLessThanOrEqual(1600);
    expect(parts.map((part) => part.body).join(' ')).toBe(`Echo: ${text}`);

    const stored = await outbound().findMany({ where: { to: phone }, orderBy: { part: 'asc' } });
    expect(stored.map((part: { providerSid: string }) => part.providerSid)).toEqual(
      parts.map((part) => part.sid)
    );
  });

  it('retries a Twilio 500 and delivers exactly once', async () => {
    const phone = newPhone();
    pipeline.twilio.failNextSends(1, 500);
    await send(phone, 'Flaky Twilio');

    await pipeline.twilio.waitFor(() => repliesTo(phone).length >= 1);
    await settle();
    expect(repliesTo(phone).map((message) => message.body)).toEqual(['Echo: Flaky Twilio']);
    const [part] = await outbound().findMany({ where: { to: phone } });
    expect(part).toMatchObject({
      status: expect.stringMatching(/queued|sent|delivered/),
      providerSid: repliesTo(phone)[0].sid,
    });
  });

  it('records a permanent Twilio refusal (63016) on the part and does not retry it', async () => {
    const phone = newPhone();
    pipeline.twilio.failNextSends(
      1,
      400,
      63016,
      'Failed to send freeform message because you are outside the allowed window.'
    );
    const { messageSid } = await send(phone, 'Too late');

    const part = await eventually(async () => {
      const [row] = await outbound().findMany({ where: { to: phone } });
      expect(row).toMatchObject({ status: 'failed', errorCode: 63016 });
      return row;
    });
    expect(part.errorMessage).toMatch(/outside the allowed window/);
    // The part fails before the turn ends: the message is marked processed a moment later.
    await eventually(async () =>
      expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({ status: 'processed' })
    );
    expect(repliesTo(phone)).toHaveLength(0);
  });

  it('retries a failing turn with backoff and leaves it visibly failed, then keeps serving the channel', async () => {
    const phone = newPhone();
    worker().setHandler(async () => {
      throw new Error('the handler broke');
    });
    try {
      const { messageSid } = await send(phone, 'This will fail');
      await eventually(async () => {
        expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({
          status: 'failed',
          attempts: 2,
          error: 'the handler broke',
        });
      });
      await expectLogged('error', /Turn of channel \d+ failed \(attempt \d\/2, [^)]*\): the handler broke/);
      expect(repliesTo(phone)).toHaveLength(0);
    } finally {
      worker().setHandler(echo);
    }

    await send(phone, 'And now?');
    await pipeline.twilio.waitFor(() => repliesTo(phone).length === 1);
    expect(repliesTo(phone)[0].body).toBe('Echo: And now?');
  });

  it('takes over a conversation whose worker died holding the lease', async () => {
    const phone = newPhone();
    const channel = await strapi()
      .db.query('plugin::whatsapp-agent.channel')
      .create({
        data: {
          kind: 'whatsapp',
          address: phone,
          status: 'unlinked',
          leaseOwner: 'crashed-host:1:abc',
          leaseExpiresAt: new Date(Date.now() - 1_000),
        },
      });
    const messageSid = newSid('SM');
    await inbound().create({
      data: {
        messageSid,
        channelId: channel.id,
        from: phone,
        to: `whatsapp:${SERVICE_NUMBER}`,
        body: 'Left behind',
        status: 'processing',
        attempts: 1,
        receivedAt: new Date(Date.now() - 5_000),
      },
    });

    // No wake-up: the periodic sweep finds it.
    await pipeline.twilio.waitFor(() => repliesTo(phone).length === 1);
    expect(repliesTo(phone)[0].body).toBe('Echo: Left behind');
    await eventually(async () =>
      expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({
        status: 'processed',
        attempts: 2,
      })
    );
  });
});
