import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { EMULATOR_TEMPLATES } from '../../simulator/emulator-templates';
import { adminApi, adminLogin } from '../support/admins';
import { linkPhone, registerMember } from '../support/members';
import { answerAfterOutage } from '../support/outage';
import { startPipeline, type Pipeline } from '../support/pipeline';

// Approved WhatsApp templates, one per purpose, set in the panel (Settings → Templates) and
// checked against Twilio's Content API. A reply that finds WhatsApp's 24-hour window closed goes
// out as the re-engagement template, billed in Meta's category; without one it is kept, unsent.

let pipeline: Pipeline;
let admin: ReturnType<typeof adminApi>;
let nextNumber = 4917700000700;
const newPhone = () => `+${(nextNumber += 1)}`;
const strapi = () => pipeline.playground.strapi;
const outbound = () => strapi().db.query('plugin::whatsapp-agent.outbound-message');
const ledger = () => strapi().db.query('plugin::whatsapp-agent.usage-record');

const reengagement = {
  contentSid: EMULATOR_TEMPLATES.reengagement,
  category: 'utility',
  variables: { 1: 'memberName', 2: 'communityName' },
};

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' } });
  admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('the Templates settings', () => {
  it('keeps a template per purpose and shows what its variables can be filled with', async () => {
    const saved = await admin.put('/settings', {
      templates: {
        eventReminder: {
          contentSid: EMULATOR_TEMPLATES.eventReminder,
          category: 'utility',
          variables: { 1: 'memberName', 2: 'eventTitle', 3: 'startsIn', 4: 'event.location' },
        },
      },
    });
    expect(saved.status).toBe(200);
    const { templates } = (await admin.get('/settings')).body.data;
    expect(templates.eventReminder).toMatchObject({
      value: { contentSid: EMULATOR_TEMPLATES.eventReminder, variables: { 4: 'event.location' } },
      source: 'admin',
      defaultCategory: 'utility',
    });
    expect(templates.eventReminder.sources.map((source: { name: string }) => source.name)).toEqual(
      expect.arrayContaining(['startsIn', 'event.title', 'event.location'])
    );
    expect(templates.weeklyDigest).toMatchObject({
      value: null,
      source: 'default',
      defaultCategory: 'marketing',
    });

    // null: back to the host's config (none here).
    expect((await admin.put('/settings', { templates: { eventReminder: null } })).status).toBe(200);
    expect((await admin.get('/settings')).body.data.templates.eventReminder.value).toBeNull();
  });

  it('refuses a malformed Content SID and a variable its purpose cannot fill, naming the field', async () => {
    const response = await admin.put('/settings', {
      templates: {
        weeklyDigest: { contentSid: 'HX123', category: 'marketing', variables: { 1: 'memberName' } },
        reengagement: {
          contentSid: EMULATOR_TEMPLATES.reengagement,
          category: 'utility',
          variables: { 1: 'eventTitle' },
        },
      },
    });
    expect(response.status).toBe(400);
    expect(response.body.error.details.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['templates', 'weeklyDigest', 'contentSid'] }),
        expect.objectContaining({
          path: ['templates', 'reengagement', 'variables', '1'],
          message: expect.stringContaining('memberName, communityName'),
        }),
      ])
    );
    expect((await admin.get('/settings')).body.data.templates.reengagement.value).toBeNull();
  });

  it("Check reads the template and its WhatsApp approval from Twilio's Content API", async () => {
    const approved = await admin.post('/settings/templates/check', {
      contentSid: EMULATOR_TEMPLATES.eventReminder,
    });
    expect(approved.status).toBe(200);
    expect(approved.body.data).toMatchObject({
      ok: true,
      message: '"event_reminder" is approved for WhatsApp.',
      template: {
        sid: EMULATOR_TEMPLATES.eventReminder,
        language: 'en',
        body: expect.stringContaining('a reminder: *{{2}}* starts {{3}}'),
        types: ['twilio/text'],
        approval: { status: 'approved', category: 'utility', rejectionReason: null },
      },
    });

    const rejected = await admin.post('/settings/templates/check', {
      contentSid: EMULATOR_TEMPLATES.rejected,
    });
    expect(rejected.body.data).toMatchObject({
      ok: false,
      message: expect.stringContaining('was rejected by WhatsApp'),
      template: { approval: { status: 'rejected', rejectionReason: expect.stringContaining('Promotional') } },
    });

    const unknown = await admin.post('/settings/templates/check', { contentSid: `HX${'9'.repeat(32)}` });
    expect(unknown.body.data).toMatchObject({ ok: false, message: expect.stringMatching(/not found/i) });

    const malformed = await admin.post('/settings/templates/check', { contentSid: 'not-a-sid' });
    expect(malformed.status).toBe(400);
  });
});

describe('a reply that finds the 24-hour window closed', () => {
  /** A member whose message waited out the window (an outage): the answer comes 26 h after it. */
  const answerLate = async (answer: string) => {
    const member = await registerMember(pipeline);
    const phone = await linkPhone(pipeline, newPhone(), member.email, member.password);
    const { messageSid } = await answerAfterOutage(pipeline, phone, { question: 'Anything new?', answer });
    return { member, phone, messageSid };
  };

  it('goes out as the re-engagement template, filled for the member and billed as utility', async () => {
    expect((await admin.put('/settings', { templates: { reengagement } })).status).toBe(200);
    const { member, phone, messageSid } = await answerLate('The climate meetup is on Thursday.');

    const [part] = await outbound().findMany({ where: { turnKey: messageSid } });
    expect(part).toMatchObject({
      body: 'The climate meetup is on Thursday.',
      template: {
        purpose: 'reengagement',
        category: 'utility',
        reference: EMULATOR_TEMPLATES.reengagement,
        variables: { 1: member.username, 2: expect.any(String) },
      },
    });
    // Taken by Twilio (its delivery callbacks are the pipeline test's concern).
    expect(part.providerSid).toMatch(/^SM/);
    const received = pipeline.twilio.sentTo(`whatsapp:${phone}`).at(-1);
    expect(received).toMatchObject({ contentSid: EMULATOR_TEMPLATES.reengagement });
    expect(received?.errorCode).toBeUndefined();
    expect(received?.body).toMatch(
      new RegExp(
        `^Hi ${member.username}, your answer from .+ is ready\\. Reply to this message to read it\\.$`
      )
    );

    const row = await ledger().findOne({ where: { sourceKey: `out:${part.id}` } });
    expect(row).toMatchObject({ category: 'utility' });
    expect(Number(row.metaMicros)).toBe(53_400);
  });

  it('is kept unsent, with the reason, when no re-engagement template is set', async () => {
    expect((await admin.put('/settings', { templates: { reengagement: null } })).status).toBe(200);
    const { phone, messageSid } = await answerLate('See you Thursday.');
    const sentBefore = pipeline.twilio.sentTo(`whatsapp:${phone}`).length;
    expect(await outbound().findMany({ where: { turnKey: messageSid } })).toEqual([
      expect.objectContaining({
        status: 'not_sent_window_closed',
        template: null,
        errorMessage: expect.stringMatching(
          /24-hour window.*no reengagement template is set \(Settings → WhatsApp agent → Templates\)$/
        ),
      }),
    ]);
    expect(pipeline.twilio.sentTo(`whatsapp:${phone}`)).toHaveLength(sentBefore);
  });
});
