import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { EMULATOR_TEMPLATES } from '../../simulator/emulator-templates';
import { adminApi, adminLogin, createAdmin } from '../support/admins';
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  SERVICE_NUMBER,
  WEBHOOK_PATH,
  startPipeline,
  type Pipeline,
} from '../support/pipeline';

// Settings → WhatsApp agent → Setup: a first-hour admin's checklist, read live from Twilio (the
// emulator, through the plugin's real twilio client), the model, Strapi's roles and the queue.
// Twilio is left to the panel, as on a fresh install: the first test sees no credentials.

type Check = { id: string; status: string; detail: string; fix: string };

let pipeline: Pipeline;
let admin: ReturnType<typeof adminApi>;
let settingsReader: ReturnType<typeof adminApi>;
const strapi = () => pipeline.playground.strapi;

const checklist = async (api = admin) => {
  const response = await api.get('/setup/checks');
  expect(response.status).toBe(200);
  return Object.fromEntries((response.body.data as Check[]).map((check) => [check.id, check]));
};

beforeAll(async () => {
  pipeline = await startPipeline({
    twilioFromEnvironment: false,
    // The scheduler runs here, as on a real install (the other test files turn it off).
    env: { WHATSAPP_AGENT_SCHEDULER: 'on' },
  });
  admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  settingsReader = adminApi(
    pipeline,
    await createAdmin(pipeline, {
      name: 'Settings reader',
      email: 'setup-reader@example.com',
      actions: ['plugin::whatsapp-agent.settings.read'],
    })
  );
  // One Strapi boot on a fresh database, as linking-page.test.ts budgets it.
});

afterAll(async () => {
  await pipeline?.stop();
});

it('without Twilio credentials, says so and what to do, and waits with what depends on them', async () => {
  const checks = await checklist();
  expect(checks.credentials).toMatchObject({
    status: 'fail',
    detail: 'No Twilio Account SID and Auth Token are set.',
    fix: expect.stringMatching(/^Enter them in Settings → WhatsApp agent → Twilio and save/),
  });
  expect(checks.sender).toMatchObject({
    status: 'skipped',
    detail: expect.stringMatching(/Twilio credentials/),
  });
  expect(checks.webhook.status).toBe('skipped');
  expect(checks.model.status).toBe('ok');
  expect(checks.templates.status).toBe('skipped');
});

it('is all green on a configured playground', async () => {
  const saved = await admin.put('/settings', {
    twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, whatsappNumber: SERVICE_NUMBER },
    templates: {
      eventReminder: {
        contentSid: EMULATOR_TEMPLATES.eventReminder,
        category: 'utility',
        variables: { 1: 'memberName', 2: 'eventTitle', 3: 'startsIn' },
      },
      weeklyDigest: {
        contentSid: EMULATOR_TEMPLATES.weeklyDigest,
        category: 'marketing',
        variables: { 1: 'memberName', 2: 'communityName', 3: 'eventList' },
      },
      reengagement: {
        contentSid: EMULATOR_TEMPLATES.reengagement,
        category: 'utility',
        variables: { 1: 'memberName', 2: 'communityName' },
      },
    },
  });
  expect(saved.status).toBe(200);

  const checks = await checklist(settingsReader);
  expect(Object.keys(checks)).toEqual([
    'credentials',
    'sender',
    'webhook',
    'publicUrl',
    'model',
    'toolPermissions',
    'templates',
    'queue',
    'scheduler',
  ]);
  for (const check of Object.values(checks)) expect(check).toMatchObject({ status: 'ok', fix: '' });
  expect(checks.credentials.detail).toBe(`Twilio account "Emulated account" (${ACCOUNT_SID}) is active.`);
  expect(checks.sender.detail).toBe(`${SERVICE_NUMBER} is an online WhatsApp sender of this account.`);
  expect(checks.webhook.detail).toMatch(
    /^Twilio posts incoming messages to this install \(set on the number/
  );
  expect(checks.toolPermissions.detail).toBe('The Authenticated role may read members, events.');
});

it('shows a wrong inbound webhook URL at Twilio red, with the URL to set, and green once fixed', async () => {
  const expected = `${pipeline.playground.baseUrl}${WEBHOOK_PATH}`;
  pipeline.twilio.numbers.setServiceNumberWebhook('https://old-host.example.com/twilio/inbound');

  const wrong = (await checklist()).webhook;
  expect(wrong).toEqual({
    id: 'webhook',
    status: 'fail',
    detail: `Twilio posts incoming messages for ${SERVICE_NUMBER} to https://old-host.example.com/twilio/inbound, not to this install.`,
    fix: `On the number ${SERVICE_NUMBER} (Console → Phone Numbers → Active numbers → Messaging → "A message comes in"), set it to ${expected} (method POST).`,
  });

  pipeline.twilio.numbers.setServiceNumberWebhook(expected);
  expect((await checklist()).webhook.status).toBe('ok');
});

it('reads the webhook of a Messaging Service that holds the number, where Twilio takes it from', async () => {
  pipeline.twilio.numbers.addMessagingService({
    friendlyName: 'Community notifications',
    inboundRequestUrl: 'https://elsewhere.example.com/sms',
  });
  const checks = await checklist();
  expect(checks.webhook).toMatchObject({
    status: 'fail',
    fix: expect.stringMatching(
      /^On the Messaging Service "Community notifications" \(Console → Messaging → Services/
    ),
  });
});

it('takes a WhatsApp sender’s own callback URL first, where Twilio does', async () => {
  pipeline.twilio.numbers.setWhatsAppSender({ callbackUrl: `${pipeline.playground.baseUrl}${WEBHOOK_PATH}` });
  try {
    expect((await checklist()).webhook).toMatchObject({
      status: 'ok',
      detail: `Twilio posts incoming messages to this install (set on the WhatsApp sender ${SERVICE_NUMBER} (Console → Messaging → Senders → WhatsApp senders)).`,
    });
  } finally {
    pipeline.twilio.numbers.setWhatsAppSender({ callbackUrl: '' });
  }
});

it('shows a WhatsApp sender that is not online red', async () => {
  pipeline.twilio.numbers.setWhatsAppSender({ status: 'OFFLINE' });
  try {
    expect((await checklist()).sender).toMatchObject({
      status: 'fail',
      detail: `${SERVICE_NUMBER} is a WhatsApp sender of this account, but its status is OFFLINE.`,
      fix: expect.stringMatching(/^Finish its registration in Console → Messaging → Senders/),
    });
  } finally {
    pipeline.twilio.numbers.setWhatsAppSender({ status: 'ONLINE' });
  }
});

it('shows a tool whose collection the Authenticated role cannot read red, naming what to tick', async () => {
  const permissions = strapi().db.query('plugin::users-permissions.permission');
  const granted = await permissions.findOne({
    where: { action: 'api::event.event.find', role: { type: 'authenticated' } },
    populate: ['role'],
  });
  await permissions.delete({ where: { id: granted.id } });
  try {
    expect((await checklist()).toolPermissions).toEqual({
      id: 'toolPermissions',
      status: 'fail',
      detail:
        'The Authenticated role may not find events (api::event.event): members get "not allowed" from those tools.',
      fix: 'In Settings → Users & Permissions plugin → Roles → Authenticated, tick Event → find and save.',
    });
  } finally {
    await permissions.create({ data: { action: 'api::event.event.find', role: granted.role.id } });
  }
  expect((await checklist()).toolPermissions.status).toBe('ok');
});

it('shows a purpose in use without an approved template red', async () => {
  const digest = (await admin.get('/settings')).body.data.templates.weeklyDigest.value;
  expect(
    (
      await admin.put('/settings', {
        templates: {
          weeklyDigest: null,
          reengagement: {
            contentSid: EMULATOR_TEMPLATES.rejected,
            category: 'utility',
            variables: { 1: 'memberName' },
          },
        },
      })
    ).status
  ).toBe(200);
  try {
    expect((await checklist()).templates).toMatchObject({
      status: 'fail',
      detail:
        'No template is set for the weekly digest; a manager’s reply outside the 24-hour window: "big_sale" was rejected by WhatsApp: messages outside the 24-hour window are not sent (Promotional content submitted as a utility template).',
      fix: expect.stringMatching(/enter its Content SID in Settings → WhatsApp agent → Templates\.$/),
    });
  } finally {
    await admin.put('/settings', {
      templates: {
        weeklyDigest: digest,
        reengagement: {
          contentSid: EMULATOR_TEMPLATES.reengagement,
          category: 'utility',
          variables: { 1: 'memberName', 2: 'communityName' },
        },
      },
    });
  }
  expect((await checklist()).templates.status).toBe('ok');
});

it('shows wrong credentials red with Twilio’s own words', async () => {
  await admin.put('/settings', { twilio: { authToken: 'wrong-auth-token-0123456789' } });
  try {
    expect((await checklist()).credentials).toMatchObject({
      status: 'fail',
      detail: 'Twilio rejected the credentials (20003): check the Account SID and Auth Token.',
    });
  } finally {
    await admin.put('/settings', { twilio: { authToken: AUTH_TOKEN } });
  }
});

describe('Send a test message to my phone', () => {
  const phone = '+4915112345600';

  it('arrives at the phone through Twilio', async () => {
    const response = await admin.post('/setup/test-message', { to: '+49 151 1234 5600' });
    expect(response.status).toBe(200);
    expect(response.body.data).toMatchObject({ to: phone, providerSid: expect.stringMatching(/^SM/) });
    const [message] = pipeline.twilio.sentTo(phone);
    expect(message).toMatchObject({
      from: `whatsapp:${SERVICE_NUMBER}`,
      to: `whatsapp:${phone}`,
      body: expect.stringMatching(/^This is a test message from your community’s WhatsApp agent/),
    });
  });

  it('refuses a number that is not one, and sends nothing', async () => {
    const before = pipeline.twilio.sent.length;
    const response = await admin.post('/setup/test-message', { to: '0151 123' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/must be a phone number in international form/);
    expect(pipeline.twilio.sent.length).toBe(before);
  });

  it('is not for an admin who may only read the settings', async () => {
    const before = pipeline.twilio.sent.length;
    const response = await settingsReader.post('/setup/test-message', { to: phone });
    expect(response.status).toBe(403);
    expect(pipeline.twilio.sent.length).toBe(before);
  });
});
