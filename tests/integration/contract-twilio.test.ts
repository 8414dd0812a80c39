import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { DEMO_USERS } from '../../playground/src/seed/users';
import type { ChatRequest } from '../../simulator/scripted-llm';
import { EMULATOR_TEMPLATES } from '../../simulator/emulator-templates';
import { expectConforming, type Exchange } from '../contract/support/openapi';
import { startRecordingProxy, type RecordingProxy } from '../contract/support/recording-proxy';
import { loadTwilioDescription } from '../contract/support/twilio-description';
import { adminApi, adminLogin } from '../support/admins';
import { eventually } from '../support/eventually';
import { linkPhone, registerMember, replyTo, say } from '../support/members';
import { answerAfterOutage } from '../support/outage';
import { startPipeline, type Pipeline } from '../support/pipeline';

/**
 * A whole conversation through the real plugin and its real twilio client, with a recording proxy
 * between them and the Twilio emulator: every request the plugin sent to Twilio and every answer
 * the emulator gave is checked against Twilio's own OpenAPI description (contracts/twilio). A step
 * fails on anything the description does not allow — a form field it does not list, a value of
 * the wrong type, an answer property it does not describe.
 */

const [ada] = DEMO_USERS;
const description = loadTwilioDescription();
let proxy: RecordingProxy;
let pipeline: Pipeline;
let phone: string;
const strapi = () => pipeline.playground.strapi;
const sent = () => pipeline.twilio.sentTo(`whatsapp:${phone}`);

/** Runs one step and checks what went over the wire meanwhile; returns those exchanges. */
const step = async (run: () => Promise<unknown>) => {
  const start = proxy.exchanges.length;
  await run();
  await pipeline.twilio.idle();
  const exchanges = proxy.exchanges.slice(start);
  expectConforming(description, exchanges);
  return exchanges;
};
const operations = (exchanges: Exchange[]) =>
  [...new Set(exchanges.map(({ method, url }) => `${method} ${url.split('?')[0]}`))].sort();

beforeAll(async () => {
  proxy = await startRecordingProxy();
  pipeline = await startPipeline({
    env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0', WHATSAPP_AGENT_TWILIO_API_URL: proxy.url },
  });
  proxy.forwardTo(pipeline.twilio.url);
});

afterAll(async () => {
  await pipeline?.stop();
  await proxy?.stop();
});

it('links a phone and answers a question as Twilio describes (Messages, typing indicator)', async () => {
  const exchanges = await step(async () => {
    phone = await linkPhone(pipeline, '+4917700002701', ada.email);
    pipeline.llm.script({ content: 'The climate meetup is on Thursday.' });
    expect(await say(pipeline, phone, 'Anything this week?')).toBe('The climate meetup is on Thursday.');
  });
  expect(operations(exchanges)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^POST \/2010-04-01\/Accounts\/AC\w+\/Messages\.json$/),
      'POST /v2/Indicators/Typing.json',
    ])
  );
});

it('asks to confirm an RSVP with buttons, and the tap books it (Content API quick reply)', async () => {
  const [event] = (await strapi()
    .documents('api::event.event')
    .findMany({
      filters: { startsAt: { $gt: new Date().toISOString() }, community: { slug: ada.community } },
      sort: ['startsAt:asc'],
      status: 'published',
    })) as unknown as Array<{ documentId: string; title: string }>;
  const exchanges = await step(async () => {
    pipeline.llm.script(
      { toolCalls: [{ name: 'rsvp_event', arguments: { documentId: event.documentId, status: 'going' } }] },
      { content: 'Shall I?' }
    );
    await say(pipeline, phone, `Book me into ${event.title}`);
    const question = sent().at(-1)!;
    expect(question.buttons?.map((button) => button.title)).toEqual(['Yes', 'No']);
    expect(await replyTo(pipeline, phone, () => pipeline.twilio.tap(question, 'Yes'))).toMatch(
      /^Done: RSVP \*going\*/
    );
  });
  expect(operations(exchanges)).toEqual(expect.arrayContaining(['GET /v1/Content', 'POST /v1/Content']));
});

it('offers events as a list picker and takes the pick (Content API list picker)', async () => {
  await step(async () => {
    pipeline.llm.script(
      { toolCalls: [{ name: 'search_events', arguments: { from: new Date().toISOString() } }] },
      (request: ChatRequest) => {
        const { events } = JSON.parse(request.messages.at(-1)?.content ?? '{}') as {
          events: Array<{ title: string }>;
        };
        return { content: `Coming up: ${events.map((event) => event.title).join(', ')}.` };
      }
    );
    await say(pipeline, phone, 'What is coming up?');
    const offer = sent().at(-1)!;
    expect(offer.list?.items.length).toBeGreaterThanOrEqual(2);
    pipeline.llm.script({ content: 'Good choice.' });
    expect(
      await replyTo(pipeline, phone, () => pipeline.twilio.pick(offer, offer.list!.items[0].title))
    ).toBe('Good choice.');
  });
});

it("downloads a voice note from Twilio's media URL and answers it", async () => {
  const exchanges = await step(async () => {
    pipeline.llm.script({ content: 'Meet *Ben*.' });
    const note = fs.readFileSync(path.join(__dirname, '../../simulator/samples/who-should-i-meet.ogg'));
    const reply = await replyTo(pipeline, phone, () =>
      pipeline.twilio.sendInbound({
        from: `whatsapp:${phone}`,
        body: '',
        media: [{ contentType: 'audio/ogg', data: note }],
      })
    );
    expect(reply).toBe('Meet *Ben*.');
  });
  expect(operations(exchanges)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^GET \/2010-04-01\/Accounts\/AC\w+\/Messages\/MM\w+\/Media\/ME\w+$/),
    ])
  );
});

it('sends the re-engagement template once the 24-hour window closed (Messages with ContentSid)', async () => {
  const admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  const reengagement = {
    contentSid: EMULATOR_TEMPLATES.reengagement,
    category: 'utility',
    variables: { 1: 'memberName', 2: 'communityName' },
  };
  expect((await admin.put('/settings', { templates: { reengagement } })).status).toBe(200);
  const member = await registerMember(pipeline);
  const late = await linkPhone(pipeline, '+4917700002702', member.email, member.password);

  const exchanges = await step(async () => {
    await answerAfterOutage(pipeline, late, {
      question: 'Anything new?',
      answer: 'The meetup is on Thursday.',
    });
    await eventually(() =>
      expect(pipeline.twilio.sentTo(`whatsapp:${late}`).at(-1)).toMatchObject({
        contentSid: EMULATOR_TEMPLATES.reengagement,
      })
    );
  });
  const templated = exchanges.filter(({ requestBody }) => requestBody.includes('ContentSid='));
  expect(templated).toHaveLength(1);
  expect(new URLSearchParams(templated[0].requestBody).get('ContentVariables')).toContain(member.username);
});

it("checks the account, reads Twilio's usage and checks a template for the admin panel", async () => {
  const admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  const exchanges = await step(async () => {
    expect((await admin.post('/settings/check-twilio')).status).toBe(200);
    expect((await admin.get('/usage/twilio')).status).toBe(200);
    const check = await admin.post('/settings/templates/check', {
      contentSid: EMULATOR_TEMPLATES.eventReminder,
    });
    expect(check.body.data).toMatchObject({ ok: true });
  });
  expect(operations(exchanges)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^GET \/2010-04-01\/Accounts\/AC\w+\.json$/),
      expect.stringMatching(/^GET \/2010-04-01\/Accounts\/AC\w+\/Usage\/Records\.json$/),
      `GET /v1/Content/${EMULATOR_TEMPLATES.eventReminder}`,
      `GET /v1/Content/${EMULATOR_TEMPLATES.eventReminder}/ApprovalRequests`,
    ])
  );
});
