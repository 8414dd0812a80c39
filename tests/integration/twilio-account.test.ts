import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { adminApi, adminLogin, createAdmin } from '../support/admins';
import { login, say } from '../support/members';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  SERVICE_NUMBER,
  WEBHOOK_PATH,
  startPipeline,
  type Pipeline,
} from '../support/pipeline';

// Twilio's own figures beside the ledger's, for the account the credentials open: here the EU
// production sub-account of a platform's parent account, in the emulator.
const PARENT_SID = `AC${'9'.repeat(32)}`;
const FRIENDLY_NAME = 'Community EU production';
const ACCOUNT = {
  sid: ACCOUNT_SID,
  friendlyName: FRIENDLY_NAME,
  status: 'active',
  type: 'Full',
  parentSid: PARENT_SID,
};

let pipeline: Pipeline;
let superToken: string;
let settingsReaderToken: string;
let usageReaderToken: string;

const admin = (token: string) => adminApi(pipeline, token);

beforeAll(async () => {
  // Twilio is left to the admin panel: the first test sees it unconfigured.
  pipeline = await startPipeline({
    twilioFromEnvironment: false,
    twilioAccount: { friendlyName: FRIENDLY_NAME, parentSid: PARENT_SID },
  });
  superToken = await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password);
  settingsReaderToken = await createAdmin(pipeline, {
    name: 'Settings reader',
    email: 'settings-reader@example.com',
    actions: ['plugin::whatsapp-agent.settings.read'],
  });
  usageReaderToken = await createAdmin(pipeline, {
    name: 'Usage reader',
    email: 'usage-reader@example.com',
    actions: ['plugin::whatsapp-agent.usage.read'],
  });
});

afterAll(async () => {
  await pipeline?.stop();
});

it('says Twilio is not configured yet, rather than asking it', async () => {
  const response = await admin(superToken).get('/usage/twilio');
  expect(response.status).toBe(409);
  expect(response.body.error.message).toMatch(
    /^Twilio is not configured: set the Account SID and the Auth Token/
  );
});

it('tells Twilio and a member why it cannot answer yet (503 with the reason, nothing stored)', async () => {
  const webhook = await pipeline.playground
    .request()
    .post(WEBHOOK_PATH)
    .type('form')
    .send({ MessageSid: `SM${'0'.repeat(32)}`, From: 'whatsapp:+4915100000001', Body: 'hi' });
  expect(webhook.status).toBe(503);
  expect(webhook.body.error.message).toMatch(/^Twilio is not configured: set the Account SID/);
  expect(await pipeline.playground.strapi.db.query('plugin::whatsapp-agent.inbound-message').count()).toBe(0);

  const { jwt } = await login(pipeline, 'ada@example.com');
  const linkCode = await pipeline.playground
    .request()
    .post('/api/whatsapp-agent/link-codes')
    .set('Authorization', `Bearer ${jwt}`);
  expect(linkCode.status).toBe(503);
  expect(linkCode.body.error.message).toBe(
    'WhatsApp is not set up for this community yet (no WhatsApp number is configured).'
  );
});

describe('with the sub-account set', () => {
  beforeAll(async () => {
    const saved = await admin(superToken).put('/settings', {
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, whatsappNumber: SERVICE_NUMBER },
    });
    expect(saved.status).toBe(200);
  });

  it('Test connection names the account and its parent, and never its Auth Token', async () => {
    const response = await admin(superToken).post('/settings/check-twilio');
    expect(response.body.data).toEqual({
      ok: true,
      message: `Connected to Twilio account "${FRIENDLY_NAME}" (active), a sub-account of ${PARENT_SID}.`,
      account: ACCOUNT,
    });
    // The emulator, like Twilio, answers the account with its Auth Token.
    expect(JSON.stringify(response.body)).not.toContain(AUTH_TOKEN);
  });

  it("sets Twilio's messaging usage for a month beside the ledger's", async () => {
    pipeline.twilio.seedUsage([
      // February 2025, this account: counted.
      { category: 'channels-messaging-outbound', day: '2025-02-01', count: 40, priceMicros: 200_000 },
      { category: 'channels-messaging-inbound', day: '2025-02-28', count: 38, priceMicros: 190_000 },
      { category: 'sms-outbound', day: '2025-02-10', count: 2, priceMicros: 15_800 },
      { category: 'failed-message-processing-fee', day: '2025-02-12', count: 1, priceMicros: 1_000 },
      // Meta's template fee (the ledger's Meta cost), another month, a sub-account: not counted.
      { category: 'channels-whatsapp-template-marketing', day: '2025-02-07', count: 5, priceMicros: 125_000 },
      { category: 'channels-messaging-outbound', day: '2025-01-31', count: 10, priceMicros: 50_000 },
      { category: 'channels-messaging-outbound', day: '2025-03-01', count: 10, priceMicros: 50_000 },
      {
        category: 'channels-messaging-outbound',
        day: '2025-02-15',
        count: 100,
        priceMicros: 500_000,
        subaccount: true,
      },
    ]);
    const row = (sourceKey: string, day: string, twilioMicros: number) => ({
      sourceKey,
      kind: 'outbound',
      community: 'default',
      day,
      occurredAt: new Date(`${day}T12:00:00.000Z`),
      twilioMicros,
    });
    await pipeline.playground.strapi.db.query('plugin::whatsapp-agent.usage-record').createMany({
      data: [
        row('out:test-1', '2025-02-01', 150_000),
        row('out:test-2', '2025-02-28', 100_000),
        row('out:test-3', '2025-03-01', 999),
      ],
    });

    const response = await admin(superToken).get('/usage/twilio?month=2025-02');
    expect(response.status).toBe(200);
    const { data } = response.body;
    expect(data).toMatchObject({
      month: '2025-02',
      account: ACCOUNT,
      twilioMicros: 200_000 + 190_000 + 15_800 + 1_000,
      ledgerTwilioMicros: 250_000,
    });
    const byCategory = Object.fromEntries(
      (data.categories as Array<{ category: string; count: number; priceMicros: number }>).map(
        ({ category, count, priceMicros }) => [category, { count, priceMicros }]
      )
    );
    expect(byCategory).toEqual({
      'channels-messaging-outbound': { count: 40, priceMicros: 200_000 },
      'channels-messaging-inbound': { count: 38, priceMicros: 190_000 },
      sms: { count: 2, priceMicros: 15_800 },
      'failed-message-processing-fee': { count: 1, priceMicros: 1_000 },
    });
  });

  it('counts this month (UTC) when no month is given: what the emulator billed for a conversation', async () => {
    const phone = '+4917800000123';
    expect(await say(pipeline, phone, 'hello')).not.toBe('');
    const parts = pipeline.twilio.sentTo(`whatsapp:${phone}`).length;

    const response = await admin(usageReaderToken).get('/usage/twilio');
    expect(response.status).toBe(200);
    expect(response.body.data.month).toBe(new Date().toISOString().slice(0, 7));
    expect(response.body.data.categories).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'channels-messaging-inbound', count: 1, priceMicros: 5_000 }),
        expect.objectContaining({
          category: 'channels-messaging-outbound',
          count: parts,
          priceMicros: parts * 5_000,
        }),
      ])
    );
    expect(response.body.data.twilioMicros).toBe((1 + parts) * 5_000);
  });

  it('refuses a malformed month, naming the field', async () => {
    for (const month of ['2025-13', 'february', '2025-2']) {
      const response = await admin(superToken).get(`/usage/twilio?month=${month}`);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({
        name: 'ValidationError',
        details: { errors: [{ path: ['month'], message: 'must be one month as YYYY-MM, e.g. 2026-03' }] },
      });
    }
  });

  it('is for admins who may see usage and costs', async () => {
    expect((await admin(settingsReaderToken).get('/usage/twilio')).status).toBe(403);
    expect((await pipeline.playground.request().get('/whatsapp-agent/usage/twilio')).status).toBe(401);
  });

  it("answers 502 with Twilio's own reason when Twilio refuses", async () => {
    await admin(superToken).put('/settings', { twilio: { authToken: 'wrong-auth-token-0123456789' } });
    try {
      const response = await admin(superToken).get('/usage/twilio');
      expect(response.status).toBe(502);
      expect(response.body.error.message).toBe(
        'Twilio rejected the credentials (20003): check the Account SID and Auth Token.'
      );
    } finally {
      await admin(superToken).put('/settings', { twilio: { authToken: AUTH_TOKEN } });
    }
  });
});
