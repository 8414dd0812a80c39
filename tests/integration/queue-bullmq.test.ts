import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import IORedis from 'ioredis';
import { DEMO_USERS } from '../../playground/src/seed/users';
import { createTestDatabase } from '../support/database';
import { login, requestLinkCode, say } from '../support/members';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { PLAYGROUND_DIR, PLAYGROUND_DIST_DIR } from '../support/paths';
import { freePort } from '../support/playground';
import { createRedisRateLimiter } from '../../server/src/outbox/redis-rate-limiter';

/**
 * The bullmq engine on the shared Redis (127.0.0.1:6379, or REDIS_URL), under a key prefix of
 * this run's own so runs never share keys: wake-ups go through BullMQ, answers stay exactly one
 * per message.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PREFIX = `wa-test-${crypto.randomBytes(4).toString('hex')}`;
let pipeline: Pipeline;
let redis: IORedis;
let nextNumber = 4917700000700;

beforeAll(async () => {
  redis = new IORedis(REDIS_URL, { lazyConnect: true, retryStrategy: () => null });
  await redis.connect();
  pipeline = await startPipeline({
    env: {
      WHATSAPP_AGENT_QUEUE: 'bullmq',
      REDIS_URL,
      WHATSAPP_AGENT_REDIS_PREFIX: PREFIX,
      WHATSAPP_AGENT_BURST_WINDOW_MS: '0',
    },
  });
});

afterAll(async () => {
  await pipeline?.stop();
  if (redis?.status === 'ready') {
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
});

describe('the bullmq engine', () => {
  it('carries every wake-up through Redis under its prefix, and each message gets exactly one answer', async () => {
    const phone = `+${(nextNumber += 1)}`;
    const { jwt } = await login(pipeline, DEMO_USERS[1].email);
    const { code } = await requestLinkCode(pipeline, jwt);
    expect(await say(pipeline, phone, code)).toMatch(/^Linked to/);
    for (const question of ['First?', 'Second?', 'Third?']) {
      pipeline.llm.script({ content: `Answer to ${question}` });
      expect(await say(pipeline, phone, question)).toBe(`Answer to ${question}`);
    }
    expect(pipeline.twilio.sentTo(`whatsapp:${phone}`).map((message) => message.body)).toHaveLength(4);
    // BullMQ's keys for this run's queue exist under the prefix (the queue's meta key at least).
    expect((await redis.keys(`${PREFIX}:whatsapp-agent-wake:*`)).length).toBeGreaterThan(0);
  });
});

describe('the send pace shared through Redis', () => {
  it('spaces one sender across instances: two limiters (two processes) take turns at 10 per second', async () => {
    const instances = [1, 2].map(() =>
      createRedisRateLimiter({
        redisUrl: REDIS_URL,
        prefix: PREFIX,
        onUnavailable: (error) => {
          throw error;
        },
      })
    );
    const started = Date.now();
    const sentAt: number[] = [];
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          instances[i % 2].take('whatsapp:+14155238886', 10).then(() => sentAt.push(Date.now() - started))
        )
      );
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
    sentAt.sort((a, b) => a - b);
    // 20 sends at 10/s take 1.9 s whoever sends them; each process alone would have allowed all 20 in 1 s.
    // Lower bounds from the start only: a loaded machine can see a send late, never early (a gap
    // between two sends seen is not a bound: the first may be seen late).
    expect(sentAt[19]).toBeGreaterThanOrEqual(1_850);
    expect(Math.min(...sentAt.slice(10))).toBeGreaterThanOrEqual(950);
  });

  it('paces per process, and says so, while Redis does not answer', async () => {
    const unavailable: string[] = [];
    const limiter = createRedisRateLimiter({
      redisUrl: `redis://127.0.0.1:${await freePort()}`,
      prefix: PREFIX,
      onUnavailable: (error) => unavailable.push(error.message),
    });
    const started = Date.now();
    try {
      for (let i = 0; i < 3; i += 1) await limiter.take('whatsapp:+14155238886', 10);
    } finally {
      await limiter.close();
    }
    expect(unavailable.length).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});

describe('without Redis', () => {
  it('refuses to boot, naming REDIS_URL', async () => {
    // In a process of its own: a second Strapi cannot load beside the pipeline's in this one.
    const database = await createTestDatabase();
    const url = `redis://127.0.0.1:${await freePort()}`;
    try {
      const boot = `require('@strapi/strapi').createStrapi({ appDir: ${JSON.stringify(PLAYGROUND_DIR)}, distDir: ${JSON.stringify(PLAYGROUND_DIST_DIR)} }).load().then(() => process.exit(0), (error) => { console.error(error.message); process.exit(1); })`;
      const result = spawnSync(process.execPath, ['-e', boot], {
        cwd: PLAYGROUND_DIR,
        env: {
          ...process.env,
          ...database.env,
          NODE_ENV: 'test',
          LOG_LEVEL: 'error',
          SERVE_ADMIN: 'false',
          WHATSAPP_AGENT_QUEUE: 'bullmq',
          REDIS_URL: url,
        },
        encoding: 'utf8',
        timeout: 240_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`Redis is not reachable at REDIS_URL (${url})`);
    } finally {
      await database.drop();
    }
  });
});
