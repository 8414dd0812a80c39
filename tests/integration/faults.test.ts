import type { ChatRequest, ScriptedAnswer } from '../../simulator/scripted-llm';
import { liftDefaultPlan } from '../support/admins';
import { eventually, settle } from '../support/eventually';
import { expectLogged, note } from '../support/log-capture';
import { login, registerMember, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

/**
 * What a member sees when a provider misbehaves: the model fails or hangs, Twilio refuses sends
 * for a while. Every test prints what the Twilio emulator received, and checks the member gets
 * one reply per turn, never a late or doubled one, and that no message is lost from the inbox.
 *
 * agent.test.ts already checks that a failing model (500, timeout) gets an apology and leaves
 * the message failed with its error; pipeline.test.ts that one Twilio 500 is retried. These
 * go further: the apology is the only message, nothing arrives once the hung call ends, the
 * next message is answered normally, and a 429 followed by a 500 still delivers exactly once.
 */

const LLM_TIMEOUT_MS = 4_000;
let pipeline: Pipeline;
let nextNumber = 4916000001000;

const strapi = () => pipeline.playground.strapi;
const inbound = () => strapi().db.query('plugin::whatsapp-agent.inbound-message');
const outbound = () => strapi().db.query('plugin::whatsapp-agent.outbound-message');
const ledger = () => strapi().db.query('plugin::whatsapp-agent.usage-record');
const apology = (): string => strapi().plugin('whatsapp-agent').service('settings').message('apology', {});
const bodiesTo = (phone: string) =>
  pipeline.twilio.sentTo(`whatsapp:${phone}`).map((message) => message.body);
/** Notes what the Twilio emulator sent the member after "Linked to…" (shown if the test fails). */
const report = (fault: string, phone: string) =>
  note(
    `[faults] ${fault}: the emulator sent ${phone} ${bodiesTo(phone).length - 1} message(s) after linking: ${JSON.stringify(bodiesTo(phone).slice(1))}`
  );

/** A new member with a phone linked to them: no history, rate limit or turn count shared with another test. */
const linkedPhone = async () => {
  const member = await registerMember(pipeline);
  const { jwt } = await login(pipeline, member.email, member.password);
  const { code } = await requestLinkCode(pipeline, jwt);
  const phone = `+${(nextNumber += 1)}`;
  expect(await say(pipeline, phone, code)).toMatch(/^Linked to/);
  return phone;
};

const lastUserText = (request: ChatRequest) =>
  request.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';

beforeAll(async () => {
  pipeline = await startPipeline({
    env: {
      WHATSAPP_AGENT_LLM_TIMEOUT_MS: String(LLM_TIMEOUT_MS),
      WHATSAPP_AGENT_BURST_WINDOW_MS: '0',
      WHATSAPP_AGENT_RETRY_BASE_MS: '500',
    },
  });
  await liftDefaultPlan(pipeline);
});

beforeEach(() => pipeline.llm.reset());

afterAll(async () => {
  await pipeline?.stop();
});

describe('the model fails', () => {
  // The openai client tries twice (maxRetries 1): both calls fail, or both hang past the timeout.
  it.each<[string, ScriptedAnswer, number]>([
    ['answers 500', { status: 500 }, 0],
    ['hangs past the timeout', { delayMs: 3 * LLM_TIMEOUT_MS, content: 'Too late' }, 3 * LLM_TIMEOUT_MS],
  ])(
    'when it %s: one apology, the message kept as failed, nothing late, and the next message answered',
    async (fault, failure, hangMs) => {
      const phone = await linkedPhone();
      const linkMessages = bodiesTo(phone).length;
      pipeline.llm.script(failure, failure);

      const started = Date.now();
      const { messageSid, status } = await pipeline.twilio.sendInbound({
        from: `whatsapp:${phone}`,
        body: 'Which events are next week?',
      });
      expect(status).toBe(200);
      await pipeline.twilio.waitFor(() => bodiesTo(phone).length > linkMessages);
      const apologisedAfterMs = Date.now() - started;
      // Past the end of the last hung call: an answer arriving that late must not reach the member.
      await settle(hangMs + 1_500);
      report(`model ${fault} (apology after ${apologisedAfterMs} ms)`, phone);

      expect(bodiesTo(phone).slice(linkMessages)).toEqual([apology()]);
      expect(pipeline.llm.requests).toHaveLength(2);
      const stored = await inbound().findOne({ where: { messageSid } });
      expect(stored).toMatchObject({ status: 'failed', body: 'Which events are next week?' });
      expect(stored.error).toMatch(/^LLM failed: /);

      pipeline.llm.script((request) => ({ content: `Answer to "${lastUserText(request)}"` }));
      expect(await say(pipeline, phone, 'And the week after?')).toBe('Answer to "And the week after?"');
      report(`model ${fault}, then the next message`, phone);
      expect(bodiesTo(phone).slice(linkMessages)).toEqual([apology(), 'Answer to "And the week after?"']);
    }
  );
});

describe('Twilio refuses sends for a while', () => {
  it('retries a 429 and then a 500, and delivers the reply exactly once', async () => {
    const phone = await linkedPhone();
    const linkMessages = bodiesTo(phone).length;
    pipeline.llm.script({ content: 'Three events next week.' });
    pipeline.twilio.failNextSends(1, 429, 20429, 'Too Many Requests');
    pipeline.twilio.failNextSends(1, 500, 20500, 'Internal Server Error');

    const { messageSid } = await pipeline.twilio.sendInbound({
      from: `whatsapp:${phone}`,
      body: 'Any events next week?',
    });
    await pipeline.twilio.waitFor(() => bodiesTo(phone).length > linkMessages);
    await settle();
    report('Twilio 429 then 500', phone);

    const replies = pipeline.twilio.sentTo(`whatsapp:${phone}`).slice(linkMessages);
    expect(replies.map((message) => message.body)).toEqual(['Three events next week.']);
    // One model call: the retries were the outbox's, not the turn's.
    expect(pipeline.llm.requests).toHaveLength(1);
    await eventually(async () => {
      expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({ status: 'processed' });
      const parts = await outbound().findMany({ where: { to: phone, body: 'Three events next week.' } });
      expect(parts).toEqual([
        expect.objectContaining({ providerSid: replies[0].sid, status: 'delivered', errorCode: null }),
      ]);
      // Billed once, however often it was tried.
      expect(await ledger().count({ where: { sourceKey: `out:${parts[0].id}` } })).toBe(1);
    });
  });

  it('retries the turn when Twilio refuses longer than the outbox retries, and answers a message sent meanwhile on its own', async () => {
    const phone = await linkedPhone();
    const linkMessages = bodiesTo(phone).length;
    pipeline.llm.script(
      ...[1, 2, 3].map(() => (request: ChatRequest) => ({ content: `Answer to "${lastUserText(request)}"` }))
    );
    // The outbox tries a part 4 times: the 4 failures outlast them, the turn is retried later.
    pipeline.twilio.failNextSends(4, 500, 20500, 'Internal Server Error');

    const first = await pipeline.twilio.sendInbound({ from: `whatsapp:${phone}`, body: 'First question' });
    await settle(300);
    const second = await pipeline.twilio.sendInbound({ from: `whatsapp:${phone}`, body: 'Second question' });
    await pipeline.twilio.waitFor(() => bodiesTo(phone).length >= linkMessages + 2);
    await expectLogged(
      'error',
      /Turn of channel \d+ failed \(attempt 1\/\d+, will retry\): Internal Server Error/
    );
    await settle();
    report('Twilio 500 × 4 (beyond the outbox retries), a second message meanwhile', phone);
    const memory = pipeline.llm.requests
      .at(-1)
      ?.messages.filter((message) => message.role === 'user' && message.content === 'First question').length;
    note(
      `  the model was called ${pipeline.llm.requests.length} times; the last prompt holds "First question" ${memory} time(s)`
    );

    expect(bodiesTo(phone).slice(linkMessages)).toEqual([
      'Answer to "First question"',
      'Answer to "Second question"',
    ]);
    // The retried turn sent the answer its first try recorded: the model was asked once per
    // question, and the conversation holds the first question once.
    expect(pipeline.llm.requests).toHaveLength(2);
    expect(memory).toBe(1);
    await eventually(async () => {
      for (const { messageSid } of [first, second])
        expect(await inbound().findOne({ where: { messageSid } })).toMatchObject({ status: 'processed' });
    });
  });
});
