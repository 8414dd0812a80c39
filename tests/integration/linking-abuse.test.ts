import { DEMO_USERS } from '../../playground/src/seed/users';
import { deepLinkText, login, registerMember, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';

// Defects found by attacking the linking flow (issue 11): guesses counted per turn, a linked
// member's question taken for a phrase, unlimited paid replies to strangers.
const [ada] = DEMO_USERS;
let pipeline: Pipeline;
let nextNumber = 4917700000100;
const newPhone = () => `+${(nextNumber += 1)}`;

const strapi = () => pipeline.playground.strapi;
const channelOf = (phone: string) =>
  strapi()
    .db.query('plugin::whatsapp-agent.channel')
    .findOne({ where: { address: phone }, populate: ['user'] });
const repliesTo = (phone: string) => pipeline.twilio.sentTo(`whatsapp:${phone}`);
/** Phrase-shaped (three list words + four digits) but never issued. */
const wrongPhrase = (i: number) => `abandon-ability-able-${String(1000 + i)}`;

beforeAll(async () => {
  // A low global brake, so the many-senders test can reach it.
  pipeline = await startPipeline({ env: { WHATSAPP_AGENT_MAX_FAILED_PHRASES_PER_MINUTE: '20' } });
  strapi()
    .plugin('whatsapp-agent')
    .service('router')
    .setAgent(async ({ text }: { text: string }) => `Echo: ${text}`);
});

afterAll(async () => {
  await pipeline?.stop();
});

describe('every linking guess counts', () => {
  it('counts each phrase tried (at most 3 a turn): 3 messages × 4 wrong phrases lock the sender out', async () => {
    const phone = newPhone();
    const fourGuesses = (round: number) => [0, 1, 2, 3].map((i) => wrongPhrase(round * 10 + i)).join(' ');

    expect(await say(pipeline, phone, fourGuesses(1))).toMatch(/wrong, expired/);
    expect(await channelOf(phone)).toMatchObject({ linkAttempts: 3 });
    expect(await say(pipeline, phone, fourGuesses(2))).toMatch(/Too many wrong linking phrases/);
    expect(await channelOf(phone)).toMatchObject({ linkAttempts: 5 });
    await say(pipeline, phone, fourGuesses(3));

    const { jwt } = await registerMember(pipeline);
    const { code } = await requestLinkCode(pipeline, jwt);
    expect(await say(pipeline, phone, code)).toMatch(/Too many wrong linking phrases/);
    expect(await channelOf(phone)).toMatchObject({ status: 'unlinked' });
  });

  it('keeps the failures a sender made before a successful link', async () => {
    const phone = newPhone();
    await say(pipeline, phone, `${wrongPhrase(100)} ${wrongPhrase(101)}`);
    const { jwt } = await registerMember(pipeline);
    const { code } = await requestLinkCode(pipeline, jwt);
    expect(await say(pipeline, phone, code)).toMatch(/^Linked to /);
    expect(await channelOf(phone)).toMatchObject({ status: 'linked', linkAttempts: 2 });
  });
});

describe('a linked member', () => {
  it('asking "Is there an open source talk 2026?" reaches the agent and counts no attempt', async () => {
    const phone = newPhone();
    const { jwt } = await login(pipeline, ada.email);
    const code = await requestLinkCode(pipeline, jwt);
    expect(await say(pipeline, phone, deepLinkText(code.deepLink))).toMatch(/^Linked to /);

    expect(await say(pipeline, phone, 'Is there an open source talk 2026?')).toBe(
      'Echo: Is there an open source talk 2026?'
    );
    expect(await channelOf(phone)).toMatchObject({ status: 'linked', linkAttempts: 0 });
    // A message that is nothing but a phrase still is an attempt (how a number moves to another account).
    expect(await say(pipeline, phone, 'open-source-talk-2026')).toMatch(/wrong, expired/);
  });
});

describe('a stranger', () => {
  it('sending 10 messages gets at most 5 replies in the hour, and nothing reaches the model', async () => {
    const phone = newPhone();
    const modelCalls = pipeline.llm.requests.length;
    for (let i = 0; i < 10; i += 1)
      await say(pipeline, phone, `${wrongPhrase(200 + i)}`, { expectReply: false });
    expect(repliesTo(phone).length).toBeLessThanOrEqual(5);
    expect(repliesTo(phone).length).toBeGreaterThan(0);
    expect(pipeline.llm.requests.length).toBe(modelCalls);
  });
});

describe('many senders guessing at once', () => {
  it('trip the global brake: every linking attempt is refused for a minute, and a warning is logged once', async () => {
    const warn = jest.spyOn(strapi().log, 'warn');
    try {
      // 8 senders × 3 wrong phrases: more than 20 in a minute.
      await Promise.all(
        Array.from({ length: 8 }, (_, s) =>
          say(pipeline, newPhone(), [0, 1, 2].map((i) => wrongPhrase(300 + s * 10 + i)).join(' '))
        )
      );
      const phone = newPhone();
      const { jwt } = await registerMember(pipeline);
      const { code } = await requestLinkCode(pipeline, jwt);
      expect(await say(pipeline, phone, code)).toMatch(/Too many wrong linking phrases/);
      expect(await channelOf(phone)).toMatchObject({ status: 'unlinked' });
      expect(
        warn.mock.calls.filter(([line]) => /wrong linking phrases in the last minute/.test(String(line)))
      ).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });
});
