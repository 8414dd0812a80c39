import crypto from 'node:crypto';
import IORedis from 'ioredis';
import type { ChatRequest } from '../../simulator/scripted-llm';
import type { SentMessage } from '../../simulator/twilio-emulator';
import { linkMember, startCluster, type Cluster, type TurnTrace } from '../support/cluster';
import { eventually, settle } from '../support/eventually';
import { note } from '../support/log-capture';
import { SERVICE_NUMBER } from '../support/pipeline';
import { describeOnPostgres } from '../support/on-postgres';

/**
 * Three playground processes on one PostgreSQL database and one Redis, as a production
 * deployment runs them: a `web` instance that only acknowledges and stores, two `all` instances
 * that also answer, webhooks spread over all three. Members write in bursts at the same time;
 * every message must be answered exactly once, in order, by one process at a time per
 * conversation, within the sender's rate; and a process killed mid-turn must be taken over.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `wa-test-${crypto.randomBytes(4).toString('hex')}`;
const MEMBERS = 12;
const MESSAGES_PER_MEMBER = 4;
/**
 * Sends per second from our number: low, so that the pace binds and not the machine (three
 * Strapi processes on 2 loaded cores answer about 5 turns a second). The bursts below make about
 * 24 replies at once, 12 s of sending at this pace, 6 s if each instance kept its own.
 */
const MESSAGES_PER_SECOND = 2;
/** A crashed instance's conversations wait this long before another takes them over (the minimum is 1 s). */
const LEASE_TTL_MS = 3_000;
/**
 * The limiter spaces the sends' slots 1/rate apart, but each send reaches the emulator some time
 * after its slot: a late one followed by a punctual one arrive closer together (on a 2-core
 * machine at load 10, 8 sends arrived within one second at 5/s). So the count is taken over 4 s
 * windows with a whole second of lateness allowed: 11 at most, where two instances each keeping
 * their own pace send 16.
 */
const RATE_WINDOW_MS = 4_000;
const LATENESS_MS = 1_000;
const MOST_SENDS_PER_WINDOW = Math.floor(((RATE_WINDOW_MS + LATENESS_MS) * MESSAGES_PER_SECOND) / 1000) + 1;

let cluster: Cluster;
let redis: IORedis;
let nextNumber = 4917700000900;
const phones: string[] = [];

const lastUserText = (request: ChatRequest) =>
  [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '';
/** The model names what it answers: the turn's messages (one per line), so replies can be counted per message. */
const answerNaming = (text: string) => `Re: ${text.split('\n').join(' | ')}`;
const answeredTexts = (reply: SentMessage) => reply.body.replace(/^Re: /, '').split(' | ');

/** Replies to the member after their linking confirmation. */
const answersTo = (phone: string) => cluster.twilio.sentTo(`whatsapp:${phone}`).slice(1);

/** Pairs of turns of one conversation whose [start, end] intervals overlap. */
const overlappingTurns = (turns: TurnTrace[]) => {
  const byChannel = new Map<number, TurnTrace[]>();
  for (const turn of turns) byChannel.set(turn.channelId, [...(byChannel.get(turn.channelId) ?? []), turn]);
  return [...byChannel.values()].flatMap((ofChannel) =>
    ofChannel
      .sort((a, b) => a.start - b.start)
      .flatMap((turn, i) => (i > 0 && turn.start < ofChannel[i - 1].end ? [[ofChannel[i - 1], turn]] : []))
  );
};

/** The most messages sent within any window of `windowMs` (ending at a send). */
const busiestWindow = (times: number[], windowMs: number) => {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let last = 0, first = 0; last < sorted.length; last += 1) {
    while (sorted[last] - sorted[first] >= windowMs) first += 1;
    most = Math.max(most, last - first + 1);
  }
  return most;
};

describeOnPostgres('several Strapi processes on one database and one Redis', () => {
  beforeAll(async () => {
    redis = new IORedis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null });
    await redis.connect();
    cluster = await startCluster({
      roles: ['web', 'all', 'all'],
      env: {
        WHATSAPP_AGENT_QUEUE: 'bullmq',
        REDIS_URL,
        WHATSAPP_AGENT_REDIS_PREFIX: PREFIX,
        // Short enough that some bursts merge into one turn and some do not.
        WHATSAPP_AGENT_BURST_WINDOW_MS: '150',
        WHATSAPP_AGENT_MESSAGES_PER_SECOND: String(MESSAGES_PER_SECOND),
        WHATSAPP_AGENT_LEASE_TTL_MS: String(LEASE_TTL_MS),
      },
    });
    await cluster.liftUsageLimits();
    cluster.llm.whenUnscripted((request) => ({ content: answerNaming(lastUserText(request)) }));
    for (let i = 0; i < MEMBERS; i += 1) phones.push(`+${(nextNumber += 1)}`);
    await Promise.all(phones.map((phone) => linkMember(cluster, phone)));
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    if (redis?.status === 'ready') {
      const keys = await redis.keys(`${PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it('answers every message of concurrent bursts exactly once, in order, one process per conversation at a time, within the rate', async () => {
    const startedAt = Date.now();
    // The model holds its answers until every message is in, then lets them all go: the replies
    // are ready at once, as many as the instances could send together.
    let release = () => {};
    const allSent = new Promise<void>((resolve) => (release = resolve));
    cluster.llm.whenUnscripted(async (request) => {
      await allSent;
      return { content: answerNaming(lastUserText(request)) };
    });
    const sent = new Map<string, string[]>(phones.map((phone) => [phone, []]));
    const messageSids: string[] = [];
    await Promise.all(
      phones.map(async (phone, member) => {
        for (let k = 1; k <= MESSAGES_PER_MEMBER; k += 1) {
          const body = `member ${member + 1} message ${k}`;
          const { status, messageSid } = await cluster.twilio.sendInbound({
            from: `whatsapp:${phone}`,
            body,
          });
          expect(status).toBe(200);
          sent.get(phone)!.push(body);
          messageSids.push(messageSid);
          // Pauses on both sides of the burst window: some messages share a turn, some do not.
          await new Promise((resolve) => setTimeout(resolve, ((member * 7 + k * 13) * 11) % 300));
        }
      })
    );
    release();

    await eventually(
      () => {
        for (const phone of phones)
          expect(answersTo(phone).flatMap(answeredTexts)).toHaveLength(MESSAGES_PER_MEMBER);
      },
      60_000,
      200
    );
    const elapsedMs = Date.now() - startedAt;
    // Anything doubled would arrive after the last expected reply.
    await settle(2_000);

    // Each message named in exactly one reply, in the order the member wrote them.
    for (const phone of phones) expect(answersTo(phone).flatMap(answeredTexts)).toEqual(sent.get(phone));
    // Stored: every message (the linking phrases too) ended processed; none failed or left open.
    expect(
      await cluster.sql(
        'SELECT status, count(*)::int AS count FROM whatsapp_agent_inbound_messages GROUP BY status'
      )
    ).toEqual([{ status: 'processed', count: MEMBERS * (1 + MESSAGES_PER_MEMBER) }]);

    const turns = cluster.turns.filter((turn) => turn.messageSids.some((sid) => messageSids.includes(sid)));
    // Each message was in exactly one turn, and no conversation ran twice at once — on any instance.
    expect(turns.flatMap((turn) => turn.messageSids).sort()).toEqual([...messageSids].sort());
    expect(overlappingTurns(cluster.turns)).toEqual([]);
    // The work was shared, and only by the instances whose role answers.
    const answeringInstances = new Set(turns.map((turn) => cluster.instanceOf(turn.owner)?.name));
    expect([...answeringInstances].sort()).toEqual(['all-2', 'all-3']);

    const sendTimes = cluster.twilio.sent
      .filter((message) => message.from === `whatsapp:${SERVICE_NUMBER}`)
      .map((message) => message.createdAt.getTime());
    const busiest = busiestWindow(sendTimes, RATE_WINDOW_MS);
    const turnsPerInstance = Object.fromEntries(
      [...answeringInstances].map((name) => [name, turns.filter((turn) => turn.instance === name).length])
    );
    note(
      `[multi-process] ${MEMBERS} members × ${MESSAGES_PER_MEMBER} messages answered in ${elapsedMs} ms: ` +
        `${turns.length} turns (${JSON.stringify(turnsPerInstance)}), ` +
        `replies per member ${phones.map((phone) => answersTo(phone).length).join('/')}, ` +
        `${sendTimes.length} sends from ${SERVICE_NUMBER} (linking included), busiest second ${busiestWindow(sendTimes, 1_000)}, ` +
        `busiest ${RATE_WINDOW_MS} ms ${busiest} (limit ${MESSAGES_PER_SECOND}/s, at most ${MOST_SENDS_PER_WINDOW} allowed)`
    );
    expect(busiest).toBeLessThanOrEqual(MOST_SENDS_PER_WINDOW);
  });

  it('takes over a conversation whose process was killed mid-turn, and answers it once', async () => {
    const phone = phones[0];
    const text = 'a slow question';
    let calls = 0;
    // Only the first call is slow: the process holding it is killed while it waits.
    cluster.llm.whenUnscripted((request) => {
      const userText = lastUserText(request);
      if (userText !== text) return { content: answerNaming(userText) };
      calls += 1;
      return calls === 1
        ? { delayMs: 30_000, content: answerNaming(userText) }
        : { content: answerNaming(userText) };
    });
    const before = answersTo(phone).length;
    const { messageSid } = await cluster.twilio.sendInbound({ from: `whatsapp:${phone}`, body: text });
    await eventually(() => expect(calls).toBe(1));

    // The instance in the middle of the turn is the one holding the conversation's lease.
    const [{ lease_owner: owner }] = await cluster.sql<{ lease_owner: string }>(
      `SELECT c.lease_owner FROM whatsapp_agent_channels c
       JOIN whatsapp_agent_inbound_messages m ON m.channel_id = c.id WHERE m.message_sid = $1`,
      [messageSid]
    );
    const victim = cluster.instanceOf(owner);
    expect(victim?.role).toBe('all');
    await victim!.stop('SIGKILL');
    const killedAt = Date.now();
    cluster.routeWebhooksTo(cluster.instances.filter((instance) => instance !== victim));

    await eventually(() => expect(answersTo(phone).length).toBe(before + 1), 60_000, 200);
    const tookOverAfterMs = Date.now() - killedAt;
    await settle(2_000);

    expect(
      answersTo(phone)
        .slice(before)
        .map((reply) => reply.body)
    ).toEqual([answerNaming(text)]);
    expect(calls).toBe(2);
    const [row] = await cluster.sql<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM whatsapp_agent_inbound_messages WHERE message_sid = $1',
      [messageSid]
    );
    expect(row).toEqual({ status: 'processed', attempts: 2 });
    const [turn] = cluster.turns.filter((trace) => trace.messageSids.includes(messageSid));
    expect(cluster.instanceOf(turn.owner)).not.toBe(victim);
    expect(turn.start).toBeGreaterThanOrEqual(killedAt);
    note(
      `[multi-process] killed ${victim!.name} (pid ${victim!.pid}) mid-turn; ${cluster.instanceOf(turn.owner)?.name} answered ${tookOverAfterMs} ms later (lease ${LEASE_TTL_MS} ms)`
    );
  });
});
