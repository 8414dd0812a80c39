import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { DEMO_USERS } from '../../playground/src/seed/users';
import { createScriptedLlm, type ScriptedLlm } from '../../simulator/scripted-llm';
import { adminApi, adminLogin, createAdmin } from '../support/admins';
import { login, replyTo, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

/**
 * A secret is sent only to the exact base URL it was set for. The operator's OPENAI_API_KEY (no
 * OPENAI_BASE_URL: it is for OpenAI) must not follow a base URL that an admin holding only
 * "Change settings" points at their own server — nor a key follow a base URL moved to another
 * path of the same host (a gateway serving many tenants by path).
 */

const ENV_KEY = 'sk-operator-env-key-0123456789';
const NOT_CONFIGURED = 'Sorry, the community assistant is not switched on yet (no AI model is configured).';
const CANNOT_LISTEN =
  'Sorry, I cannot listen to voice notes yet (transcription is not set up). Please type your question.';

let pipeline: Pipeline;
/** The server a settings changer points the base URL at. */
let elsewhere: ScriptedLlm;
let superToken: string;
let changerToken: string;
let phone: string;

const bearer = (key: string) => `Bearer ${key}`;
const keysSeenBy = (server: ScriptedLlm) => server.calls.map((call) => call.authorization);
/** The same server under another tenant's path: `http://127.0.0.1:port/attacker-tenant/v1`. */
const otherTenant = (server: ScriptedLlm) => `${new URL(server.url).origin}/attacker-tenant/v1`;

beforeAll(async () => {
  elsewhere = await createScriptedLlm().start();
  pipeline = await startPipeline({ env: { OPENAI_API_KEY: ENV_KEY, OPENAI_BASE_URL: '' } });
  superToken = await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password);
  changerToken = await createAdmin(pipeline, {
    name: 'Settings changer',
    email: 'changer@example.com',
    actions: ['plugin::whatsapp-agent.settings.update'],
  });
  phone = '+4917800000301';
  const { jwt } = await login(pipeline, DEMO_USERS[0].email);
  const { code } = await requestLinkCode(pipeline, jwt);
  expect(await say(pipeline, phone, code)).toMatch(/^Linked to/);
});

afterAll(async () => {
  await pipeline?.stop();
  await elsewhere?.stop();
});

const aiView = async () => (await adminApi(pipeline, superToken).get('/settings')).body.data.ai;

describe('the AI key goes only to the base URL it was set for', () => {
  it('does not send the environment’s key to a base URL a settings changer sets', async () => {
    const saved = await adminApi(pipeline, changerToken).put('/settings', { ai: { baseUrl: elsewhere.url } });
    const reply = await say(pipeline, phone, 'What did Ada write to the agent yesterday?');
    const test = await adminApi(pipeline, superToken).post('/settings/test-llm');
    expect(keysSeenBy(elsewhere)).not.toContain(bearer(ENV_KEY));
    expect(elsewhere.requests).toEqual([]);

    expect(saved.status).toBe(204);
    expect(saved.text).toBe('');
    expect(reply).toBe(NOT_CONFIGURED);
    expect(test.body.data).toEqual({
      ok: false,
      message: expect.stringMatching(
        /set for https:\/\/api\.openai\.com\/v1 .*enter a key for this base URL/
      ),
    });
    expect((await aiView()).apiKey).toEqual({
      set: true,
      hint: ENV_KEY.slice(-4),
      source: 'environment',
      boundTo: 'https://api.openai.com/v1',
      usable: false,
    });
  });

  it('uses a key an admin enters for the new base URL, also after unrelated changes', async () => {
    const adminKey = 'sk-key-for-elsewhere-0001';
    expect(
      (await adminApi(pipeline, changerToken).put('/settings', { ai: { apiKey: adminKey } })).status
    ).toBe(204);
    elsewhere.script({ content: 'Hello from the new model.' });
    expect(await say(pipeline, phone, 'hello')).toBe('Hello from the new model.');
    expect(elsewhere.calls.at(-1)?.authorization).toBe(bearer(adminKey));

    await adminApi(pipeline, changerToken).put('/settings', {
      ai: { maxToolRounds: 2, model: 'another-model' },
      messages: { apology: 'Oops, try again later.' },
    });
    elsewhere.script({ content: 'Still here.' });
    expect(await say(pipeline, phone, 'still there?')).toBe('Still here.');
    expect(elsewhere.calls.at(-1)?.authorization).toBe(bearer(adminKey));
    expect((await aiView()).apiKey).toMatchObject({
      source: 'admin',
      boundTo: elsewhere.url,
      usable: true,
    });
    expect(keysSeenBy(elsewhere)).not.toContain(bearer(ENV_KEY));
  });

  it('does not send that key to another path of the same host', async () => {
    const adminKey = 'sk-key-for-elsewhere-0001';
    const callsBefore = elsewhere.calls.length;
    await adminApi(pipeline, changerToken).put('/settings', { ai: { baseUrl: otherTenant(elsewhere) } });
    expect(await say(pipeline, phone, 'hello again')).toBe(NOT_CONFIGURED);
    expect(elsewhere.calls.slice(callsBefore)).toEqual([]);
    // Neither key (the environment's, for OpenAI, nor the admin's) is for this base URL.
    expect((await aiView()).apiKey).toMatchObject({ usable: false });
    // Back on its own path (spelled with a trailing slash), the key is used again.
    await adminApi(pipeline, changerToken).put('/settings', { ai: { baseUrl: `${elsewhere.url}/` } });
    elsewhere.script({ content: 'Back.' });
    expect(await say(pipeline, phone, 'back?')).toBe('Back.');
    expect(elsewhere.calls.at(-1)).toMatchObject({
      path: '/v1/chat/completions',
      authorization: bearer(adminKey),
    });
  });

  it('binds a key saved together with a base URL to that URL, and keeps it there', async () => {
    const secondKey = 'sk-key-for-the-second-0002';
    await adminApi(pipeline, changerToken).put('/settings', {
      ai: { baseUrl: pipeline.llm.url, apiKey: secondKey },
    });
    pipeline.llm.script({ content: 'Second model here.' });
    expect(await say(pipeline, phone, 'who is there?')).toBe('Second model here.');
    expect(pipeline.llm.calls.at(-1)?.authorization).toBe(bearer(secondKey));

    // Back to the first server: the key saved for the second one does not go along.
    const callsBefore = elsewhere.calls.length;
    await adminApi(pipeline, changerToken).put('/settings', { ai: { baseUrl: elsewhere.url } });
    expect(await say(pipeline, phone, 'and now?')).toBe(NOT_CONFIGURED);
    expect(elsewhere.calls.slice(callsBefore)).toEqual([]);
    expect(keysSeenBy(elsewhere)).not.toContain(bearer(secondKey));
  });

  it('gives the environment’s key back its own origin, where only the environment sets it', async () => {
    await adminApi(pipeline, changerToken).put('/settings', { ai: { baseUrl: '' } });
    expect((await aiView()).apiKey).toEqual({
      set: true,
      hint: ENV_KEY.slice(-4),
      source: 'environment',
      boundTo: 'https://api.openai.com/v1',
      usable: true,
    });
    const replaced = await adminApi(pipeline, superToken).put('/settings', {
      ai: { apiKey: 'sk-admin-key-for-openai-03' },
    });
    expect(replaced.status).toBe(400);
    expect(replaced.body.error.details.errors).toEqual([
      {
        path: ['ai', 'apiKey'],
        message: 'is set by environment (OPENAI_API_KEY) for https://api.openai.com/v1',
      },
    ]);
  });
});

describe('the transcription key goes only to the exact transcription base URL it was set for', () => {
  const TX_ENV_KEY = 'sk-operator-transcription-key-42';
  const AI_KEY = 'sk-admin-ai-key-for-the-model-07';
  const voiceNote = {
    contentType: 'audio/ogg',
    data: fs.readFileSync(path.join(__dirname, '../../simulator/samples/who-should-i-meet.ogg')),
  };
  /** Sends a voice note from the member's phone and returns the reply it gets once its turn has ended. */
  const sendVoiceNote = () =>
    replyTo(pipeline, phone, () =>
      pipeline.twilio.sendInbound({ from: `whatsapp:${phone}`, body: '', media: [voiceNote] })
    );
  const transcriptionKeysSeenBy = (server: ScriptedLlm) =>
    server.calls
      .filter((call) => call.path.endsWith('/audio/transcriptions'))
      .map((call) => call.authorization);
  const mediaView = async () => (await adminApi(pipeline, superToken).get('/settings')).body.data.media;

  beforeAll(async () => {
    // The operator's transcription key and length limit, without a transcription base URL.
    await pipeline.restart({
      WHATSAPP_AGENT_TRANSCRIPTION_API_KEY: TX_ENV_KEY,
      WHATSAPP_AGENT_TRANSCRIPTION_MAX_SECONDS: '120',
    });
    superToken = await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password);
    await adminApi(pipeline, superToken).put('/settings', {
      ai: { baseUrl: pipeline.llm.url, apiKey: AI_KEY },
    });
    pipeline.llm.reset();
    elsewhere.reset();
  });

  it('transcribes with the AI model’s endpoint and key while no transcription base URL is set', async () => {
    pipeline.llm.script({ content: 'Meet Ben.' });
    expect(await sendVoiceNote()).toBe('Meet Ben.');
    expect(transcriptionKeysSeenBy(pipeline.llm)).toEqual([bearer(AI_KEY)]);
    expect((await mediaView()).transcriptionApiKey).toEqual({
      set: true,
      hint: TX_ENV_KEY.slice(-4),
      source: 'environment',
      boundTo: 'https://no-transcription-base-url.invalid',
      usable: true,
    });
  });

  it('does not send the environment’s key to a transcription base URL a settings changer sets', async () => {
    const saved = await adminApi(pipeline, changerToken).put('/settings', {
      media: { transcriptionBaseUrl: elsewhere.url },
    });
    expect(saved.status).toBe(204);
    expect(await sendVoiceNote()).toBe(CANNOT_LISTEN);
    const test = await adminApi(pipeline, superToken).post('/settings/test-transcription');
    expect(elsewhere.calls).toEqual([]);
    expect(test.body.data).toEqual({
      ok: false,
      message: `The API key from the environment (WHATSAPP_AGENT_TRANSCRIPTION_API_KEY) was set for no base URL and is not sent to ${elsewhere.url}: enter a key for this base URL (and save).`,
    });
    expect((await mediaView()).transcriptionApiKey).toMatchObject({ source: 'environment', usable: false });
  });

  it('uses a key an admin enters for that base URL, with the model the panel names', async () => {
    const adminKey = 'sk-transcription-elsewhere-01';
    const saved = await adminApi(pipeline, changerToken).put('/settings', {
      media: { transcriptionApiKey: adminKey, transcriptionModel: 'gpt-4o-mini-transcribe' },
    });
    expect(saved.status).toBe(204);
    pipeline.llm.script({ content: 'Meet Ben, again.' });
    expect(await sendVoiceNote()).toBe('Meet Ben, again.');
    expect(elsewhere.transcriptions).toEqual([
      expect.objectContaining({ model: 'gpt-4o-mini-transcribe', responseFormat: 'json' }),
    ]);
    expect(transcriptionKeysSeenBy(elsewhere)).toEqual([bearer(adminKey)]);
    expect(pipeline.llm.requests.at(-1)?.messages.at(-1)).toEqual({
      role: 'user',
      content: '[voice note] Who should I meet?',
    });
    expect((await adminApi(pipeline, superToken).post('/settings/test-transcription')).body.data).toEqual({
      ok: true,
      message: expect.stringMatching(/^gpt-4o-mini-transcribe transcribed the sample .* in \d+ ms/),
    });

    // Without its base URL again, the admin's key stays behind: the AI endpoint and key are used.
    await adminApi(pipeline, changerToken).put('/settings', { media: { transcriptionBaseUrl: '' } });
    pipeline.llm.script({ content: 'Meet Ben, a third time.' });
    expect(await sendVoiceNote()).toBe('Meet Ben, a third time.');
    expect(transcriptionKeysSeenBy(pipeline.llm)).toEqual([bearer(AI_KEY), bearer(AI_KEY)]);
    expect(keysSeenBy(elsewhere)).not.toContain(bearer(TX_ENV_KEY));
  });

  it('does not send the admin’s transcription key to another path of the same host', async () => {
    const callsBefore = elsewhere.calls.length;
    await adminApi(pipeline, changerToken).put('/settings', {
      media: { transcriptionBaseUrl: otherTenant(elsewhere) },
    });
    expect(await sendVoiceNote()).toBe(CANNOT_LISTEN);
    expect(elsewhere.calls.slice(callsBefore)).toEqual([]);
    expect((await mediaView()).transcriptionApiKey).toMatchObject({ usable: false });
    await adminApi(pipeline, changerToken).put('/settings', { media: { transcriptionBaseUrl: '' } });
  });

  it('keeps what the environment sets out of the panel’s reach', async () => {
    const refused = await adminApi(pipeline, superToken).put('/settings', {
      media: { transcriptionMaxSeconds: 60 },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.errors).toEqual([
      {
        path: ['media', 'transcriptionMaxSeconds'],
        message: 'is set by environment (WHATSAPP_AGENT_TRANSCRIPTION_MAX_SECONDS)',
      },
    ]);
    expect((await mediaView()).transcriptionMaxSeconds).toEqual({ value: 120, source: 'environment' });
  });
});

describe('the Twilio Auth Token goes only to Twilio', () => {
  it('offers no setting that points Twilio requests at another host', async () => {
    for (const twilio of [
      { apiUrl: elsewhere.url },
      { region: 'evil.example' },
      { edge: 'evil.example/x' },
      { edge: 'x@evil' },
    ]) {
      const response = await adminApi(pipeline, superToken).put('/settings', { twilio });
      expect(response.status).toBe(400);
    }
  });
});
