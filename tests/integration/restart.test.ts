import { eventually, settle } from '../support/eventually';
import { startPipeline, type Pipeline } from '../support/pipeline';

let pipeline: Pipeline;
const phone = '+4915100000999';

const inbound = () => pipeline.playground.strapi.db.query('plugin::whatsapp-agent.inbound-message');
const repliesTo = () => pipeline.twilio.sentTo(`whatsapp:${phone}`);

beforeAll(async () => {
  // The member is "still typing" for a minute: no turn can start before the shutdown.
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '60000' } });
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('a restart', () => {
  it('answers a message accepted just before Strapi stopped, once, after the restart (with the real handler)', async () => {
    const { messageSid, status } = await pipeline.twilio.sendInbound({
      from: `whatsapp:${phone}`,
      body: 'Are you there?',
    });
    expect(status).toBe(200);
    expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({ status: 'pending' });

    // Back with the default burst window: the message is due at once.
    await pipeline.restart({ WHATSAPP_AGENT_BURST_WINDOW_MS: '800' });

    // The restarted Strapi runs the real router: a stranger gets the linking instructions.
    await pipeline.twilio.waitFor(() => repliesTo().length >= 1);
    await settle();
    expect(repliesTo()).toHaveLength(1);
    expect(repliesTo()[0].body).toMatch(/link this number to your account/);
    await eventually(async () =>
      expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({ status: 'processed' })
    );
  });
});
