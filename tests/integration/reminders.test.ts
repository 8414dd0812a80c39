import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { createProactiveSender } from '../../server/src/scheduler/send-proactive';
import { latestWeekly } from '../../server/src/scheduler/zoned-time';
import { EMULATOR_TEMPLATES } from '../../simulator/emulator-templates';
import { adminApi, adminLogin } from '../support/admins';
import { linkPhone, registerMember, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

// Proactive messages: reminders before the events a member RSVP'd `going` to (24 h and 1 h
// before), and the weekly digest — only to members who opted in, each once however many
// instances look and however often they restart, through the outbox (a template outside the
// 24-hour window). The RSVPs are made through the host's own route, as the member.

const HOURS = 60 * 60 * 1000;
let pipeline: Pipeline;
let admin: ReturnType<typeof adminApi>;
let nextNumber = 4917700000900;
const newPhone = () => `+${(nextNumber += 1)}`;
const strapi = () => pipeline.playground.strapi;
const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
const proactive = () => strapi().db.query('plugin::whatsapp-agent.proactive-message');
const outbound = () => strapi().db.query('plugin::whatsapp-agent.outbound-message');
const ledger = () => strapi().db.query('plugin::whatsapp-agent.usage-record');
const scheduler = () => strapi().plugin('whatsapp-agent').service('scheduler');

let titles = 0;
/** A published event without a community (what members without one see), starting `inMs` from now. */
const createEvent = async (inMs: number, from = Date.now()) => {
  titles += 1;
  const title = `Reminder test meetup ${titles} ${Date.now()}`;
  const event = await strapi()
    .documents('api::event.event')
    .create({
      data: {
        title,
        startsAt: new Date(from + inMs).toISOString(),
        location: 'Betahaus',
        visibility: 'members',
      },
      status: 'published',
    } as never);
  return { documentId: event.documentId as string, title };
};

/** A linked member, opted in to `optIn` by WhatsApp commands; with a profile naming `locale`, if given. */
const member = async (optIn: string[] = [], locale?: string) => {
  const registered = await registerMember(pipeline);
  if (locale)
    await strapi()
      .db.query('api::member.member')
      .create({ data: { displayName: 'Greta Berg', user: registered.user.id, locale } });
  const phone = await linkPhone(pipeline, newPhone(), registered.email, registered.password);
  for (const command of optIn) await say(pipeline, phone, command);
  return { ...registered, phone, address: `whatsapp:${phone}` };
};

const rsvp = async (jwt: string, documentId: string, status: 'going' | 'not_going') => {
  const response = await pipeline.playground
    .request()
    .post(`/api/events/${documentId}/rsvp`)
    .set('Authorization', `Bearer ${jwt}`)
    .send({ status });
  expect(response.status).toBeLessThan(300);
};

const received = (address: string) => pipeline.twilio.sentTo(address).map((message) => message.body);
const remindersOf = (address: string) => received(address).filter((body) => body.startsWith('Reminder:'));
const digestsOf = (address: string) => received(address).filter((body) => body.startsWith('Coming up'));

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' } });
  admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('event reminders', () => {
  it('go once to an opted-in member going, and to nobody who did not opt in, opted out or is not going', async () => {
    const event = await createEvent(23 * HOURS);
    const ada = await member(['REMINDERS ON']);
    const bob = await member();
    const cleo = await member(['REMINDERS ON']);
    const dan = await member(['REMINDERS ON', 'REMINDERS OFF']);
    await rsvp(ada.jwt, event.documentId, 'going');
    await rsvp(bob.jwt, event.documentId, 'going');
    await rsvp(cleo.jwt, event.documentId, 'not_going');
    await rsvp(dan.jwt, event.documentId, 'going');

    await Promise.all([scheduler().runOnce(), scheduler().runOnce()]);
    await scheduler().runOnce();

    expect(remindersOf(ada.address)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Reminder: \\*${event.title}\\* starts (today|tomorrow) at \\d\\d:\\d\\d \\(\\w{3} \\d+ \\w{3}, \\d\\d:\\d\\d\\), at Betahaus\\. See you there!\\n\\nReply REMINDERS OFF to stop event reminders\\.$`
        )
      ),
    ]);
    for (const other of [bob, cleo, dan]) expect(remindersOf(other.address)).toEqual([]);
    expect(await proactive().findMany({ where: { key: { $contains: event.documentId } } })).toEqual([
      expect.objectContaining({
        kind: 'reminder',
        status: 'sent',
        key: `reminder:1440:${ada.user.id}:${event.documentId}`,
      }),
    ]);

    // A restart looks again at once (catch-up): nothing goes twice.
    await pipeline.restart();
    await scheduler().runOnce();
    expect(remindersOf(ada.address)).toHaveLength(1);
  });

  it('is claimed once when two instances find it due at the same moment', async () => {
    const event = await createEvent(20 * HOURS);
    const eve = await member(['REMINDERS ON']);
    await rsvp(eve.jwt, event.documentId, 'going');
    const channel = await channels().findOne({ where: { address: eve.phone } });
    // Two senders, as two instances have: the database's unique key decides.
    const [first, second] = [createProactiveSender(strapi()), createProactiveSender(strapi())];
    const claim = {
      key: `reminder:1440:${eve.user.id}:${event.documentId}`,
      kind: 'reminder' as const,
      userId: eve.user.id,
      dueAt: new Date(),
      channelId: channel.id as number,
    };
    const compose = async () => ({
      text: 'Reminder from a race',
      template: { purpose: 'eventReminder' as const, values: {} },
    });
    const outcomes = await Promise.all([first.send(claim, compose), second.send(claim, compose)]);
    expect(outcomes.sort()).toEqual(['claimed elsewhere', 'sent']);
    expect(received(eve.address).filter((body) => body === 'Reminder from a race')).toHaveLength(1);

    await scheduler().runOnce();
    expect(remindersOf(eve.address)).toEqual([]);
  });

  it('when Twilio is down at its moment, goes on the next look — once', async () => {
    const event = await createEvent(19 * HOURS);
    const kim = await member(['REMINDERS ON']);
    await rsvp(kim.jwt, event.documentId, 'going');
    // More failures than the outbox's retries: nothing reaches Twilio on this look.
    pipeline.twilio.failNextSends(4, 503, 20503, 'Service Unavailable');
    await scheduler().runOnce();
    expect(remindersOf(kim.address)).toEqual([]);
    const key = `reminder:1440:${kim.user.id}:${event.documentId}`;
    expect(await proactive().findOne({ where: { key } })).toBeNull();

    await scheduler().runOnce();
    await scheduler().runOnce();
    expect(remindersOf(kim.address)).toEqual([expect.stringContaining(`*${event.title}*`)]);
    expect(await proactive().findOne({ where: { key } })).toMatchObject({ status: 'sent' });
    expect(await outbound().findMany({ where: { turnKey: `proactive:${key}` } })).toHaveLength(1);
  });

  it('after downtime, sends the reminder still useful and skips the stale one; none once it started', async () => {
    const soon = await createEvent(30 * 60 * 1000);
    const started = await createEvent(-10 * 60 * 1000);
    const fay = await member(['REMINDERS ON']);
    await rsvp(fay.jwt, soon.documentId, 'going');
    await strapi()
      .db.query('api::attendance.attendance')
      .create({
        data: {
          event: (
            await strapi()
              .db.query('api::event.event')
              .findOne({ where: { documentId: started.documentId } })
          ).id,
          user: fay.user.id,
          status: 'going',
        },
      });

    await scheduler().runOnce();
    expect(remindersOf(fay.address)).toEqual([
      expect.stringContaining(`*${soon.title}* starts in 30 minutes`),
    ]);
    expect((await proactive().findMany({ where: { userId: fay.user.id } })).map((row) => row.key)).toEqual([
      `reminder:60:${fay.user.id}:${soon.documentId}`,
    ]);
  });

  it('outside the 24-hour window goes out as the approved reminder template, billed as utility', async () => {
    await admin.put('/settings', {
      templates: {
        eventReminder: {
          contentSid: EMULATOR_TEMPLATES.eventReminder,
          category: 'utility',
          variables: { 1: 'memberName', 2: 'eventTitle', 3: 'startsIn' },
        },
      },
    });
    const event = await createEvent(22 * HOURS);
    const gus = await member(['REMINDERS ON']);
    await rsvp(gus.jwt, event.documentId, 'going');
    await channels().updateMany({
      where: { address: gus.phone },
      data: { lastInboundAt: new Date(Date.now() - 26 * HOURS) },
    });

    await scheduler().runOnce();
    const message = pipeline.twilio.sentTo(gus.address).at(-1);
    expect(message).toMatchObject({ contentSid: EMULATOR_TEMPLATES.eventReminder });
    expect(message?.body).toMatch(
      new RegExp(
        `^Hi ${gus.username}, a reminder: \\*${event.title}\\* starts (today|tomorrow) at \\d\\d:\\d\\d\\. See you there! Reply REMINDERS OFF to stop event reminders\\.$`
      )
    );
    const [part] = await outbound().findMany({
      where: { turnKey: `proactive:reminder:1440:${gus.user.id}:${event.documentId}` },
    });
    expect(part.providerSid).toMatch(/^SM/);
    expect(await ledger().findOne({ where: { sourceKey: `out:${part.id}` } })).toMatchObject({
      category: 'utility',
    });

    // Without a template it is not sent, and the reason is kept.
    await admin.put('/settings', { templates: { eventReminder: null } });
    const later = await createEvent(21 * HOURS);
    await rsvp(gus.jwt, later.documentId, 'going');
    const before = pipeline.twilio.sentTo(gus.address).length;
    await scheduler().runOnce();
    expect(pipeline.twilio.sentTo(gus.address)).toHaveLength(before);
    expect(
      await proactive().findOne({ where: { key: `reminder:1440:${gus.user.id}:${later.documentId}` } })
    ).toMatchObject({
      status: 'skipped',
    });
  });

  it("outside the window goes in the member's language where the template has a translation, else as the default", async () => {
    const saved = await admin.put('/settings', {
      templates: {
        eventReminder: {
          contentSid: EMULATOR_TEMPLATES.eventReminder,
          category: 'utility',
          variables: { 1: 'memberName', 2: 'eventTitle', 3: 'startsIn' },
          byLanguage: { de: EMULATOR_TEMPLATES.eventReminderDe },
        },
      },
    });
    expect(saved.status).toBe(200);
    const event = await createEvent(22 * HOURS);
    // German by the locale of her profile; German and French by the language each last wrote in.
    const greta = await member(['REMINDERS ON'], 'de-AT');
    const dieter = await member(['REMINDERS ON']);
    const fleur = await member(['REMINDERS ON']);
    const lastWrote = [
      [greta, null],
      [dieter, 'de'],
      [fleur, 'fr'],
    ] as const;
    for (const [someone, language] of lastWrote) {
      await rsvp(someone.jwt, event.documentId, 'going');
      await channels().updateMany({
        where: { address: someone.phone },
        data: { language, lastInboundAt: new Date(Date.now() - 26 * HOURS) },
      });
    }

    await scheduler().runOnce();
    for (const german of [greta, dieter]) {
      const message = pipeline.twilio.sentTo(german.address).at(-1);
      expect(message).toMatchObject({ contentSid: EMULATOR_TEMPLATES.eventReminderDe });
      expect(message?.body).toMatch(new RegExp(`^Hallo \\S+, zur Erinnerung: \\*${event.title}\\* beginnt `));
    }
    // No French translation: the default reference.
    expect(pipeline.twilio.sentTo(fleur.address).at(-1)).toMatchObject({
      contentSid: EMULATOR_TEMPLATES.eventReminder,
      body: expect.stringMatching(/^Hi \S+, a reminder: /),
    });
    await admin.put('/settings', { templates: { eventReminder: null } });
  });
});

describe('the weekly digest', () => {
  it("lists the member's upcoming events once per week, at the community's hour, only if they opted in", async () => {
    // The playground's digest: Mondays at 9:00 in Berlin. Looked at a minute after the last one.
    const slot = latestWeekly({ day: 'monday', hour: 9, timeZone: 'Europe/Berlin' }, new Date());
    const now = new Date(slot.at.getTime() + 60_000);
    const event = await createEvent(5 * 60 * 1000, now.getTime());
    const hal = await member(['DIGEST ON']);
    const ida = await member(['REMINDERS ON']);

    await scheduler().runOnce(now);
    await scheduler().runOnce(new Date(now.getTime() + 60 * 60 * 1000));

    const digests = digestsOf(hal.address);
    expect(digests).toEqual([
      expect.stringMatching(
        new RegExp(`^Coming up in .+:\\n• \\*${event.title}\\* — Mon \\d+ \\w{3}, 09:06\\n`)
      ),
    ]);
    expect(digests[0]).toMatch(
      /\n\nAsk me to book you into one\.\n\nReply DIGEST OFF to stop the weekly digest\.$/
    );
    expect(digestsOf(ida.address)).toEqual([]);
    expect(
      await proactive().findOne({ where: { key: `digest:${slot.localDate}:${hal.user.id}` } })
    ).toMatchObject({
      status: 'sent',
    });

    // Half a day late is too late: it waits for next week.
    const jon = await member(['DIGEST ON']);
    await scheduler().runOnce(new Date(slot.at.getTime() + 13 * HOURS));
    expect(digestsOf(jon.address)).toEqual([]);
  });
});
