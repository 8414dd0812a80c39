import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import type { ChatRequest } from '../../simulator/scripted-llm';
import { adminApi, adminLogin } from '../support/admins';
import { login, registerMember, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { turnsEnded } from '../support/turns';

/**
 * Limits that hold when members write at the same moment: a turn holds its place under its
 * community's limit from the check until it is counted, so a slow model cannot let a crowd
 * through a limit that each of them read as not reached yet.
 */

const MEMBERS = 20;
const TURNS_PER_MONTH = 3;
/** As slow as a real model with a tool round: every admitted turn is still running when the others are checked. */
const MODEL_MS = 1_500;

let pipeline: Pipeline;
let admin: ReturnType<typeof adminApi>;
let nextNumber = 4917700005000;
let communities = 0;
const strapi = () => pipeline.playground.strapi;

const lastUserText = (request: ChatRequest) =>
  [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '';

/** A community of the host with `count` linked members in it; returns its key and their phones. */
const communityWithMembers = async (count: number) => {
  communities += 1;
  const community = await strapi()
    .db.query('api::community.community')
    .create({
      data: { name: `Concurrency ${communities}`, slug: `concurrency-${communities}-${Date.now()}` },
    });
  const phones: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const member = await registerMember(pipeline);
    await strapi()
      .db.query('api::member.member')
      .create({ data: { displayName: member.username, user: member.user.id, community: community.id } });
    const phone = `+${(nextNumber += 1)}`;
    const { jwt } = await login(pipeline, member.email, member.password);
    const { code } = await requestLinkCode(pipeline, jwt);
    expect(await say(pipeline, phone, code)).toMatch(/^Linked to/);
    phones.push(phone);
  }
  return { key: String(community.documentId), phones };
};

const reservationsOf = (community: string) =>
  strapi().db.query('plugin::whatsapp-agent.usage-reservation').findMany({ where: { community } });

beforeAll(async () => {
  pipeline = await startPipeline({
    env: { WHATSAPP_AGENT_BURST_WINDOW_MS: '0', WHATSAPP_AGENT_QUEUE_CONCURRENCY: String(MEMBERS) },
  });
  admin = adminApi(pipeline, await adminLogin(pipeline, DEMO_ADMIN.email, DEMO_ADMIN.password));
});

beforeEach(() => pipeline.llm.reset());

afterAll(async () => {
  await pipeline?.stop();
});

it(`answers exactly ${TURNS_PER_MONTH} of ${MEMBERS} members writing at once to a free plan of ${TURNS_PER_MONTH}, the others hear the limit`, async () => {
  const { key, phones } = await communityWithMembers(MEMBERS);
  expect(
    (await admin.put(`/communities/${key}/plan`, { kind: 'free', turnsPerMonth: TURNS_PER_MONTH })).status
  ).toBe(200);
  pipeline.llm.whenUnscripted({ delayMs: MODEL_MS, content: 'Here is your answer.' });

  const before = phones.map((phone) => pipeline.twilio.sentTo(`whatsapp:${phone}`).length);
  const sent = await Promise.all(
    phones.map((phone) =>
      pipeline.twilio.sendInbound({ from: `whatsapp:${phone}`, body: 'Who should I meet?' })
    )
  );
  expect(sent.map(({ status }) => status)).toEqual(phones.map(() => 200));
  // Every turn waits for the slow model at most once; the machine may be busy.
  await turnsEnded(
    strapi(),
    sent.map(({ messageSid }) => messageSid),
    120_000
  );
  // Each phone's first reply from now on.
  const replies = phones.map(
    (phone, i) => pipeline.twilio.sentTo(`whatsapp:${phone}`)[before[i]]?.body ?? ''
  );

  expect(pipeline.llm.requests).toHaveLength(TURNS_PER_MONTH);
  expect(replies.filter((reply) => reply === 'Here is your answer.')).toHaveLength(TURNS_PER_MONTH);
  expect(
    replies.filter((reply) => /reached its limit for now \(3 questions this month\)/.test(reply))
  ).toHaveLength(MEMBERS - TURNS_PER_MONTH);
  const summary = (await admin.get('/communities')).body.data.find(
    (line: { community: { key: string } }) => line.community.key === key
  );
  expect(summary).toMatchObject({
    memberTurns: TURNS_PER_MONTH,
    limit: { used: TURNS_PER_MONTH, max: TURNS_PER_MONTH },
  });
  // Every place was given back as its turn was counted.
  expect(await reservationsOf(key)).toEqual([]);
});

it('frees the place of a turn whose model failed: the next member is answered', async () => {
  const { key, phones } = await communityWithMembers(3);
  await admin.put(`/communities/${key}/plan`, { kind: 'free', turnsPerMonth: 2 });
  pipeline.llm.whenUnscripted((request) =>
    lastUserText(request).includes('fail') ? { status: 500 } : { content: 'Answered.' }
  );

  // The failed turn reached the model: it is counted (1 of 2) and holds nothing after.
  expect(await say(pipeline, phones[0], 'Please fail')).toMatch(/^Sorry, I cannot answer right now/);
  expect(await reservationsOf(key)).toEqual([]);
  expect(await say(pipeline, phones[1], 'Hello')).toBe('Answered.');
  expect(await say(pipeline, phones[2], 'Hello')).toMatch(/reached its limit for now/);
});

it('counts a place only while the worker that took it holds the conversation: a crashed worker frees it when its lease expires', async () => {
  const { key, phones } = await communityWithMembers(2);
  await admin.put(`/communities/${key}/plan`, { kind: 'free', turnsPerMonth: 1 });
  pipeline.llm.whenUnscripted({ content: 'Answered.' });
  const crashed = await strapi()
    .db.query('plugin::whatsapp-agent.channel')
    .findOne({ where: { address: phones[0] } });
  // A worker took the first member's turn and its place, then died: its lease still runs.
  const lease = (expiresAt: Date) =>
    strapi()
      .db.query('plugin::whatsapp-agent.channel')
      .update({
        where: { id: crashed.id },
        data: { leaseOwner: 'crashed-worker', leaseExpiresAt: expiresAt },
      });
  await lease(new Date(Date.now() + 600_000));
  await strapi()
    .db.query('plugin::whatsapp-agent.usage-reservation')
    .create({
      data: {
        channelId: crashed.id,
        leaseOwner: 'crashed-worker',
        community: key,
        period: new Date().toISOString().slice(0, 7),
        userId: crashed.user?.id ?? null,
        costMicros: 0,
      },
    });
  expect(await say(pipeline, phones[1], 'Hello')).toMatch(/reached its limit for now/);

  await lease(new Date(Date.now() - 1_000));
  expect(await say(pipeline, phones[1], 'Hello again')).toBe('Answered.');
});
