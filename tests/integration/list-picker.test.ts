import { DEMO_USERS } from '../../playground/src/seed/users';
import type { ChatRequest } from '../../simulator/scripted-llm';
import { linkPhone, replyTo, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

// A reply that presents a few events offers them as WhatsApp's list picker: the member picks one
// instead of typing its name, and the model learns which event (its documentId) was picked.

const [ada] = DEMO_USERS;
let pipeline: Pipeline;
let phone: string;

/** The events the search found (the tool's result the model got). */
const foundEvents = (request: ChatRequest) =>
  (
    JSON.parse(request.messages.at(-1)?.content ?? '{}') as {
      events: Array<{ documentId: string; title: string }>;
    }
  ).events;

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' } });
  phone = await linkPhone(pipeline, '+4917700001001', ada.email);
});

afterAll(async () => {
  await pipeline?.stop();
});

it('offers the events a reply names as a list; a pick reaches the model with the event’s documentId', async () => {
  let named: Array<{ documentId: string; title: string }> = [];
  pipeline.llm.script(
    { toolCalls: [{ name: 'search_events', arguments: { from: new Date().toISOString() } }] },
    (request: ChatRequest) => {
      named = foundEvents(request).slice(0, 3);
      return { content: `Coming up: ${named.map((event) => event.title).join(', ')}.` };
    }
  );
  await say(pipeline, phone, 'What is coming up?');
  expect(named.length).toBeGreaterThanOrEqual(2);

  const message = pipeline.twilio.sentTo(`whatsapp:${phone}`).at(-1);
  expect(message?.body).toMatch(/^Coming up: /);
  expect(message?.list).toEqual({
    button: 'Choose an event',
    items: named.map((event) => ({
      id: `events:${event.documentId}`,
      title: event.title.length <= 24 ? event.title : `${event.title.slice(0, 23)}…`,
      description: expect.stringMatching(/^\w{3} \d+ \w{3}, \d\d:\d\d/),
    })),
  });

  pipeline.llm.script({ content: 'Good choice.' });
  expect(
    await replyTo(pipeline, phone, () => pipeline.twilio.pick(message!, message!.list!.items[1].title))
  ).toBe('Good choice.');
  expect(pipeline.llm.requests.at(-1)?.messages.at(-1)).toMatchObject({
    role: 'user',
    content: `I pick "${message!.list!.items[1].title}" (events documentId ${named[1].documentId})`,
  });
});

it('offers no list when the reply names fewer than two of the events found', async () => {
  pipeline.llm.script({ toolCalls: [{ name: 'search_events', arguments: {} }] }, (request: ChatRequest) => ({
    content: `The next one is ${foundEvents(request)[0]?.title}.`,
  }));
  await say(pipeline, phone, 'What is next?');
  const message = pipeline.twilio.sentTo(`whatsapp:${phone}`).at(-1);
  expect(message?.body).toMatch(/^The next one is /);
  expect(message?.list).toBeUndefined();
  expect(message?.contentSid).toBeUndefined();
});
