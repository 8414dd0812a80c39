import { createMetaProvider, type MetaProvider } from '../../server/src/channels/meta';
import { metaMediaUrl } from '../../server/src/channels/meta/inbound';
import { createMetaEmulator, type MetaEmulator } from '../../simulator/meta-emulator';
import { loadMetaDescription } from './support/meta-description';
import { expectConforming as expectConformingTo, formatViolations, type Exchange } from './support/openapi';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy';
import { startWebhookSink, type WebhookSink } from './support/webhook-sink';

/**
 * The plugin's real Meta provider (its Graph API client) talks to the Meta emulator through a
 * recording proxy: every request it sent and every answer the emulator gave must be what Meta's own
 * OpenAPI description (business-messaging-api_v23.0.yaml) allows, and so must every webhook body
 * the emulator posts — messages of each kind and delivery statuses.
 */

const PHONE_NUMBER_ID = '106540352242922';
const BUSINESS_ACCOUNT_ID = '419561257915477';
const ACCESS_TOKEN = 'EAAcontracttoken0123456789';
const APP_SECRET = 'contract-app-secret';
const MEMBER = '+4915112345678';

// Parsing Meta's 1 MB description takes seconds on a loaded machine: once per file.
const description = loadMetaDescription();

let proxy: RecordingProxy;
let emulator: MetaEmulator;
let provider: MetaProvider;
// The plugin's webhook stand-in: it keeps every body the emulator posts, for the checks below.
let sink: WebhookSink;
const webhooksSince = (start: number) => sink.bodies.slice(start).map((body) => JSON.parse(body) as unknown);

const expectConforming = (exchanges: Exchange[]) => expectConformingTo(description, exchanges);
const since = (start: number) => proxy.exchanges.slice(start);

beforeAll(async () => {
  sink = await startWebhookSink();
  proxy = await startRecordingProxy();
  emulator = await createMetaEmulator({
    phoneNumberId: PHONE_NUMBER_ID,
    businessAccountId: BUSINESS_ACCOUNT_ID,
    displayPhoneNumber: '+15550783881',
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
  }).start();
  emulator.setWebhookUrl(sink.url);
  proxy.forwardTo(emulator.url);
  provider = createMetaProvider({
    phoneNumberId: PHONE_NUMBER_ID,
    businessAccountId: BUSINESS_ACCOUNT_ID,
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    apiUrl: proxy.url,
  });
});

afterAll(async () => {
  await emulator?.stop();
  await proxy?.stop();
  await sink?.stop();
});

describe("the Meta emulator against Meta's OpenAPI description", () => {
  it('posts members’ messages of every kind the plugin handles as described webhooks', async () => {
    const start = sink.bodies.length;
    await emulator.sendInbound({ from: MEMBER, body: 'hello', profileName: 'Ada' });
    await emulator.sendInbound({
      from: MEMBER,
      media: { contentType: 'audio/ogg; codecs=opus', data: Buffer.from('OggS voice') },
    });
    await emulator.sendInbound({
      from: MEMBER,
      body: 'our stand',
      media: { contentType: 'image/jpeg', data: Buffer.from('jpeg') },
    });
    await emulator.sendInbound({
      from: MEMBER,
      location: { latitude: 52.52, longitude: 13.405, name: 'Venue', address: 'Berlin' },
    });

    const posted = webhooksSince(start);
    expect(posted).toHaveLength(4);
    expect(formatViolations(posted.flatMap((payload) => description.checkWebhook(payload)))).toBe('');
  });

  it('sends text, reply buttons, a list, a template and a read receipt as described (/messages)', async () => {
    const start = proxy.exchanges.length;
    const whatsapp = provider.adapter('whatsapp')!;
    await whatsapp.send({ to: MEMBER, body: 'Here are three events.' });
    await whatsapp.send({
      to: MEMBER,
      body: 'Book the climate meetup?',
      buttons: [
        { id: 'yes', title: 'Yes' },
        { id: 'no', title: 'No' },
      ],
    });
    await whatsapp.send({
      to: MEMBER,
      body: 'Which one?',
      list: {
        button: 'Events',
        items: [
          { id: 'event-1', title: 'Climate meetup', description: 'Tue 3 Dec' },
          { id: 'event-2', title: 'Repair café', description: 'Sat 7 Dec' },
        ],
      },
    });
    await whatsapp.send({
      to: MEMBER,
      body: '',
      template: { reference: 'event_reminder:en', variables: { 1: 'Ada', 2: 'Meetup', 3: 'today' } },
    });
    await whatsapp.showTyping(emulator.sent[0].id);
    await emulator.idle();

    expectConforming(since(start));
    expect(since(start).map(({ method, url }) => `${method} ${url}`)).toEqual(
      Array(5).fill(`POST /v23.0/${PHONE_NUMBER_ID}/messages`)
    );
  });

  it('posts delivery statuses, and a failure outside the 24-hour window, as described webhooks', async () => {
    const start = sink.bodies.length;
    const whatsapp = provider.adapter('whatsapp')!;
    await whatsapp.send({ to: MEMBER, body: 'Delivered.' });
    emulator.advanceClock(25 * 60 * 60 * 1000);
    await whatsapp.send({ to: MEMBER, body: 'Too late.' });
    await emulator.idle();

    const posted = webhooksSince(start);
    expect(JSON.stringify(posted)).toMatch(/"status":"delivered"[\s\S]*"code":131047/);
    expect(formatViolations(posted.flatMap((payload) => description.checkWebhook(payload)))).toBe('');
  });

  it('answers the member’s taps and picks as described webhooks', async () => {
    // The member writes again: the window is open for the buttons and the list.
    await emulator.sendInbound({ from: MEMBER, body: 'back' });
    const whatsapp = provider.adapter('whatsapp')!;
    await whatsapp.send({
      to: MEMBER,
      body: 'Book it?',
      buttons: [
        { id: 'confirm:yes:1', title: 'Yes' },
        { id: 'confirm:no:1', title: 'No' },
      ],
    });
    const buttons = emulator.sent.at(-1)!;
    await whatsapp.send({
      to: MEMBER,
      body: 'Which one?',
      list: { button: 'Events', items: [{ id: 'events:abc', title: 'Climate meetup', description: 'Tue' }] },
    });
    const list = emulator.sent.at(-1)!;
    await emulator.idle();
    const start = sink.bodies.length;
    await emulator.tap(buttons, 'Yes');
    await emulator.pick(list, 'Climate meetup');

    const posted = webhooksSince(start);
    expect(posted).toHaveLength(2);
    expect(formatViolations(posted.flatMap((payload) => description.checkWebhook(payload)))).toBe('');
  });

  it("answers the admin panel's Test connection and template Check, and a media download, as described", async () => {
    const start = proxy.exchanges.length;
    await provider.checkNumber();
    await provider.checkTemplate('weekly_digest:en');
    // A member's voice note, as the emulator keeps it for its webhook.
    const mediaId = emulator.storeMedia({ contentType: 'audio/ogg', data: Buffer.from('OggS voice') });
    const media = await provider.media.download(metaMediaUrl(mediaId), {
      maxBytes: 1_000_000,
      timeoutMs: 5_000,
      allowedTypes: ['audio/ogg'],
    });

    expect(media.data.toString()).toBe('OggS voice');
    expectConforming(since(start));
  });

  it("answers failures with the Graph API's error body", async () => {
    const start = proxy.exchanges.length;
    emulator.failNextSends(1, 429, 130429, 'Rate limit hit');
    await expect(provider.adapter('whatsapp')!.send({ to: MEMBER, body: 'Later' })).rejects.toThrow();
    await expect(
      createMetaProvider({
        phoneNumberId: PHONE_NUMBER_ID,
        accessToken: 'wrong',
        apiUrl: proxy.url,
      }).checkNumber()
    ).resolves.toMatchObject({ ok: false });

    expect(since(start).map(({ status }) => status)).toEqual([429, 401]);
    expectConforming(since(start));
  });
});

describe('the Meta contract check itself', () => {
  const exchange = (body: unknown): Exchange => ({
    method: 'POST',
    url: `/v23.0/${PHONE_NUMBER_ID}/messages`,
    requestType: 'application/json',
    requestBody: JSON.stringify(body),
    status: 200,
    responseType: 'application/json',
    responseBody: JSON.stringify({ messaging_product: 'whatsapp', messages: [{ id: 'wamid.x' }] }),
  });

  it('refuses a message with a property Meta does not describe, or a wrong interactive type', () => {
    const text = { messaging_product: 'whatsapp', to: '4915112345678', type: 'text', text: { body: 'Hi' } };
    expect(description.check(exchange(text))).toEqual([]);
    expect(formatViolations(description.check(exchange({ ...text, buttons: [] })))).not.toBe('');
    expect(
      formatViolations(
        description.check(
          exchange({
            ...text,
            type: 'interactive',
            text: undefined,
            interactive: { type: 'carousel', action: {} },
          })
        )
      )
    ).not.toBe('');
  });

  it('refuses a webhook without its metadata or with a status Meta does not send', () => {
    const payload = emulator.inboundPayload({ from: MEMBER, body: 'hi', messageId: 'wamid.y' }) as {
      entry: Array<{ changes: Array<{ value: Record<string, unknown> }> }>;
    };
    expect(description.checkWebhook(payload)).toEqual([]);
    const value = payload.entry[0].changes[0].value;
    delete value.metadata;
    expect(formatViolations(description.checkWebhook(payload))).not.toBe('');
    expect(
      formatViolations(
        description.checkWebhook({
          object: 'whatsapp_business_account',
          entry: [
            {
              id: BUSINESS_ACCOUNT_ID,
              changes: [
                {
                  field: 'messages',
                  value: {
                    messaging_product: 'whatsapp',
                    metadata: { display_phone_number: '15550783881', phone_number_id: PHONE_NUMBER_ID },
                    statuses: [{ id: 'wamid.z', status: 'teleported', timestamp: '1', recipient_id: '1' }],
                  },
                },
              ],
            },
          ],
        })
      )
    ).toMatch(/status/);
  });
});
