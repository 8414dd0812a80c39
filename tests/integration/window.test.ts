import { eventually } from '../support/eventually';
import { linkPhone, registerMember, say } from '../support/members';
import { answerAfterOutage } from '../support/outage';
import { startPipeline, type Pipeline } from '../support/pipeline';

// WhatsApp's 24-hour customer-service window: a free-form message may go to a member only
// within 24 h of their last message. The plugin does not offer one outside it (after an outage,
// say), and when Twilio refuses one anyway (63016, by Twilio's clock) it remembers the window
// closed until the member writes again. The emulator keeps the window by its own clock.

const HOURS = 60 * 60 * 1000;
let pipeline: Pipeline;
let nextNumber = 4917700000500;
const newPhone = () => `+${(nextNumber += 1)}`;
const strapi = () => pipeline.playground.strapi;
const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
const outbound = () => strapi().db.query('plugin::whatsapp-agent.outbound-message');

const linkNewMember = async () => {
  const member = await registerMember(pipeline);
  const phone = await linkPhone(pipeline, newPhone(), member.email, member.password);
  return { phone, channel: await channels().findOne({ where: { address: phone } }) };
};

beforeAll(async () => {
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0' } });
});

afterAll(async () => {
  await pipeline?.stop();
});

it('does not offer a reply to Twilio when the member wrote more than 24 hours ago (an outage); the reason is kept', async () => {
  const { phone, channel } = await linkNewMember();
  const sentBefore = pipeline.twilio.sentTo(`whatsapp:${phone}`).length;
  const { messageSid } = await answerAfterOutage(pipeline, phone, {
    question: 'Any events this week?',
    answer: 'The climate meetup on Thursday.',
  });
  const parts = await outbound().findMany({ where: { channelId: channel.id, turnKey: messageSid } });
  expect(parts).toEqual([
    expect.objectContaining({
      body: 'The climate meetup on Thursday.',
      status: 'not_sent_window_closed',
      providerSid: null,
      errorMessage: expect.stringMatching(/^Outside WhatsApp's 24-hour window: the member last wrote at /),
    }),
  ]);
  expect(pipeline.twilio.sentTo(`whatsapp:${phone}`)).toHaveLength(sentBefore);

  // Their next message opens the window again.
  pipeline.llm.script({ content: 'Welcome back!' });
  expect(await say(pipeline, phone, 'Hello?')).toBe('Welcome back!');
});

it("remembers Twilio's 63016 (its clock decides) until the member writes again", async () => {
  const { phone, channel } = await linkNewMember();
  // The model takes its time; meanwhile a day passes at Twilio.
  pipeline.llm.script(async () => {
    pipeline.twilio.advanceClock(25 * HOURS);
    return { content: 'Here is the answer, a day late.' };
  });
  const { messageSid } = await pipeline.twilio.sendInbound({
    from: `whatsapp:${phone}`,
    body: 'Who is new?',
  });

  await eventually(async () =>
    expect(await outbound().findOne({ where: { turnKey: messageSid } })).toMatchObject({
      status: 'failed',
      errorCode: 63016,
    })
  );
  await eventually(async () =>
    expect((await channels().findOne({ where: { id: channel.id } })).windowClosedAt).not.toBeNull()
  );
  expect(pipeline.twilio.sentTo(`whatsapp:${phone}`).at(-1)).toMatchObject({
    body: 'Here is the answer, a day late.',
    status: 'failed',
    errorCode: 63016,
  });

  pipeline.llm.script({ content: 'Now it goes through.' });
  expect(await say(pipeline, phone, 'Still there?')).toBe('Now it goes through.');
  expect(pipeline.twilio.sentTo(`whatsapp:${phone}`).at(-1)?.status).not.toBe('failed');
});
