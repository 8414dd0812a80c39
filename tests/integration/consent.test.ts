import { linkPhone, login, registerMember, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

// Consent to proactive messages (event reminders, the weekly digest): nothing is ever sent to a
// member who did not opt in, and every opt-in and opt-out is kept with its time and source —
// WhatsApp commands, the member API, and STOP, which opts out of everything.

let pipeline: Pipeline;
let nextNumber = 4917700000700;
const newPhone = () => `+${(nextNumber += 1)}`;
const strapi = () => pipeline.playground.strapi;
const channelOf = (phone: string) =>
  strapi()
    .db.query('plugin::whatsapp-agent.channel')
    .findOne({ where: { address: phone } });
const api = () => pipeline.playground.request();
const preferencesPath = (documentId: string) => `/api/whatsapp-agent/channels/me/${documentId}/preferences`;

const linkNewMember = async () => {
  const member = await registerMember(pipeline);
  const phone = await linkPhone(pipeline, newPhone(), member.email, member.password);
  const { jwt } = await login(pipeline, member.email, member.password);
  return { phone, jwt, channel: await channelOf(phone) };
};

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' } });
});

afterAll(async () => {
  await pipeline?.stop();
});

it('opts in and out by WhatsApp command, each recorded with its time and source', async () => {
  const { phone } = await linkNewMember();
  expect((await channelOf(phone)).consent).toEqual({});

  const before = new Date();
  expect(await say(pipeline, phone, 'REMINDERS ON')).toBe(
    'Reminders are on: I will remind you before the events you are going to. Send REMINDERS OFF to stop them.'
  );
  expect(await say(pipeline, phone, 'Digest on!')).toMatch(/^The weekly digest is on/);
  expect(await say(pipeline, phone, '  digest   OFF ')).toBe(
    'The weekly digest is off. Send DIGEST ON to get it again.'
  );

  const { consent } = await channelOf(phone);
  expect(consent).toEqual({
    reminders: { optedIn: true, at: expect.any(String), source: 'whatsapp' },
    digest: { optedIn: false, at: expect.any(String), source: 'whatsapp' },
  });
  expect(new Date(consent.reminders.at).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  expect(await say(pipeline, phone, 'HELP')).toMatch(/REMINDERS ON\/OFF .*DIGEST ON\/OFF/);
});

it('STOP unlinks and opts out of everything; a new link starts with no consent', async () => {
  const { phone } = await linkNewMember();
  await say(pipeline, phone, 'REMINDERS ON');
  expect(await say(pipeline, phone, 'STOP')).toMatch(/^Unlinked from/);
  expect((await channelOf(phone)).consent).toEqual({
    reminders: { optedIn: false, at: expect.any(String), source: 'stop' },
    digest: { optedIn: false, at: expect.any(String), source: 'stop' },
  });
  // Unlinked: there is nobody to remind.
  expect(await say(pipeline, phone, 'REMINDERS ON')).toBe('This number is not linked to an account.');

  const member = await registerMember(pipeline);
  const { jwt } = await login(pipeline, member.email, member.password);
  const { code } = await requestLinkCode(pipeline, jwt);
  expect(await say(pipeline, phone, code)).toMatch(/^Linked to/);
  expect((await channelOf(phone)).consent).toEqual({});
});

describe('the member API', () => {
  it('shows and changes the preferences of one of my channels', async () => {
    const { phone, jwt, channel } = await linkNewMember();
    await say(pipeline, phone, 'REMINDERS ON');

    const shown = await api().get(preferencesPath(channel.documentId)).set('Authorization', `Bearer ${jwt}`);
    expect(shown.status).toBe(200);
    expect(shown.body.data).toEqual({
      reminders: { optedIn: true, at: expect.any(String), source: 'whatsapp' },
      digest: { optedIn: false, at: null, source: null },
    });

    const changed = await api()
      .put(preferencesPath(channel.documentId))
      .set('Authorization', `Bearer ${jwt}`)
      .send({ reminders: false, digest: true });
    expect(changed.status).toBe(200);
    expect(changed.body.data).toEqual({
      reminders: { optedIn: false, at: expect.any(String), source: 'api' },
      digest: { optedIn: true, at: expect.any(String), source: 'api' },
    });
    expect((await channelOf(phone)).consent).toEqual(changed.body.data);
  });

  it('refuses a bad body, another member’s channel and a stranger, and changes nothing', async () => {
    const { phone, jwt, channel } = await linkNewMember();
    const other = await linkNewMember();
    const put = (body: unknown, token = jwt, documentId = channel.documentId) =>
      api()
        .put(preferencesPath(documentId))
        .set('Authorization', `Bearer ${token}`)
        .send(body as object);

    for (const body of [{}, { reminders: 'yes' }, { reminders: true, marketing: true }]) {
      const response = await put(body);
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('ValidationError');
    }
    expect((await put({ reminders: true }, jwt, other.channel.documentId)).status).toBe(404);
    expect((await api().get(preferencesPath(channel.documentId))).status).toBe(403);
    expect((await api().put(preferencesPath(channel.documentId)).send({ reminders: true })).status).toBe(403);

    expect((await channelOf(phone)).consent).toEqual({});
    expect((await channelOf(other.phone)).consent).toEqual({});
  });
});

it('grants each member route to the Authenticated role once, also to an install from before it existed', async () => {
  const permissions = () => strapi().db.query('plugin::users-permissions.permission');
  const authenticated = await strapi()
    .db.query('plugin::users-permissions.role')
    .findOne({ where: { type: 'authenticated' } });
  const PREFERENCES = [
    'plugin::whatsapp-agent.memberChannels.findPreferences',
    'plugin::whatsapp-agent.memberChannels.updatePreferences',
  ];
  const granted = async (action: string) =>
    (await permissions().count({ where: { action, role: { id: authenticated.id } } })) > 0;

  // An install of the version before: its store says `true`, the preference routes are new.
  await permissions().deleteMany({ where: { action: { $in: PREFERENCES } } });
  await strapi()
    .store({ type: 'plugin', name: 'whatsapp-agent' })
    .set({ key: 'memberPermissionsGranted', value: true });
  await pipeline.restart();
  expect(await Promise.all(PREFERENCES.map(granted))).toEqual([true, true]);

  // The admin removes one: it stays removed.
  await permissions().deleteMany({ where: { action: PREFERENCES[1] } });
  await pipeline.restart();
  expect(await Promise.all(PREFERENCES.map(granted))).toEqual([true, false]);
});
