import crypto from 'node:crypto';
import IORedis from 'ioredis';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { linkMember, startCluster, type Cluster } from '../support/cluster';
import { eventually, settle } from '../support/eventually';
import { describeOnPostgres } from '../support/on-postgres';

/**
 * People in the loop across two Strapi processes on BullMQ: a manager's reply (admin API of one
 * process) and the member's message (webhook of the other) at the same moment are each handled
 * once — the reply delivered once, in the order sent; the message stored once and not answered by
 * the assistant — and after the hand-back the assistant answers once.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `wa-test-${crypto.randomBytes(4).toString('hex')}`;
const PHONE = '+4917700009901';
const ADDRESS = `whatsapp:${PHONE}`;

let cluster: Cluster;
let redis: IORedis;

/** The plugin's admin API on one process, as the demo admin. */
const adminOn = async (baseUrl: string) => {
  const login = await fetch(`${baseUrl}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
  });
  const { data } = (await login.json()) as { data: { token: string } };
  return async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}/whatsapp-agent${path}`, {
      method,
      headers: { Authorization: `Bearer ${data.token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { data: Record<string, unknown> } };
  };
};

const bodiesSent = () => cluster.twilio.sentTo(ADDRESS).map((message) => message.body);

describeOnPostgres('a manager and a member at the same moment, on two processes', () => {
  beforeAll(async () => {
    redis = new IORedis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null });
    await redis.connect();
    cluster = await startCluster({
      roles: ['all', 'all'],
      env: { WHATSAPP_AGENT_QUEUE: 'bullmq', REDIS_URL, WHATSAPP_AGENT_REDIS_PREFIX: PREFIX },
    });
    await cluster.liftUsageLimits();
    cluster.llm.whenUnscripted({ content: 'The assistant here.' });
    await linkMember(cluster, PHONE);
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    if (redis?.status === 'ready') {
      const keys = await redis.keys(`${PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });

  it('delivers each once, in order, and the assistant stays silent until the hand-back', async () => {
    const [first, second] = cluster.instances;
    // The member writes to the first process; the manager works on the second.
    cluster.routeWebhooksTo([first]);
    const manager = await adminOn(second.baseUrl);
    const [{ id: channelId, document_id: documentId }] = await cluster.sql<{
      id: number;
      document_id: string;
    }>('SELECT id, document_id FROM whatsapp_agent_channels WHERE address = $1', [PHONE]);
    expect(
      (await manager('POST', `/conversations/${documentId}/assign`, { expectedAssigneeId: null })).status
    ).toBe(200);
    const callsBefore = cluster.llm.requests.length;
    const sentBefore = bodiesSent().length;

    const [replied] = await Promise.all([
      manager('POST', `/conversations/${documentId}/reply`, { text: 'First from the manager' }),
      cluster.twilio.sendInbound({ from: ADDRESS, body: 'A question at the same moment' }),
    ]);
    expect(replied.status).toBe(200);
    expect(
      (await manager('POST', `/conversations/${documentId}/reply`, { text: 'Second from the manager' }))
        .status
    ).toBe(200);
    await eventually(() => expect(bodiesSent().length).toBeGreaterThanOrEqual(sentBefore + 2));
    await eventually(async () => {
      const rows = await cluster.sql<{ status: string }>(
        'SELECT status FROM whatsapp_agent_inbound_messages WHERE channel_id = $1 AND body = $2',
        [channelId, 'A question at the same moment']
      );
      expect(rows).toEqual([{ status: 'processed' }]);
    });
    await settle();
    expect(bodiesSent().slice(sentBefore)).toEqual([
      expect.stringMatching(/\(community team\): First from the manager$/),
      expect.stringMatching(/\(community team\): Second from the manager$/),
    ]);
    expect(cluster.llm.requests).toHaveLength(callsBefore);

    // The manager saw it; resolving on the other process hands back once, and the next question is the assistant's, once.
    const view = await manager('GET', `/conversations/${documentId}`);
    const resolve = await adminOn(first.baseUrl);
    expect(
      (
        await resolve('POST', `/conversations/${documentId}/resolve`, {
          seenInboundId: view.body.data.lastInboundId,
        })
      ).status
    ).toBe(200);
    await eventually(() => expect(bodiesSent().at(-1)).toMatch(/back with the community assistant/));
    const afterResolve = bodiesSent().length;
    await cluster.twilio.sendInbound({ from: ADDRESS, body: 'And now?' });
    await eventually(() => expect(bodiesSent().length).toBe(afterResolve + 1));
    await settle();
    expect(bodiesSent().slice(afterResolve)).toEqual(['The assistant here.']);
  });
});
