import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { DEMO_PASSWORD, DEMO_USERS } from '../../playground/src/seed/users';
import type { ChatRequest } from '../../simulator/scripted-llm';
import { loadMetaDescription } from '../contract/support/meta-description';
import { formatViolations, type Exchange } from '../contract/support/openapi';
import { startRecordingProxy, type RecordingProxy } from '../contract/support/recording-proxy';
import { eventually, settle } from '../support/eventually';
import { META_PHONE_NUMBER_ID, startProvider, type ProviderHarness } from '../support/providers';
import { turnsEnded } from '../support/turns';

/**
 * A whole conversation through the real plugin on Meta's Cloud API, with recording proxies on both
 * sides of the Meta emulator: every Graph API request the plugin sent (and the emulator's answer),
 * and every webhook body the emulator posted to the plugin, is checked against Meta's own OpenAPI
 * description (contracts/meta). A step fails on anything the description does not allow.
 */

const [ada] = DEMO_USERS;
const voiceNote = fs.readFileSync(path.join(__dirname, '../../simulator/samples/who-should-i-meet.ogg'));
const description = loadMetaDescription();
let api: RecordingProxy;
let webhooks: RecordingProxy;
let provider: ProviderHarness;
const phone = '+4917800002701';
const request = () => provider.playground().request();
const received = () => provider.received(phone);

/** Graph API calls and webhook bodies since the marks, each checked; returns the API calls. */
const checkSince = (apiStart: number, webhookStart: number) => {
  const calls = api.exchanges.slice(apiStart);
  const posted = webhooks.exchanges.slice(webhookStart).filter(({ method }) => method === 'POST');
  expect(calls.length + posted.length).toBeGreaterThan(0);
  const violations = [
    ...calls.flatMap((exchange) => description.check(exchange)),
    ...posted.flatMap(({ requestBody }) => description.checkWebhook(JSON.parse(requestBody))),
  ];
  expect(formatViolations(violations)).toBe('');
  return calls;
};
const step = async (run: () => Promise<unknown>) => {
  const marks = [api.exchanges.length, webhooks.exchanges.length] as const;
  await run();
  await settle(300);
  return checkSince(...marks);
};
/** What the phone received in answer to the message `act` sends, once that turn has ended. */
const repliesAfter = async (act: () => Promise<{ status: number; messageId: string }>) => {
  const before = received().length;
  const { status, messageId } = await act();
  expect(status).toBe(200);
  await turnsEnded(provider.playground().strapi, [messageId]);
  const replies = received().slice(before);
  expect(replies.length).toBeGreaterThan(0);
  return replies;
};
const operations = (exchanges: Exchange[]) =>
  [...new Set(exchanges.map(({ method, url }) => `${method} ${url.split('?')[0]}`))].sort();

beforeAll(async () => {
  api = await startRecordingProxy();
  webhooks = await startRecordingProxy();
  provider = await startProvider('meta', {
    apiUrl: (emulatorUrl) => {
      api.forwardTo(emulatorUrl);
      return api.url;
    },
    webhookUrl: (strapiUrl) => {
      webhooks.forwardTo(strapiUrl);
      return webhooks.url;
    },
  });
});

afterAll(async () => {
  await provider?.stop();
  await api?.stop();
  await webhooks?.stop();
});

it('links a phone and answers a question (messages, read receipt with typing, statuses)', async () => {
  const calls = await step(async () => {
    const login = await request()
      .post('/api/auth/local')
      .send({ identifier: ada.email, password: DEMO_PASSWORD });
    const code = await request()
      .post('/api/whatsapp-agent/link-codes')
      .set('Authorization', `Bearer ${login.body.jwt}`);
    const [linked] = await repliesAfter(() => provider.send(phone, code.body.code));
    expect(linked.body).toMatch(/^Linked to /);
    provider.llm.script({ content: 'The climate meetup is on Thursday.' });
    const [answer] = await repliesAfter(() => provider.send(phone, 'Anything this week?'));
    expect(answer.body).toBe('The climate meetup is on Thursday.');
  });
  expect(operations(calls)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^POST \/v\d+\.\d\/\d+\/messages$/)])
  );
  expect(calls.some(({ requestBody }) => requestBody.includes('"status":"read"'))).toBe(true);
});

it('asks to confirm an RSVP with reply buttons, and the tap books it', async () => {
  const [event] = (await provider
    .playground()
    .strapi.documents('api::event.event')
    .findMany({
      filters: { startsAt: { $gt: new Date().toISOString() }, community: { slug: ada.community } },
      sort: ['startsAt:asc'],
      status: 'published',
    })) as unknown as Array<{ documentId: string; title: string }>;
  await step(async () => {
    provider.llm.script(
      { toolCalls: [{ name: 'rsvp_event', arguments: { documentId: event.documentId, status: 'going' } }] },
      { content: 'Shall I?' }
    );
    const [question] = await repliesAfter(() => provider.send(phone, `Book me into ${event.title}`));
    expect(question.buttons?.map((button) => button.title)).toEqual(['Yes', 'No']);
    const [done] = await repliesAfter(() => provider.tap(question, 'Yes'));
    expect(done.body).toMatch(/^Done: RSVP \*going\*/);
  });
});

it('offers events as a list and takes the pick', async () => {
  await step(async () => {
    provider.llm.script(
      { toolCalls: [{ name: 'search_events', arguments: { from: new Date().toISOString() } }] },
      (chat: ChatRequest) => {
        const { events } = JSON.parse(chat.messages.at(-1)?.content ?? '{}') as {
          events: Array<{ title: string }>;
        };
        return { content: `Coming up: ${events.map((event) => event.title).join(', ')}.` };
      }
    );
    const [offer] = await repliesAfter(() => provider.send(phone, 'What is coming up?'));
    expect(offer.list?.items.length).toBeGreaterThanOrEqual(2);
    provider.llm.script({ content: 'Good choice.' });
    const [answer] = await repliesAfter(() => provider.pick(offer, offer.list!.items[0].title));
    expect(answer.body).toBe('Good choice.');
  });
});

it('downloads a voice note through the Graph API (media id, then its URL) and answers it', async () => {
  const calls = await step(async () => {
    provider.llm.script({ content: 'Meet Ben.' });
    const [answer] = await repliesAfter(() => provider.sendVoiceNote(phone, voiceNote));
    expect(answer.body).toBe('Meet Ben.');
  });
  expect(operations(calls)).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^GET \/v\d+\.\d\/\d+$/),
      expect.stringMatching(/^GET \/media\/\d+$/),
    ])
  );
});

it('reports a reply refused outside the 24-hour window as a described failed status', async () => {
  await step(async () => {
    provider.llm.script(async () => {
      provider.advanceClock(25 * 60 * 60 * 1000);
      return { content: 'Here is the answer, a day late.' };
    });
    expect((await provider.send(phone, 'Who is new?')).status).toBe(200);
    // Accepted, then failed in a status webhook (checked with the others).
    await eventually(() =>
      expect(received().at(-1)).toMatchObject({
        body: 'Here is the answer, a day late.',
        status: 'failed',
        errorCode: 131047,
      })
    );
  });
});

it('checks the phone number and a template for the admin panel (Test connection, Check)', async () => {
  const token = (await request().post('/admin/login').send(DEMO_ADMIN)).body.data.token as string;
  const calls = await step(async () => {
    const number = await request()
      .post('/whatsapp-agent/settings/check-meta')
      .set('Authorization', `Bearer ${token}`);
    expect(number.body.data).toMatchObject({ ok: true });
    const template = await request()
      .post('/whatsapp-agent/settings/templates/check')
      .set('Authorization', `Bearer ${token}`)
      .send({ contentSid: 'event_reminder:en' });
    expect(template.body.data).toMatchObject({ ok: true });
  });
  expect(operations(calls)).toHaveLength(2);
  expect(operations(calls)).toEqual(
    expect.arrayContaining([
      `GET /v23.0/${META_PHONE_NUMBER_ID}`,
      expect.stringMatching(/^GET \/v23\.0\/\d+\/message_templates$/),
    ])
  );
});
