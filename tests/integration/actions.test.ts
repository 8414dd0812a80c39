import fs from 'node:fs';
import path from 'node:path';
import { DEMO_USERS } from '../../playground/src/seed/users';
import type { ChatRequest } from '../../simulator/scripted-llm';
import { linkPhone, memberWithRole, replyTo, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

// Action tools: the model proposes a write, the member confirms it on WhatsApp, and only then
// the host's own route runs it with the member's access token — its controller, policies and
// validation decide, exactly as for its web app. Here: the playground's RSVP route.

const [ada] = DEMO_USERS;
let pipeline: Pipeline;
let adaPhone: string;
let nextNumber = 4917700000900;
const newPhone = () => `+${(nextNumber += 1)}`;
const strapi = () => pipeline.playground.strapi;
const attendances = () => strapi().db.query('api::attendance.attendance');
const pendingActions = () => strapi().db.query('plugin::whatsapp-agent.pending-action');

type Event = { documentId: string; title: string; startsAt: string };
let upcoming: Event[];

const attendanceOf = async (email: string, event: Event) => {
  const user = await strapi().db.query('plugin::users-permissions.user').findOne({ where: { email } });
  return attendances().findOne({
    where: { user: { id: user.id }, event: { documentId: event.documentId } },
  });
};

/** The model proposes `args` for rsvp_event, then says one sentence. */
const proposeRsvp = (args: Record<string, unknown>) => {
  pipeline.llm.script({ toolCalls: [{ name: 'rsvp_event', arguments: args }] }, (request: ChatRequest) => ({
    content: `Proposed: ${request.messages.at(-1)?.content?.slice(0, 60)}`,
  }));
};

/** Taps a button of the last message `phone` received, and returns the reply it gets once its turn has ended. */
const tap = async (phone: string, title: string) => {
  const last = pipeline.twilio.sentTo(`whatsapp:${phone}`).at(-1);
  if (!last) throw new Error(`Nothing was sent to ${phone}`);
  return replyTo(pipeline, phone, () => pipeline.twilio.tap(last, title));
};

const toolResult = (request: ChatRequest) =>
  JSON.parse(request.messages.at(-1)?.content ?? '{}') as Record<string, unknown>;

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' } });
  adaPhone = await linkPhone(pipeline, newPhone(), ada.email);
  upcoming = (await strapi()
    .documents('api::event.event')
    .findMany({
      // Ada's community's: the agent's tools only see those.
      filters: { startsAt: { $gt: new Date().toISOString() }, community: { slug: ada.community } },
      sort: ['startsAt:asc'],
      status: 'published',
    })) as unknown as Event[];
});

beforeEach(() => pipeline.llm.reset());

afterAll(async () => {
  await pipeline?.stop();
});

it('asks before it writes; Yes runs the host route as the member, once', async () => {
  const event = upcoming[0];
  proposeRsvp({ documentId: event.documentId, status: 'going' });
  const asked = await say(pipeline, adaPhone, `Book me into ${event.title}`);
  expect(asked).toContain(`RSVP *going* to *${event.title}* on `);
  expect(asked).toMatch(/Reply YES to confirm or NO to cancel\.$/);
  expect(await attendanceOf(ada.email, event)).toBeNull();
  // The model was told nothing happened yet.
  expect(toolResult(pipeline.llm.requests[1])).toMatchObject({ status: 'waiting_for_confirmation' });

  // On WhatsApp the question comes with buttons; the member taps Yes.
  const question = pipeline.twilio.sentTo(`whatsapp:${adaPhone}`).at(-1);
  expect(question).toMatchObject({
    contentSid: expect.stringMatching(/^HX/),
    // Each button names the proposal it answers.
    buttons: [
      { id: expect.stringMatching(/^confirm:yes:\d+$/), title: 'Yes' },
      { id: expect.stringMatching(/^confirm:no:\d+$/), title: 'No' },
    ],
  });
  expect(question?.body).toBe(asked);
  const done = await tap(adaPhone, 'Yes');
  expect(done).toMatch(
    new RegExp(`^Done: RSVP \\*going\\* to \\*${event.title}\\* on .*\\.\n\nWant a reminder`)
  );
  expect(await attendanceOf(ada.email, event)).toMatchObject({ status: 'going' });
  expect(pipeline.llm.requests).toHaveLength(2);

  // Reminders are offered with the RSVP: a tap opts in, recorded as given with it.
  expect(await tap(adaPhone, 'Remind me')).toMatch(/^Reminders are on/);
  const channel = await strapi()
    .db.query('plugin::whatsapp-agent.channel')
    .findOne({ where: { address: adaPhone } });
  expect(channel.consent.reminders).toMatchObject({ optedIn: true, source: 'rsvp' });

  // A second Yes finds nothing to confirm: it is a new question for the model.
  pipeline.llm.script({ content: 'Yes to what?' });
  expect(await say(pipeline, adaPhone, 'YES')).toBe('Yes to what?');
  expect(await attendances().count({ where: { event: { documentId: event.documentId } } })).toBe(1);
  // The next turn's model sees what happened.
  const history = pipeline.llm.requests.at(-1)?.messages.map((message) => message.content) ?? [];
  expect(history).toContain(done);
});

it('No, another message, or waiting too long: nothing is written', async () => {
  const event = upcoming[1];
  proposeRsvp({ documentId: event.documentId, status: 'going' });
  await say(pipeline, adaPhone, 'RSVP to the second one');
  expect(await say(pipeline, adaPhone, 'no')).toBe('Cancelled: nothing was changed.');

  proposeRsvp({ documentId: event.documentId, status: 'going' });
  await say(pipeline, adaPhone, 'RSVP to the second one');
  pipeline.llm.script({ content: 'Sure, let me look at something else.' });
  expect(await say(pipeline, adaPhone, 'Actually, who is in Lisbon?')).toBe(
    'Sure, let me look at something else.'
  );

  proposeRsvp({ documentId: event.documentId, status: 'going' });
  await say(pipeline, adaPhone, 'RSVP to the second one');
  await pendingActions().updateMany({
    where: { status: 'pending' },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  expect(await say(pipeline, adaPhone, 'YES')).toMatch(/^That question expired \(10 minutes/);

  expect(await attendanceOf(ada.email, event)).toBeNull();
  expect(
    (await pendingActions().findMany({ where: { tool: 'rsvp_event' } })).map((row) => row.status)
  ).toEqual(expect.arrayContaining(['cancelled', 'expired']));
});

it('takes the member from the token, not from what the model says, and checks the arguments', async () => {
  const event = upcoming[2];
  const bob = DEMO_USERS[1];
  const bobUser = await strapi()
    .db.query('plugin::users-permissions.user')
    .findOne({ where: { email: bob.email } });

  // Not a valid answer: refused to the model, nothing proposed.
  proposeRsvp({ documentId: event.documentId, status: 'maybe' });
  expect(await say(pipeline, adaPhone, 'Maybe to the third one')).toMatch(/^Proposed: /);
  expect(toolResult(pipeline.llm.requests[1])).toEqual({
    error: expect.stringMatching(/^Invalid arguments: status/),
  });
  expect(await pendingActions().count({ where: { status: 'pending' } })).toBe(0);

  // Someone else's id in the arguments: not part of the action, not sent.
  proposeRsvp({ documentId: event.documentId, status: 'going', user: bobUser.id });
  await say(pipeline, adaPhone, 'Book Bob in');
  await say(pipeline, adaPhone, 'yes');
  expect(await attendanceOf(ada.email, event)).toMatchObject({ status: 'going' });
  expect(await attendanceOf(bob.email, event)).toBeNull();

  // An event that does not exist: the model hears so, the member is asked nothing.
  proposeRsvp({ documentId: 'no-such-event', status: 'going' });
  await say(pipeline, adaPhone, 'Book the secret one');
  expect(toolResult(pipeline.llm.requests.at(-1) as ChatRequest)).toEqual({ error: expect.any(String) });
  expect(await pendingActions().count({ where: { status: 'pending' } })).toBe(0);
});

it("answers the host's refusal (403) clearly when the member's role may not use the route", async () => {
  // A member of Ada's community whose role reads events but may not RSVP.
  const reader = await memberWithRole(pipeline, ['api::event.event.find', 'api::event.event.findOne'], {
    community: ada.community,
  });
  const phone = await linkPhone(pipeline, newPhone(), reader.email, reader.password);

  const event = upcoming[3];
  proposeRsvp({ documentId: event.documentId, status: 'going' });
  await say(pipeline, phone, 'Book me in');
  expect(await say(pipeline, phone, 'JA')).toBe(
    'That did not go through: you are not allowed to do that on the community site. Nothing was changed.'
  );
  expect(await attendanceOf(reader.email, event)).toBeNull();
  expect(await pendingActions().findOne({ where: { tool: 'rsvp_event', status: 'failed' } })).toMatchObject({
    outcome: 'you are not allowed to do that on the community site.',
  });
});

it('a spoken Yes (a voice note) confirms like a typed one', async () => {
  const phone = await linkPhone(pipeline, newPhone(), ada.email);
  const event = upcoming[5];
  proposeRsvp({ documentId: event.documentId, status: 'going' });
  await say(pipeline, phone, `Book me into ${event.title}`);

  // The media stage makes the turn's text "[voice note] Yes." from the transcript.
  pipeline.llm.scriptTranscription({ text: 'Yes.' });
  const voiceNote = fs.readFileSync(path.join(__dirname, '../../simulator/samples/who-should-i-meet.ogg'));
  await replyTo(pipeline, phone, () =>
    pipeline.twilio.sendInbound({
      from: `whatsapp:${phone}`,
      body: '',
      media: [{ contentType: 'audio/ogg', data: voiceNote }],
    })
  );
  expect(await attendanceOf(ada.email, event)).toMatchObject({ status: 'going' });
  expect(pipeline.llm.transcriptions).toHaveLength(1);
});
