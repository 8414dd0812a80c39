import { createTwilioProvider, type TwilioProvider } from '../../server/src/channels/twilio';
import { EMULATOR_TEMPLATES } from '../../simulator/emulator-templates';
import { createTwilioEmulator, type TwilioEmulator } from '../../simulator/twilio-emulator';
import { expectConforming as expectConformingTo, formatViolations, type Exchange } from './support/openapi';
import { startRecordingProxy, type RecordingProxy } from './support/recording-proxy';
import { loadTwilioDescription } from './support/twilio-description';
import { startWebhookSink, type WebhookSink } from './support/webhook-sink';

/**
 * The plugin's real Twilio provider (twilio-node client included) talks to the Twilio emulator
 * through a recording proxy; every request it sent and every answer the emulator gave must be what
 * Twilio's own OpenAPI description allows. The conversation-level check, with Strapi running, is
 * tests/integration/contract-twilio.test.ts.
 */

const ACCOUNT_SID = `AC${'2'.repeat(32)}`;
const AUTH_TOKEN = 'contract-auth-token-0123456789abcdef';
const SENDER = '+14155238886';
const MEMBER = '+4915112345678';
const RCS = {
  messagingServiceSid: `MG${'3'.repeat(32)}`,
  senderId: 'contract_agent',
  fallbackNumber: '+14155550100',
};

const description = loadTwilioDescription();

let proxy: RecordingProxy;
let emulator: TwilioEmulator;
let provider: TwilioProvider;
// The emulator posts inbound messages and status callbacks here; this test only needs them accepted.
let sink: WebhookSink;

const exchangesSince = (start: number) => proxy.exchanges.slice(start);
const expectConforming = (exchanges: Exchange[]) => expectConformingTo(description, exchanges);

beforeAll(async () => {
  sink = await startWebhookSink();
  proxy = await startRecordingProxy();
  emulator = await createTwilioEmulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    serviceNumber: `whatsapp:${SENDER}`,
    webhookUrl: sink.url,
    rcs: RCS,
  }).start();
  proxy.forwardTo(emulator.url);
  provider = createTwilioProvider({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    apiUrl: proxy.url,
    whatsappNumber: SENDER,
    smsNumber: SENDER,
    rcsMessagingServiceSid: RCS.messagingServiceSid,
    rcsSenderId: RCS.senderId,
  });
  // The member wrote first: the 24-hour window is open for free-form answers.
  await emulator.sendInbound({ from: `whatsapp:${MEMBER}`, body: 'hello' });
});

afterAll(async () => {
  await emulator?.stop();
  await proxy?.stop();
  await sink?.stop();
});

describe("the Twilio emulator against Twilio's OpenAPI description", () => {
  it('sends text, buttons, a list and a template as described (Messages, Content API)', async () => {
    const start = proxy.exchanges.length;
    const whatsapp = provider.adapter('whatsapp');
    const statusCallback = 'https://community.example/api/whatsapp-agent/webhooks/twilio/token/status';
    await whatsapp.send({ to: MEMBER, body: 'Here are three events.', statusCallback });
    await whatsapp.send({
      to: MEMBER,
      body: 'Book the climate meetup?',
      buttons: [
        { id: 'yes', title: 'Yes' },
        { id: 'no', title: 'No' },
      ],
      statusCallback,
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
      statusCallback,
    });
    await whatsapp.send({
      to: MEMBER,
      body: '',
      template: {
        reference: EMULATOR_TEMPLATES.eventReminder,
        variables: { 1: 'Ada', 2: 'Meetup', 3: 'today' },
      },
      statusCallback,
    });
    await provider.adapter('sms').send({ to: MEMBER, body: 'By SMS', statusCallback });
    await whatsapp.showTyping?.(emulator.sent[0].sid);

    const exchanges = exchangesSince(start);
    const operations = new Set(exchanges.map(({ method, url }) => `${method} ${url.split('?')[0]}`));
    expect([...operations].sort()).toEqual(
      [
        `GET /v1/Content`,
        `POST /2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
        'POST /v1/Content',
        'POST /v2/Indicators/Typing.json',
      ].sort()
    );
    expectConforming(exchanges);
  });

  it('sends RCS through the Messaging Service, text and chips, as described (and falls back to SMS)', async () => {
    const start = proxy.exchanges.length;
    const rcs = provider.adapter('rcs');
    const capable = '+4915112345670';
    const withoutRcs = '+4915112345671';
    emulator.rcs!.setCapable(capable, true);
    emulator.rcs!.setCapable(withoutRcs, false);
    const buttons = [
      { id: 'confirm:yes:7', title: 'Yes' },
      { id: 'confirm:no:7', title: 'No' },
    ];
    await rcs.send({ to: capable, body: 'Over RCS' });
    await rcs.send({ to: capable, body: 'Book the climate meetup?', buttons });
    await rcs.send({ to: withoutRcs, body: 'Book the repair café?', buttons });

    const exchanges = exchangesSince(start);
    expect(exchanges.map(({ status }) => status)).toEqual(expect.arrayContaining([201]));
    expectConforming(exchanges);
    expect(
      emulator.sent.slice(-3).map(({ from, to, body, buttons }) => ({ from, to, body, buttons }))
    ).toEqual([
      { from: `rcs:${RCS.senderId}`, to: `rcs:${capable}`, body: 'Over RCS', buttons: undefined },
      { from: `rcs:${RCS.senderId}`, to: `rcs:${capable}`, body: 'Book the climate meetup?', buttons },
      // The SMS fallback carries the content's text, without chips.
      { from: RCS.fallbackNumber, to: withoutRcs, body: 'Book the repair café?', buttons: undefined },
    ]);
  });

  it("answers the admin panel's account check, usage and template Check as described", async () => {
    const start = proxy.exchanges.length;
    await provider.account();
    await provider.checkAccount();
    await provider.checkTemplate(EMULATOR_TEMPLATES.weeklyDigest);
    await provider.checkTemplate(EMULATOR_TEMPLATES.rejected);
    const today = new Date().toISOString().slice(0, 10);
    await provider.messagingUsage({ fromDay: today, toDay: today });

    expectConforming(exchangesSince(start));
  });

  it("downloads a member's voice note from the media URL Twilio posted", async () => {
    const start = proxy.exchanges.length;
    const { params } = await emulator.sendInbound({
      from: `whatsapp:${MEMBER}`,
      body: '',
      media: [{ contentType: 'audio/ogg', data: Buffer.from('OggS voice') }],
    });
    const media = await provider.media.download(params.MediaUrl0, {
      maxBytes: 1_000_000,
      timeoutMs: 5_000,
      allowedTypes: ['audio/ogg'],
    });

    expect(media.data.toString()).toBe('OggS voice');
    expectConforming(exchangesSince(start));
  });

  it("answers failures with Twilio's error body", async () => {
    const start = proxy.exchanges.length;
    emulator.failNextSends(1, 429, 20429, 'Too Many Requests');
    await expect(provider.adapter('whatsapp').send({ to: MEMBER, body: 'Later' })).rejects.toThrow();
    await expect(provider.checkTemplate('HX0000000000000000000000000000dead')).resolves.toBeDefined();
    await expect(
      provider.adapter('whatsapp').send({
        to: MEMBER,
        body: '',
        template: { reference: 'HX0000000000000000000000000000dead', variables: {} },
      })
    ).rejects.toThrow();
    await expect(
      createTwilioProvider({ accountSid: ACCOUNT_SID, authToken: 'wrong', apiUrl: proxy.url }).account()
    ).rejects.toThrow();

    const exchanges = exchangesSince(start);
    expect(exchanges.map(({ status }) => status)).toEqual(expect.arrayContaining([429, 404, 400, 401]));
    expectConforming(exchanges);
  });
});

describe('the contract check itself', () => {
  const messages = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
  const form = 'application/x-www-form-urlencoded';
  const answer = {
    sid: `SM${'a'.repeat(32)}`,
    account_sid: ACCOUNT_SID,
    status: 'queued',
    date_created: 'Thu, 01 Jan 2026 00:00:00 +0000',
  };
  const exchange = (overrides: Partial<Exchange>): Exchange => ({
    method: 'POST',
    url: messages,
    requestType: form,
    requestBody: new URLSearchParams({
      To: `whatsapp:${MEMBER}`,
      From: `whatsapp:${SENDER}`,
      Body: 'Hi',
    }).toString(),
    status: 201,
    responseType: 'application/json',
    responseBody: JSON.stringify(answer),
    ...overrides,
  });

  it('accepts a described request and answer', () => {
    expect(description.check(exchange({}))).toEqual([]);
  });

  it('refuses a form field the operation does not list, or one of the wrong type', () => {
    expect(
      formatViolations(
        description.check(
          exchange({ requestBody: `To=whatsapp:${MEMBER}&Body=Hi&Buttons=yes&ValidityPeriod=soon` })
        )
      )
    ).toMatch(/Buttons is not described[\s\S]*ValidityPeriod.*integer/);
  });

  it('refuses a request without a required field, to an undescribed path or with a malformed SID', () => {
    expect(formatViolations(description.check(exchange({ requestBody: 'Body=Hi' })))).toMatch(
      /To is required/
    );
    expect(
      formatViolations(description.check(exchange({ url: '/2010-04-01/Accounts/AC1/Messages.json' })))
    ).toMatch(/AccountSid/);
    expect(formatViolations(description.check(exchange({ url: '/2010-04-01/Buttons.json' })))).toMatch(
      /no such operation/
    );
  });

  it('refuses an answer with a property the schema does not list, a wrong type or enum, or a wrong status', () => {
    const wrong = { ...answer, status: 'teleported', num_media: 0, buttons: [] };
    expect(formatViolations(description.check(exchange({ responseBody: JSON.stringify(wrong) })))).toMatch(
      /num_media must be string[\s\S]*status must be equal to one of[\s\S]*unevaluated properties \(buttons\)/
    );
    expect(formatViolations(description.check(exchange({ status: 200 })))).toMatch(
      /status 200 is not described/
    );
    expect(
      formatViolations(description.check(exchange({ status: 400, responseBody: '{"message":"bad"}' })))
    ).toMatch(/code must be a number/);
  });
});
