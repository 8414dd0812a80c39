import { eventually } from './eventually';
import type { Pipeline } from './pipeline';

const HOURS = 60 * 60 * 1000;

/**
 * A linked member's question answered only after an outage of more than a day: an instance that
 * only acknowledges stores it, then the message (25 h) and the member's last activity (26 h) are
 * dated back, and an answering instance finds the 24-hour window closed. Resolves once it is processed.
 */
export const answerAfterOutage = async (
  pipeline: Pipeline,
  phone: string,
  { question, answer }: { question: string; answer: string }
) => {
  const strapi = () => pipeline.playground.strapi;
  const channels = () => strapi().db.query('plugin::whatsapp-agent.channel');
  const inbound = () => strapi().db.query('plugin::whatsapp-agent.inbound-message');
  const channel = await channels().findOne({ where: { address: phone } });
  await pipeline.restart({ WHATSAPP_AGENT_ROLE: 'web' });
  const { messageSid } = await pipeline.twilio.sendInbound({ from: `whatsapp:${phone}`, body: question });
  await inbound().updateMany({
    where: { messageSid },
    data: { receivedAt: new Date(Date.now() - 25 * HOURS) },
  });
  await channels().updateMany({
    where: { id: channel.id },
    data: { lastInboundAt: new Date(Date.now() - 26 * HOURS) },
  });
  pipeline.llm.script({ content: answer });
  await pipeline.restart();
  await eventually(async () =>
    expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({ status: 'processed' })
  );
  return { messageSid, channel };
};
