import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { DEMO_USERS } from '../../playground/src/seed/users';
import type { ChatRequest } from '../../simulator/scripted-llm';
import type { SentMessage } from '../../simulator/twilio-emulator';
import { adminApi, adminLogin } from '../support/admins';
import { eventually } from '../support/eventually';
import { linkPhone, registerMember, replyTo, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { turnsEnded } from '../support/turns';

// Issue 23, the holes around actions and reminders: a Yes answers only the question it was
// asked for, a burst of Yeses is a Yes, an action's path stays under /api/, a proposal dies
// with UNLINK (and with retention), and a reminder follows the published event, not a draft.

const [ada] = DEMO_USERS;
const MINUTES = 60_000;
const HOURS = 60 * MINUTES;
let pipeline: Pipeline;
/** Ada's phone, linked once (linking phrases are rate-limited per member). */
let adaPhone: string;
let nextNumber = 4917700002300;
const newPhone = () => `+${(nextNumber += 1)}`;
const strapi = () => pipeline.playground.strapi;
const attendances = () => strapi().db.query('api::attendance.attendance');
const pendingActions = () => strapi().db.query('plugin::whatsapp-agent.pending-action');
const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
const plugin = () => strapi().plugin('whatsapp-agent');

type Event = { documentId: string; title: string; startsAt: string };
let upcoming: Event[];

const attendanceOf = async (email: string, event: Event) => {
  const user = await strapi().db.query('plugin::users-permissions.user').findOne({ where: { email } });
  return attendances().findOne({
    where: { user: { id: user.id }, event: { documentId: event.documentId } },
  });
};

/** The model calls `tool` with `args`, then says one sentence. */
const propose = (args: Record<string, unknown>, tool = 'rsvp_event') => {
  pipeline.llm.script({ toolCalls: [{ name: tool, arguments: args }] }, { content: 'Shall I?' });
};

const lastSentTo = (phone: string) => pipeline.twilio.sentTo(`whatsapp:${phone}`).at(-1) as SentMessage;

/** Taps a button of `message` and returns the reply it gets once its turn has ended. */
const tap = (phone: string, message: SentMessage, title: string) =>
  replyTo(pipeline, phone, () => pipeline.twilio.tap(message, title));

const toolResult = (request: ChatRequest | undefined) =>
  JSON.parse(request?.messages.at(-1)?.content ?? '{}') as Record<string, unknown>;

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' } });
  upcoming = (await strapi()
    .documents('api::event.event')
    .findMany({
      filters: { startsAt: { $gt: new Date().toISOString() }, community: { slug: ada.community } },
      sort: ['startsAt:asc'],
      status: 'published',
    })) as unknown as Event[];
  adaPhone = await linkPhone(pipeline, newPhone(), ada.email);
});

beforeEach(() => pipeline.llm.reset());

afterAll(async () => {
  await pipeline?.stop();
});

describe('a confirmation answers its own question only', () => {
  it('a Yes tapped on an older question writes nothing and says that question expired', async () => {
    const phone = adaPhone;
    const [first, second] = upcoming;
    propose({ documentId: first.documentId, status: 'going' });
    await say(pipeline, phone, `Book me into ${first.title}`);
    const q1 = lastSentTo(phone);
    expect(q1.buttons?.map((button) => button.title)).toEqual(['Yes', 'No']);

    // Something else cancels Q1; then the model asks Q2 about another event.
    pipeline.llm.script({ content: 'Berlin has a few.' });
    await say(pipeline, phone, 'What else is on?');
    propose({ documentId: second.documentId, status: 'not_going' });
    await say(pipeline, phone, `I cannot make ${second.title}`);
    const q2 = lastSentTo(phone);

    expect(await tap(phone, q1, 'Yes')).toMatch(/^That question expired/);
    expect(await attendanceOf(ada.email, first)).toBeNull();
    expect(await attendanceOf(ada.email, second)).toBeNull();

    // Q2 is still open: its own Yes does it.
    expect(await tap(phone, q2, 'Yes')).toMatch(/^Done: RSVP \*not going\*/);
    expect(await attendanceOf(ada.email, second)).toMatchObject({ status: 'not_going' });
    expect(await attendanceOf(ada.email, first)).toBeNull();
  });

  it('a Yes tapped on a cancelled question writes nothing, even with no other question open', async () => {
    const phone = adaPhone;
    const event = upcoming[2];
    propose({ documentId: event.documentId, status: 'going' });
    await say(pipeline, phone, `Book me into ${event.title}`);
    const question = lastSentTo(phone);
    expect(await tap(phone, question, 'No')).toBe('Cancelled: nothing was changed.');

    expect(await tap(phone, question, 'Yes')).toMatch(/^That question expired/);
    expect(await attendanceOf(ada.email, event)).toBeNull();
    // No model was asked what "Yes" meant.
    expect(pipeline.llm.requests).toHaveLength(2);
  });

  it('two Yes taps that arrive together (one turn) confirm it', async () => {
    const phone = adaPhone;
    const event = upcoming[3];
    propose({ documentId: event.documentId, status: 'going' });
    await say(pipeline, phone, `Book me into ${event.title}`);
    const question = lastSentTo(phone);

    // The member is "still typing" while both taps arrive: they become one turn.
    const queue = plugin().service('pluginConfig').get().queue as { burstWindowMs: number };
    queue.burstWindowMs = 60_000;
    const sent = () => pipeline.twilio.sentTo(`whatsapp:${phone}`);
    const before = sent().length;
    const taps: string[] = [];
    try {
      for (let i = 0; i < 2; i += 1) {
        const { status, messageSid } = await pipeline.twilio.tap(question, 'Yes');
        expect(status).toBe(200);
        taps.push(messageSid);
      }
    } finally {
      queue.burstWindowMs = 0;
    }
    const channel = await channels().findOne({ where: { address: phone } });
    await plugin().service('queue').enqueue(channel.id);
    await turnsEnded(strapi(), taps);

    // One turn, one answer.
    expect(
      sent()
        .slice(before)
        .map((reply) => reply.body)
    ).toEqual([expect.stringMatching(/^Done: RSVP \*going\*/)]);
    expect(await attendanceOf(ada.email, event)).toMatchObject({ status: 'going' });
    expect(
      await pendingActions().findOne({ where: { channelId: channel.id }, orderBy: { id: 'desc' } })
    ).toMatchObject({ status: 'done' });
  });
});

describe('a proposal ends with the link', () => {
  it('UNLINK cancels the open proposal and erases its question and arguments; a Yes after relinking writes nothing', async () => {
    const phone = await linkPhone(pipeline, newPhone(), ada.email);
    const event = upcoming[4];
    propose({ documentId: event.documentId, status: 'going' });
    await say(pipeline, phone, `Book me into ${event.title}`);
    const channel = await channels().findOne({ where: { address: phone } });

    expect(await say(pipeline, phone, 'UNLINK')).toMatch(/^Unlinked from /);
    const rows = await pendingActions().findMany({ where: { channelId: channel.id } });
    expect(rows).toEqual([expect.objectContaining({ status: 'cancelled', question: '', args: {} })]);
    expect(JSON.stringify(rows)).not.toContain(event.documentId);

    await linkPhone(pipeline, phone, ada.email);
    pipeline.llm.script({ content: 'Yes to what?' });
    expect(await say(pipeline, phone, 'yes')).toBe('Yes to what?');
    expect(await attendanceOf(ada.email, event)).toBeNull();
  });

  it('retention erases the question and arguments of proposals older than the retention period', async () => {
    const event = upcoming[5];
    propose({ documentId: event.documentId, status: 'going' });
    await say(pipeline, adaPhone, `Book me into ${event.title}`);
    expect(await say(pipeline, adaPhone, 'no')).toBe('Cancelled: nothing was changed.');
    const channel = await channels().findOne({ where: { address: adaPhone } });
    const latest = async () => {
      const row = await pendingActions().findOne({
        where: { channelId: channel.id },
        orderBy: { id: 'desc' },
      });
      return { status: row.status, question: row.question, args: row.args };
    };

    // 29 days on: kept. 31 days on (default retention 30 days): erased.
    await plugin()
      .service('privacy')
      .applyRetention(Date.now() + 29 * 24 * HOURS);
    expect((await latest()).args).toEqual({ documentId: event.documentId, status: 'going' });
    await plugin()
      .service('privacy')
      .applyRetention(Date.now() + 31 * 24 * HOURS);
    expect(await latest()).toEqual({ status: 'cancelled', question: '', args: {} });
  });
});

describe('a reminder follows the published event', () => {
  it('a draft moving the event to in 40 minutes sends nothing now; the real reminder still goes at its time', async () => {
    const start = Date.now() + 30 * HOURS;
    const created = await strapi()
      .documents('api::event.event')
      .create({
        data: {
          title: `Draft-moved meetup ${Date.now()}`,
          startsAt: new Date(start).toISOString(),
          location: 'Betahaus',
          visibility: 'members',
        },
        status: 'published',
      } as never);
    const member = await registerMember(pipeline);
    const phone = await linkPhone(pipeline, newPhone(), member.email, member.password);
    await say(pipeline, phone, 'REMINDERS ON');
    const rsvp = await pipeline.playground
      .request()
      .post(`/api/events/${created.documentId}/rsvp`)
      .set('Authorization', `Bearer ${member.jwt}`)
      .send({ status: 'going' });
    expect(rsvp.status).toBeLessThan(300);

    // An editor saves a draft (not published) that starts in 40 minutes.
    await strapi()
      .documents('api::event.event')
      .update({
        documentId: created.documentId,
        data: { startsAt: new Date(Date.now() + 40 * MINUTES).toISOString() },
      } as never);

    const reminders = () =>
      pipeline.twilio
        .sentTo(`whatsapp:${phone}`)
        .map((message) => message.body)
        .filter((body) => body.startsWith('Reminder:'));
    const scheduler = plugin().service('scheduler');
    await scheduler.runOnce();
    expect(reminders()).toEqual([]);

    // The published start: the 24-hour reminder 6 hours from now, the 1-hour one a day later.
    await scheduler.runOnce(new Date(start - 24 * HOURS + MINUTES));
    await eventually(() => expect(reminders()).toHaveLength(1));
    await scheduler.runOnce(new Date(start - HOURS + MINUTES));
    await eventually(() => expect(reminders()).toHaveLength(2));
    expect(reminders()[1]).toMatch(/^Reminder: \*Draft-moved meetup \d+\* starts in/);
  });
});

describe('action paths stay under /api/', () => {
  let admin: ReturnType<typeof adminApi>;
  const rsvpEvent = () =>
    (plugin().service('settings').agent().actions as Array<{ name: string }>).find(
      (action) => action.name === 'rsvp_event'
    );

  beforeAll(async () => {
    admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
  });

  it('the settings refuse dot segments and encoded slashes in a path, naming the field', async () => {
    for (const path of [
      '/api/../admin/users/me',
      '/api/./events',
      '/api/events/..',
      '/api/%2e%2E/admin/users/me',
      '/api/events%2F..%2Fadmin',
      '/api/events%2f{documentId}',
      '/api/events%5C..%5Cadmin',
    ]) {
      const response = await admin.put('/settings', { actions: [{ ...rsvpEvent(), path }] });
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(response.body.error.details.errors).toEqual([
        { path: ['actions', 0, 'path'], message: expect.stringMatching(/dot segments|encoded/) },
      ]);
    }
  });

  it('an argument "." or ".." (or empty) in a path is refused before the member is asked', async () => {
    // An action about no record: nothing reads the id before the path is filled.
    const unchecked = {
      ...rsvpEvent(),
      name: 'rsvp_unchecked',
      record: undefined,
      confirm: 'RSVP {status}?',
    };
    expect((await admin.put('/settings', { actions: [rsvpEvent(), unchecked] })).status).toBeLessThan(300);
    const proposed = () => pendingActions().count({ where: { tool: 'rsvp_unchecked' } });
    for (const documentId of ['..', '.', '']) {
      pipeline.llm.reset();
      propose({ documentId, status: 'going' }, 'rsvp_unchecked');
      await say(pipeline, adaPhone, 'Book me in');
      expect(toolResult(pipeline.llm.requests[1])).toEqual({
        error: expect.stringMatching(/^Invalid arguments: documentId/),
      });
    }
    expect(await proposed()).toBe(0);
  });
});
