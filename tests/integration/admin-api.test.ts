import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { DEMO_USERS } from '../../playground/src/seed/users';
import type { OutboxService } from '../../server/src/outbox';
import { ACCOUNT_SID, AUTH_TOKEN, startPipeline, type Pipeline } from '../support/pipeline';
import { adminApi, adminLogin, createAdmin } from '../support/admins';
import { linkPhone, login, requestLinkCode, say } from '../support/members';

let pipeline: Pipeline;
let superToken: string;
let readerToken: string;
let changerToken: string;
const logged: string[] = [];

const strapi = () => pipeline.playground.strapi;
const admin = (token: string) => adminApi(pipeline, token);

beforeAll(async () => {
  // Twilio and the webhook token are left to the admin panel here.
  pipeline = await startPipeline({ twilioFromEnvironment: false, env: { WHATSAPP_AGENT_WEBHOOK_TOKEN: '' } });
  for (const level of ['info', 'warn', 'error', 'debug', 'http'] as const) {
    const original = strapi().log[level].bind(strapi().log);
    jest.spyOn(strapi().log, level).mockImplementation(((message: unknown, ...rest: unknown[]) => {
      logged.push(JSON.stringify([message, ...rest]));
      return original(message as string, ...(rest as []));
    }) as never);
  }
  superToken = await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password);
  readerToken = await createAdmin(pipeline, {
    name: 'Settings reader',
    email: 'reader@example.com',
    actions: ['plugin::whatsapp-agent.settings.read'],
  });
  changerToken = await createAdmin(pipeline, {
    name: 'Settings changer',
    email: 'changer@example.com',
    actions: ['plugin::whatsapp-agent.settings.update'],
  });
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('settings through the admin API', () => {
  it('round-trip, with the Auth Token stored encrypted and shown only as "set · last 4"', async () => {
    const saved = await admin(superToken).put('/settings', {
      twilio: { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, whatsappNumber: '+14155238886' },
      ai: { maxToolRounds: 3 },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.data.twilio).toMatchObject({
      accountSid: { value: ACCOUNT_SID, source: 'admin' },
      authToken: { set: true, hint: AUTH_TOKEN.slice(-4), source: 'admin' },
      whatsappNumber: { value: '+14155238886', source: 'admin' },
    });
    expect(saved.body.data.ai.maxToolRounds).toEqual({ value: 3, source: 'admin' });
    expect(saved.body.data.ai.model).toEqual({ value: 'scripted-model', source: 'environment' });

    const read = await admin(superToken).get('/settings');
    expect(read.body.data).toEqual(saved.body.data);

    const rows = await strapi()
      .db.connection('strapi_core_store_settings')
      .where('key', 'like', '%whatsapp-agent%')
      .select('value');
    expect(JSON.stringify(rows)).toContain(ACCOUNT_SID);
    expect(JSON.stringify(rows)).not.toContain(AUTH_TOKEN);
  });

  it('show the last 4 characters of a secret only when it is at least 16 long', async () => {
    // OPENAI_API_KEY is 'test-key' here: 8 characters, of which 4 would be half the secret.
    const view = await admin(superToken).get('/settings');
    expect(view.body.data.ai.apiKey).toMatchObject({ set: true, hint: null });

    const fifteen = await admin(superToken).put('/settings', { twilio: { authToken: 'fifteen-chars-1' } });
    expect(fifteen.body.data.twilio.authToken).toEqual({ set: true, hint: null, source: 'admin' });
    const sixteen = await admin(superToken).put('/settings', { twilio: { authToken: 'sixteen-chars-16' } });
    expect(sixteen.body.data.twilio.authToken).toEqual({ set: true, hint: 's-16', source: 'admin' });

    await admin(superToken).put('/settings', { twilio: { authToken: AUTH_TOKEN } });
  });

  it('never send a secret back, nor write it to the log', async () => {
    await admin(superToken).put('/settings', { ai: { apiKey: 'sk-test-secret-key-0123456789' } });
    const responses = await Promise.all([
      admin(superToken).get('/settings'),
      admin(superToken).post('/settings/check-twilio'),
      admin(superToken).get('/channels'),
    ]);
    for (const response of responses) {
      expect(JSON.stringify(response.body)).not.toContain(AUTH_TOKEN);
      expect(JSON.stringify(response.body)).not.toContain('sk-test-secret-key-0123456789');
    }
    expect(logged.join('\n')).not.toContain(AUTH_TOKEN);
    expect(logged.join('\n')).not.toContain('sk-test-secret-key-0123456789');
  });

  it('refuse invalid values with one error per field', async () => {
    const response = await admin(superToken).put('/settings', {
      twilio: { accountSid: 'SK123', whatsappNumber: '0151 1234' },
      ai: { maxToolRounds: 99 },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual(
      expect.arrayContaining([
        { path: ['twilio', 'accountSid'], message: 'must be "AC" followed by 32 hex characters' },
        { path: ['twilio', 'whatsappNumber'], message: expect.stringMatching(/E\.164/) },
        { path: ['ai', 'maxToolRounds'], message: expect.any(String) },
      ])
    );
  });

  it('refuse to change what the environment sets', async () => {
    const response = await admin(superToken).put('/settings', { ai: { baseUrl: 'https://example.org/v1' } });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual([
      { path: ['ai', 'baseUrl'], message: 'is set by environment (OPENAI_BASE_URL)' },
    ]);
  });

  it('check the Twilio connection through the same client (the emulator), with a readable failure', async () => {
    expect((await admin(superToken).post('/settings/check-twilio')).body.data).toEqual({
      ok: true,
      message: 'Connected to Twilio account "Emulated account" (active).',
      account: {
        sid: ACCOUNT_SID,
        friendlyName: 'Emulated account',
        status: 'active',
        type: 'Full',
        parentSid: null,
      },
    });
    await admin(superToken).put('/settings', { twilio: { authToken: 'wrong-auth-token' } });
    expect((await admin(superToken).post('/settings/check-twilio')).body.data).toEqual({
      ok: false,
      message: 'Twilio rejected the credentials (20003): check the Account SID and Auth Token.',
    });
    await admin(superToken).put('/settings', { twilio: { authToken: AUTH_TOKEN } });
  });

  it('take effect without a restart, and the rotated webhook token retires the old URL', async () => {
    const before = (await admin(superToken).get('/settings')).body.data.webhook.inboundUrl as string;
    pipeline.twilio.setWebhookUrl(before);
    expect(
      (await pipeline.twilio.sendInbound({ from: 'whatsapp:+4917800000001', body: 'hello' })).status
    ).toBe(200);

    const rotated = await admin(superToken).post('/settings/webhook-token/rotate');
    const after = rotated.body.data.webhook.inboundUrl as string;
    expect(after).not.toBe(before);
    expect(
      (await pipeline.twilio.sendInbound({ from: 'whatsapp:+4917800000001', body: 'old url' })).status
    ).toBe(404);
    pipeline.twilio.setWebhookUrl(after);
    expect(
      (await pipeline.twilio.sendInbound({ from: 'whatsapp:+4917800000001', body: 'new url' })).status
    ).toBe(200);
  });

  it('test the AI model with one tiny completion', async () => {
    pipeline.llm.script({ content: 'OK' });
    expect((await admin(superToken).post('/settings/test-llm')).body.data).toMatchObject({
      ok: true,
      message: expect.stringMatching(/answered "OK"/),
    });
  });

  it('refuse a bad transcription model, length or vision, naming the field', async () => {
    const response = await admin(superToken).put('/settings', {
      media: { transcriptionModel: 'w'.repeat(201), transcriptionMaxSeconds: 2, vision: 'sometimes' },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual(
      expect.arrayContaining([
        { path: ['media', 'transcriptionModel'], message: expect.any(String) },
        { path: ['media', 'transcriptionMaxSeconds'], message: expect.any(String) },
        { path: ['media', 'vision'], message: expect.any(String) },
      ])
    );
    expect((await admin(superToken).get('/settings')).body.data.media.transcriptionModel).toEqual({
      value: 'whisper-1',
      source: 'default',
    });
  });

  it('test transcription with a second of silence, through the AI endpoint when it has none of its own', async () => {
    const before = pipeline.llm.transcriptions.length;
    expect((await admin(superToken).post('/settings/test-transcription')).body.data).toEqual({
      ok: true,
      message: expect.stringMatching(
        /^whisper-1 transcribed the sample \(a second of silence\) in \d+ ms: no words/
      ),
    });
    expect(pipeline.llm.transcriptions.slice(before)).toEqual([
      expect.objectContaining({ model: 'whisper-1', fileName: 'voice-note.wav' }),
    ]);
  });

  it('keep transcription prices an admin edits, each model once', async () => {
    const prices = [{ model: 'whisper-large', perMinuteUsd: 0.004 }];
    const saved = await admin(superToken).put('/settings', { transcriptionPrices: prices });
    expect(saved.body.data.transcriptionPrices).toEqual({ value: prices, source: 'admin' });
    expect(strapi().plugin('whatsapp-agent').service('settings').prices().transcription).toEqual(prices);
    const twice = await admin(superToken).put('/settings', {
      transcriptionPrices: [...prices, { model: 'whisper-large', perMinuteUsd: 0.01 }],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details.errors).toEqual([
      { path: ['transcriptionPrices'], message: 'each model once' },
    ]);
  });

  it('let an admin reword the fixed replies, and restore a default by emptying it', async () => {
    const custom = 'Welcome! Link your number first: get a phrase {linkPage}.';
    const saved = await admin(superToken).put('/settings', { messages: { instructions: custom } });
    expect(saved.body.data.messages.en.instructions).toMatchObject({
      value: custom,
      source: 'admin',
      defaultValue: expect.stringMatching(/^Hi! To chat/),
    });
    pipeline.twilio.setWebhookUrl(saved.body.data.webhook.inboundUrl);
    expect(await say(pipeline, '+4917800000077', 'hello')).toBe(
      'Welcome! Link your number first: get a phrase on the community website (your account settings).'
    );

    const restored = await admin(superToken).put('/settings', { messages: { instructions: '' } });
    expect(restored.body.data.messages.en.instructions).toMatchObject({
      source: 'default',
      value: expect.stringMatching(/^Hi! To chat/),
    });
    expect((await admin(superToken).put('/settings', { messages: { unknownKey: 'x' } })).status).toBe(400);
  });

  it('list the collections an admin can expose, without private fields', async () => {
    const { data } = (await admin(superToken).get('/content-types')).body;
    const member = data.find((contentType: { uid: string }) => contentType.uid === 'api::member.member');
    const names = member.attributes.map((attribute: { name: string }) => attribute.name);
    expect(names).toEqual(expect.arrayContaining(['displayName', 'city']));
    expect(names).not.toContain('email');
    expect(names).not.toContain('phone');
    // Relations are offered as a tool's community field.
    expect(member.relations).toContainEqual({ name: 'community', target: 'api::community.community' });
  });
});

describe('RBAC', () => {
  it('lets a settings reader read, but not change settings, see channels or conversations', async () => {
    expect((await admin(readerToken).get('/settings')).status).toBe(200);
    expect((await admin(readerToken).put('/settings', { ai: { maxToolRounds: 2 } })).status).toBe(403);
    expect((await admin(readerToken).post('/settings/webhook-token/rotate')).status).toBe(403);
    expect((await admin(readerToken).get('/channels')).status).toBe(403);
    expect((await admin(readerToken).get('/channels/x/conversation')).status).toBe(403);
    expect((await admin(readerToken).post('/channels/x/revoke')).status).toBe(403);
  });

  it('lets an admin who may only change settings change them, but not read them back', async () => {
    const saved = await admin(changerToken).put('/settings', { ai: { historyTurns: 12 } });
    expect(saved.status).toBe(204);
    expect(saved.text).toBe('');
    const rotated = await admin(changerToken).post('/settings/webhook-token/rotate');
    expect(rotated.status).toBe(204);
    expect(rotated.text).toBe('');
    expect((await admin(changerToken).get('/settings')).status).toBe(403);
    expect((await admin(changerToken).post('/settings/test-llm')).status).toBe(403);
    expect((await admin(superToken).get('/settings')).body.data.ai.historyTurns).toEqual({
      value: 12,
      source: 'admin',
    });
  });

  it('refuses anonymous requests', async () => {
    expect((await pipeline.playground.request().get('/whatsapp-agent/settings')).status).toBe(401);
  });
});

describe('channels', () => {
  it('lists a linked member (masked), shows the conversation, and revokes them', async () => {
    const inbound = (await admin(superToken).get('/settings')).body.data.webhook.inboundUrl as string;
    pipeline.twilio.setWebhookUrl(inbound);
    const phone = '+4917800000042';
    const { jwt } = await login(pipeline, DEMO_USERS[1].email);
    const { code } = await requestLinkCode(pipeline, jwt);
    expect(await say(pipeline, phone, code)).toMatch(/^Linked to B/);
    await strapi()
      .db.query('plugin::whatsapp-agent.channel')
      .update({
        where: { address: phone },
        data: {
          history: [
            { role: 'user', content: 'hi' },
            { role: 'assistant', content: 'hello Ben' },
          ],
        },
      });

    const list = await admin(superToken).get('/channels?q=ben');
    expect(list.status).toBe(200);
    const [row] = list.body.data;
    expect(row).toMatchObject({
      address: '+49 ••• 0042',
      status: 'linked',
      member: { email: DEMO_USERS[1].email },
      messages: 1,
    });
    expect(JSON.stringify(list.body)).not.toContain(phone);
    expect(list.body.meta.pagination).toMatchObject({ page: 1, total: 1 });

    const conversation = await admin(superToken).get(`/channels/${row.documentId}/conversation`);
    expect(conversation.body.data.history).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello Ben' },
    ]);

    const revoked = await admin(superToken).post(`/channels/${row.documentId}/revoke`);
    expect(revoked.body.data).toMatchObject({ status: 'unlinked', member: null });
    expect((await admin(superToken).get('/channels?q=ben')).body.data).toEqual([]);
    expect(
      (
        await strapi()
          .db.query('plugin::whatsapp-agent.channel')
          .findOne({ where: { address: phone } })
      ).history
    ).toEqual([]);
  });

  it("lists the replies the member never got, Twilio's refusals and those outside the 24-hour window, and their texts erased on unlinking", async () => {
    const { webhook } = (await admin(superToken).get('/settings')).body.data;
    pipeline.twilio.setWebhookUrl(webhook.inboundUrl);
    const token = new URL(webhook.inboundUrl).pathname.split('/').at(-1) as string;
    const phone = await linkPhone(pipeline, '+4917800000043', DEMO_USERS[2].email);
    const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
    const outbound = () => strapi().db.query('plugin::whatsapp-agent.outbound-message');
    const { id, documentId } = await channels().findOne({ where: { address: phone } });

    // Twilio refuses a reply for good (the recipient is not on WhatsApp, say), quoting the request.
    pipeline.twilio.failNextSends(
      1,
      400,
      63024,
      `Invalid message recipient (StatusCallback ${webhook.statusUrl})`
    );
    pipeline.llm.script({ content: 'The climate meetup is on Thursday.' });
    await say(pipeline, phone, 'Any events?', { expectReply: false });
    expect(await outbound().findOne({ where: { channelId: id, status: 'failed' } })).toMatchObject({
      errorCode: 63024,
    });

    // A day and more later (an outage), a reply finds the window closed: never offered to Twilio.
    await channels().updateMany({
      where: { id },
      data: { lastInboundAt: new Date(Date.now() - 26 * 60 * 60 * 1000) },
    });
    const late = await channels().findOne({ where: { id } });
    const sentBefore = pipeline.twilio.sentTo(`whatsapp:${phone}`).length;
    await (strapi().plugin('whatsapp-agent').service('outbox') as OutboxService).deliver({
      channel: {
        id,
        kind: 'whatsapp',
        address: phone,
        lastInboundAt: new Date(late.lastInboundAt),
        windowClosedAt: null,
      },
      text: 'Sorry for the wait: the meetup is full.',
      turnKey: 'admin-api-window-closed',
      account: { userId: null, community: 'default', communities: [] },
    });
    expect(pipeline.twilio.sentTo(`whatsapp:${phone}`)).toHaveLength(sentBefore);

    const conversation = await admin(superToken).get(`/channels/${documentId}/conversation`);
    expect(conversation.status).toBe(200);
    expect(conversation.body.data.undelivered).toEqual([
      {
        at: expect.any(String),
        body: 'The climate meetup is on Thursday.',
        status: 'failed',
        reason: expect.stringMatching(/Invalid message recipient \(StatusCallback .*\/<token>\/status\)$/),
        errorCode: 63024,
      },
      {
        at: expect.any(String),
        body: 'Sorry for the wait: the meetup is full.',
        status: 'not_sent_window_closed',
        reason: expect.stringMatching(/^Outside WhatsApp's 24-hour window: the member last wrote at /),
        errorCode: null,
      },
    ]);
    expect(JSON.stringify(conversation.body)).not.toContain(token);
    const [first, second] = conversation.body.data.undelivered as Array<{ at: string }>;
    expect(Date.parse(first.at)).toBeLessThanOrEqual(Date.parse(second.at));
    // Delivered replies (the linking confirmation) are not listed.
    expect(await outbound().count({ where: { channelId: id } })).toBe(3);

    // Unlinking erases the texts; that they were not delivered stays visible.
    await admin(superToken).post(`/channels/${documentId}/revoke`);
    const erased = await admin(superToken).get(`/channels/${documentId}/conversation`);
    expect(
      erased.body.data.undelivered.map((reply: { body: string | null; status: string }) => [
        reply.body,
        reply.status,
      ])
    ).toEqual([
      [null, 'failed'],
      [null, 'not_sent_window_closed'],
    ]);
  });
});
