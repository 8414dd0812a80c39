import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import IORedis from 'ioredis';
import { Client } from 'pg';
import type { ChatRequest } from '../../simulator/scripted-llm';
import { liftDefaultPlan } from '../support/admins';
import { eventually, settle } from '../support/eventually';
import { allowLogged, captureConsoleLines, expectLogged, note } from '../support/log-capture';
import { login, registerMember, requestLinkCode, say } from '../support/members';
import { itOnPostgres } from '../support/on-postgres';
import { startPipeline, type Pipeline } from '../support/pipeline';
import { freePort } from '../support/playground';

/**
 * What members see when the infrastructure under the plugin fails while they write: PostgreSQL
 * drops every connection, Redis (the bullmq engine's) goes away and comes back. The rule checked
 * is the webhook's promise: a message acknowledged with 200 is answered, exactly once. A webhook
 * that answered 5xx is Twilio's to retry (for messages it does not): those are counted and
 * printed, and any of them found in the inbox after all must be answered once too.
 *
 * The Redis is this file's own redis-server on a free port (never the shared one), so it can be
 * killed and started again; no process is left behind.
 */

const REDIS_PREFIX = `wa-test-${crypto.randomBytes(4).toString('hex')}`;
let redisUrl: string;
let redisPort: number;
let redisServer: ChildProcess | undefined;
let pipeline: Pipeline;
let nextNumber = 4916000002000;

const strapi = () => pipeline.playground.strapi;
const inbound = () => strapi().db.query('plugin::whatsapp-agent.inbound-message');
const bodiesTo = (phone: string) =>
  pipeline.twilio.sentTo(`whatsapp:${phone}`).map((message) => message.body);

/** Answers PING, or throws. */
const pingRedis = async () => {
  const client = new IORedis(redisUrl, { lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
};

const startRedis = async () => {
  redisServer = spawn(
    'redis-server',
    [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
    ],
    { stdio: 'ignore' }
  );
  await eventually(pingRedis);
};

/** SIGKILL: Redis vanishes as in a crash, with whatever it held. */
const killRedis = async () => {
  const server = redisServer;
  redisServer = undefined;
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.kill('SIGKILL');
  await exited;
};

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

/**
 * The model quotes the turn it was given, so each reply shows which messages it answers (a
 * burst is one turn: "Answer to [m1.2]\n[m1.3]"). Retried turns call it again: script plenty.
 */
const modelQuotesEveryTurn = (calls: number) =>
  pipeline.llm.script(
    ...Array.from({ length: calls }, () => (request: ChatRequest) => ({
      content: `Answer to ${lastUserText(request)}`,
    }))
  );

type Sent = { phone: string; body: string; messageSid: string; status: number; ms: number };

const send = async (phone: string, body: string): Promise<Sent> => {
  const started = Date.now();
  const { messageSid, status } = await pipeline.twilio.sendInbound({ from: `whatsapp:${phone}`, body });
  return { phone, body, messageSid, status, ms: Date.now() - started };
};

/** How many of the member's replies quote the message: 1 when it was answered exactly once. */
const timesAnswered = ({ phone, body }: { phone: string; body: string }) =>
  bodiesTo(phone).filter((reply) => reply.includes(body)).length;

/** The messages not answered exactly once, with what the webhook said and what the inbox holds: [] is the goal. */
const notAnsweredOnce = async (messages: Sent[]) => {
  const rows: Array<{ messageSid: string; status: string; attempts: number; error: string | null }> =
    await inbound().findMany({
      where: { messageSid: { $in: messages.map(({ messageSid }) => messageSid) } },
    });
  return messages
    .filter((message) => timesAnswered(message) !== 1)
    .map(({ phone, body, messageSid, status }) => {
      const row = rows.find((stored) => stored.messageSid === messageSid);
      return {
        phone,
        body,
        webhook: status,
        answered: timesAnswered({ phone, body }),
        inbox: row
          ? `${row.status} after ${row.attempts} attempt(s)${row.error ? `: ${row.error}` : ''}`
          : 'not stored',
      };
    });
};

const report = (fault: string, phones: string[], sent: Sent[]) => {
  const statuses = sent.reduce<Record<number, number>>(
    (counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }),
    {}
  );
  note(
    [
      `[faults] ${fault}: ${sent.length} webhooks, statuses ${JSON.stringify(statuses)}, slowest ${Math.max(...sent.map((s) => s.ms))} ms`,
      ...phones.map(
        (phone) =>
          `  ${phone} got ${bodiesTo(phone).length} message(s): ${JSON.stringify(bodiesTo(phone).slice(1))} (after "Linked to…")`
      ),
    ].join('\n')
  );
};

// Redis and PostgreSQL go away on purpose: the queue, the webhooks and the turns that fail
// meanwhile log errors (a query on a transaction whose connection was ended: knex's "already
// complete"; a Redis command while it is down: ioredis's "Stream isn't writeable").
allowLogged(
  'error',
  /ECONNREFUSED|Connection terminated|terminating connection|Transaction query already complete|Stream isn't writeable/
);

beforeAll(async () => {
  redisPort = await freePort();
  redisUrl = `redis://127.0.0.1:${redisPort}`;
  await startRedis();
  pipeline = await startPipeline({
    env: {
      WHATSAPP_AGENT_QUEUE: 'bullmq',
      REDIS_URL: redisUrl,
      WHATSAPP_AGENT_REDIS_PREFIX: REDIS_PREFIX,
      WHATSAPP_AGENT_BURST_WINDOW_MS: '0',
      WHATSAPP_AGENT_RETRY_BASE_MS: '200',
    },
  });
  await liftDefaultPlan(pipeline);
});

beforeEach(() => pipeline.llm.reset());

afterAll(async () => {
  try {
    // The bullmq worker closes through Redis: bring it back if a test left it down.
    if (redisServer === undefined && redisPort) await startRedis();
    await pipeline?.stop();
  } finally {
    await killRedis();
  }
});

// knex prints (console.log) each pooled connection the server ends, at once or when it is next taken.
captureConsoleLines('warn', /^Connection Error: /);

describe('PostgreSQL drops every connection while members write', () => {
  itOnPostgres(
    'answers every acknowledged message exactly once, and the messages after the drop',
    'SQLite has no server whose connections could drop',
    async () => {
      const phones = [];
      for (let i = 0; i < 5; i += 1) phones.push(await linkedPhone());
      modelQuotesEveryTurn(200);
      const { env } = pipeline.playground.database;
      const admin = new Client({
        host: env.DATABASE_HOST,
        port: Number(env.DATABASE_PORT),
        user: env.DATABASE_USERNAME,
        password: env.DATABASE_PASSWORD,
        database: env.DATABASE_NAME,
      });
      await admin.connect();
      const dropConnections = async () =>
        (
          await admin.query(
            'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
            [env.DATABASE_NAME]
          )
        ).rowCount ?? 0;

      const sent: Sent[] = [];
      const terminated: number[] = [];
      try {
        // Idle connections first, then in the middle of the burst, with turns and webhooks in flight.
        terminated.push(await dropConnections());
        for (let round = 1; round <= 6; round += 1) {
          const sending = Promise.all(phones.map((phone, m) => send(phone, `[m${m}.${round}]`)));
          if (round === 3 || round === 5) terminated.push(await dropConnections());
          sent.push(...(await sending));
          await settle(100);
        }
      } finally {
        await admin.end();
      }

      const accepted = sent.filter(({ status }) => status === 200);
      try {
        await eventually(async () => expect(await notAnsweredOnce(accepted)).toEqual([]));
        await settle();
      } finally {
        report(
          `PostgreSQL connections dropped (${terminated.join(' + ')} backends terminated)`,
          phones,
          sent
        );
      }
      const stored = new Set(
        (
          await inbound().findMany({
            select: ['messageSid'],
            where: { messageSid: { $in: sent.map(({ messageSid }) => messageSid) } },
          })
        ).map((row: { messageSid: string }) => row.messageSid)
      );
      note(
        `  in the inbox: ${stored.size} of ${sent.length}; refused (5xx) but stored anyway: ${
          sent.filter(({ status, messageSid }) => status !== 200 && stored.has(messageSid)).length
        }`
      );

      // Every stored message, acknowledged or not, answered once; and no apology instead of an answer.
      expect(await notAnsweredOnce(sent.filter(({ messageSid }) => stored.has(messageSid)))).toEqual([]);
      for (const phone of phones) {
        for (const reply of bodiesTo(phone).slice(1)) expect(reply).toMatch(/^Answer to \[m\d\.\d\]/);
      }
      expect(accepted.length).toBeGreaterThan(0);
      await expectLogged('warn', /^Connection Error: .*terminat/i);

      for (const [m, phone] of phones.entries())
        expect(await say(pipeline, phone, `[m${m}.after]`)).toBe(`Answer to [m${m}.after]`);
    }
  );
});

describe('Redis goes away while members write, and comes back', () => {
  it('keeps acknowledging into the inbox, and answers every message exactly once when Redis is back', async () => {
    const phones = [];
    for (let i = 0; i < 3; i += 1) phones.push(await linkedPhone());
    modelQuotesEveryTurn(100);

    await killRedis();
    const sent: Sent[] = [];
    for (let round = 1; round <= 3; round += 1) {
      sent.push(...(await Promise.all(phones.map((phone, m) => send(phone, `[r${m}.${round}]`)))));
      await settle(200);
    }
    expect(sent.map(({ status }) => status)).toEqual(sent.map(() => 200));
    // Longer than a sweep: with Redis away, nothing wakes a worker, and nothing is lost either.
    await settle(3_000);
    for (const phone of phones) expect(bodiesTo(phone)).toHaveLength(1);
    expect(
      await inbound().count({
        where: { messageSid: { $in: sent.map(({ messageSid }) => messageSid) }, status: 'pending' },
      })
    ).toBe(sent.length);

    const restarted = Date.now();
    await startRedis();
    await eventually(async () => expect(await notAnsweredOnce(sent)).toEqual([]));
    const answeredAfterMs = Date.now() - restarted;
    await settle();
    report(`Redis killed and restarted (all answered ${answeredAfterMs} ms after the restart)`, phones, sent);

    expect(await notAnsweredOnce(sent)).toEqual([]);
    for (const phone of phones) {
      for (const reply of bodiesTo(phone).slice(1)) expect(reply).toMatch(/^Answer to \[r\d\.\d\]/);
    }
    for (const [m, phone] of phones.entries())
      expect(await say(pipeline, phone, `[r${m}.after]`)).toBe(`Answer to [r${m}.after]`);
  });
});
