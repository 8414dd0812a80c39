import crypto from 'node:crypto';
import IORedis from 'ioredis';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { linkMember, startCluster, type Cluster } from '../support/cluster';
import { eventually } from '../support/eventually';
import { describeOnPostgres } from '../support/on-postgres';

/**
 * A usage limit across processes: two Strapi instances on one PostgreSQL database take turns from
 * one BullMQ queue while 20 members write at once to a community allowed 3 turns. Each process
 * holds places for its own turns; the database decides, so the limit holds for the two together.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `wa-test-${crypto.randomBytes(4).toString('hex')}`;
const MEMBERS = 20;
const TURNS_PER_MONTH = 3;
const MODEL_MS = 1_500;

let cluster: Cluster;
let redis: IORedis;
let nextNumber = 4917700007000;
const phones: string[] = [];

/** The default community's plan (members without a profile are in it), through the admin API. */
const setDefaultPlan = async (plan: object) => {
  const { baseUrl } = cluster.instances[0];
  const login = await fetch(`${baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
  });
  const { data } = (await login.json()) as { data: { token: string } };
  const response = await fetch(`${baseUrl}/whatsapp-agent/communities/default/plan`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${data.token}` },
    body: JSON.stringify(plan),
  });
  if (!response.ok) throw new Error(`Setting the plan failed: ${response.status} ${await response.text()}`);
};

describeOnPostgres('a usage limit across two processes on BullMQ', () => {
  beforeAll(async () => {
    redis = new IORedis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null });
    await redis.connect();
    cluster = await startCluster({
      roles: ['all', 'all'],
      env: {
        WHATSAPP_AGENT_QUEUE: 'bullmq',
        REDIS_URL,
        WHATSAPP_AGENT_REDIS_PREFIX: PREFIX,
        WHATSAPP_AGENT_BURST_WINDOW_MS: '0',
        WHATSAPP_AGENT_QUEUE_CONCURRENCY: String(MEMBERS),
      },
    });
    for (let i = 0; i < MEMBERS; i += 1) phones.push(`+${(nextNumber += 1)}`);
    await Promise.all(phones.map((phone) => linkMember(cluster, phone)));
    await setDefaultPlan({ kind: 'free', turnsPerMonth: TURNS_PER_MONTH });
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    if (redis?.status === 'ready') {
      const keys = await redis.keys(`${PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it(`answers exactly ${TURNS_PER_MONTH} of ${MEMBERS} members writing at once, whichever process runs their turn`, async () => {
    cluster.llm.reset();
    cluster.llm.whenUnscripted({ delayMs: MODEL_MS, content: 'Here is your answer.' });
    const turnsBefore = cluster.turns.length;
    const sent = await Promise.all(
      phones.map((phone) =>
        cluster.twilio.sendInbound({ from: `whatsapp:${phone}`, body: 'Who should I meet?' })
      )
    );
    expect(sent.map(({ status }) => status)).toEqual(phones.map(() => 200));
    // Every turn waits for the slow model at most once; the machine may be busy.
    await cluster.turnsEnded(
      sent.map(({ messageSid }) => messageSid),
      180_000
    );
    // Replies after the linking confirmation.
    const replies = phones.map((phone) => cluster.twilio.sentTo(`whatsapp:${phone}`)[1]?.body ?? '');

    expect(cluster.llm.requests).toHaveLength(TURNS_PER_MONTH);
    expect(replies.filter((reply) => reply === 'Here is your answer.')).toHaveLength(TURNS_PER_MONTH);
    expect(replies.filter((reply) => /reached its limit for now/.test(reply))).toHaveLength(
      MEMBERS - TURNS_PER_MONTH
    );
    // Both processes took part (each prints a turn's trace just after the turn ends).
    await eventually(() => {
      const instances = new Set(cluster.turns.slice(turnsBefore).map((turn) => turn.instance));
      expect([...instances].sort()).toEqual(['all-1', 'all-2']);
    });
    const [period] = await cluster.sql<{ turns: number }>(
      "SELECT turns FROM whatsapp_agent_usage_periods WHERE community = 'default' AND period = $1",
      [new Date().toISOString().slice(0, 7)]
    );
    expect(Number(period.turns)).toBe(TURNS_PER_MONTH);
  });
});
