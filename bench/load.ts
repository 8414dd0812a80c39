/**
 * `npm run bench:load` — a sustained stream through webhook → queue → agent → Twilio emulator,
 * per queue configuration, to see queueing and what a second process buys.
 *
 * Per configuration: fresh database (and Redis prefix), Strapi in child processes, members linked
 * through the real flow, then an open-loop stream: BENCH_RATE signed webhooks a second for
 * BENCH_SECONDS whatever the answers, then BENCH_BURST at once. The scripted model thinks
 * BENCH_MODEL_LATENCY_MS per call (one search_members round, then a reply naming the messages it
 * answers), so turns overlap as in production. Reported: webhook req/s and latency, turns/s,
 * end to end minus the model's time, and every message answered exactly once (exit 1 if not).
 * The burst window is 0 and the send rate and usage limits lifted: those are deliberate waits.
 *
 * Needs PostgreSQL (DATABASE_HOST…, default 127.0.0.1:5432, user postgres) and Redis (REDIS_URL,
 * default redis://127.0.0.1:6379). BENCH_CONFIGS picks and orders the configurations (names
 * below, comma-separated; a name twice runs it twice); BENCH_MEMBERS, BENCH_QUEUE_CONCURRENCY
 * (per process, default 100), BENCH_DRAIN_SECONDS (wait for the last answers) and
 * BENCH_WORKER_NICE (a `worker` process's priority, e.g. 10) tune the rest.
 * The default is 30 s per configuration (about 10 minutes for all five); the issue's full run is
 * BENCH_SECONDS=60.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import IORedis from 'ioredis';
import type { ChatRequest, ScriptedAnswer } from '../simulator/scripted-llm';
import type { SentMessage } from '../simulator/twilio-emulator';
import { createTestDatabase, type DatabaseClient } from '../tests/support/database';
import { buildPluginAndPlayground } from '../tests/support/global-setup';
import { startAgentStack } from './support/agent-stack';
import { cpuSnapshot, cpuSpent } from './support/cpu';
import { inboxRowsFor, inboxStatusCounts } from './support/inbox-rows';
import { linkMembers, memberPhone } from './support/link-members';
import { machine, percentile } from './support/report';

const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const BURST = Number(process.env.BENCH_BURST ?? 200);
const MODEL_LATENCY_MS = Number(process.env.BENCH_MODEL_LATENCY_MS ?? 1000);
// Each member writes every MEMBERS / RATE seconds: long enough apart that a turn usually ends first.
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 200);
const WORKER_NICE = Number(process.env.BENCH_WORKER_NICE ?? 0);
const CONCURRENCY = process.env.BENCH_QUEUE_CONCURRENCY ?? '100';
/** After the last message: how long to wait for the missing answers before counting them lost. */
const DRAIN_MS = Number(process.env.BENCH_DRAIN_SECONDS ?? 180) * 1000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

type Configuration = {
  name: string;
  queue: 'embedded' | 'bullmq';
  database: DatabaseClient;
  roles: Array<'all' | 'web' | 'worker'>;
};

const CONFIGURATIONS: Configuration[] = [
  { name: 'embedded-sqlite', queue: 'embedded', database: 'sqlite', roles: ['all'] },
  { name: 'embedded-postgres', queue: 'embedded', database: 'postgres', roles: ['all'] },
  { name: 'bullmq-1', queue: 'bullmq', database: 'postgres', roles: ['all'] },
  { name: 'bullmq-web+worker', queue: 'bullmq', database: 'postgres', roles: ['web', 'worker'] },
  { name: 'bullmq-2all', queue: 'bullmq', database: 'postgres', roles: ['all', 'all'] },
];

const ANSWER_PREFIX = 'answered:';
const NAMED = /question \d+-\d+/g;

const lastUserText = (request: ChatRequest) =>
  [...request.messages].reverse().find((message) => message.role === 'user')?.content ?? '';

const deleteRedisPrefix = async (prefix: string) => {
  const redis = new IORedis(REDIS_URL);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<
      string[]
    >)
      if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
};

const sleepUntil = (at: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, at - performance.now())));

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

const runConfiguration = async (configuration: Configuration) => {
  const database = await createTestDatabase(configuration.database);
  const redisPrefix = `wa-bench-load-${crypto.randomBytes(4).toString('hex')}`;
  const stack = await startAgentStack({
    name: 'load',
    database: database.env,
    env: {
      WHATSAPP_AGENT_QUEUE: configuration.queue,
      REDIS_URL,
      WHATSAPP_AGENT_REDIS_PREFIX: redisPrefix,
      WHATSAPP_AGENT_BURST_WINDOW_MS: '0',
      WHATSAPP_AGENT_QUEUE_CONCURRENCY: CONCURRENCY,
    },
    instances: configuration.roles.map((role) => ({ WHATSAPP_AGENT_ROLE: role })),
    built: true,
  });
  const { twilio, llm } = stack;
  // On shared cores a `worker` can be started at a lower priority (`nice`), so the web process
  // acknowledging Twilio gets the CPU first: BENCH_WORKER_NICE=10.
  if (WORKER_NICE)
    configuration.roles.forEach((role, index) => {
      if (role === 'worker') os.setPriority(stack.pids[index], WORKER_NICE);
    });
  // Webhooks go where a load balancer would send them: every instance that is not only a worker.
  const targets = stack.webhooks.filter((_, index) => configuration.roles[index] !== 'worker');
  let nextTarget = 0;
  const target = () => targets[(nextTarget += 1) % targets.length];
  let keepDatabase = false;

  try {
    await stack.liftUsageLimits();
    await linkMembers({ baseUrl: stack.baseUrl, twilio, count: MEMBERS, webhook: target });

    // The model's own time per message, counted where it answers (a merged turn counts for each message in it).
    const modelMs = new Map<string, number>();
    const answer = (request: ChatRequest): ScriptedAnswer => {
      const started = performance.now();
      const names = lastUserText(request).match(NAMED) ?? [];
      const reply: ScriptedAnswer =
        request.messages[request.messages.length - 1].role === 'tool'
          ? { delayMs: MODEL_LATENCY_MS, content: `${ANSWER_PREFIX} ${names.join(', ')}` }
          : {
              delayMs: MODEL_LATENCY_MS,
              toolCalls: [{ name: 'search_members', arguments: { query: 'berlin', limit: 5 } }],
            };
      const spent = MODEL_LATENCY_MS + (performance.now() - started);
      for (const name of names) modelMs.set(name, (modelMs.get(name) ?? 0) + spent);
      return reply;
    };
    const total = RATE * SECONDS + BURST;
    llm.script(...Array.from({ length: total * 4 }, () => answer));

    // Replies are timed the moment the emulator records them.
    const firstSent = twilio.sent.length;
    let seen = firstSent;
    const repliedAt = new Map<string, number>();
    const observe = (sent: SentMessage[]) => {
      for (; seen < sent.length; seen += 1)
        for (const name of sent[seen].body.startsWith(ANSWER_PREFIX)
          ? (sent[seen].body.match(NAMED) ?? [])
          : [])
          if (!repliedAt.has(name)) repliedAt.set(name, performance.now());
      return repliedAt.size >= total;
    };

    const sentAt = new Map<string, number>();
    const phaseOf = new Map<string, 'steady' | 'burst'>();
    const acks: Array<{ phase: 'steady' | 'burst'; ms: number; at: number; ok: boolean }> = [];
    const sentBy = new Array<number>(MEMBERS).fill(0);
    const send = async (phase: 'steady' | 'burst', sequence: number) => {
      const member = sequence % MEMBERS;
      const name = `question ${member}-${(sentBy[member] += 1)}`;
      const started = performance.now();
      sentAt.set(name, started);
      phaseOf.set(name, phase);
      const { status } = await twilio
        .sendInbound({ from: `whatsapp:${memberPhone(member)}`, body: `load ${name}` }, target())
        .catch(() => ({ status: 0 }));
      acks.push({ phase, ms: performance.now() - started, at: performance.now(), ok: status === 200 });
    };

    const lag = monitorEventLoopDelay({ resolution: 10 });
    const cpuBefore = cpuSnapshot(stack.pids, database.env.DATABASE_NAME);
    const loadBefore = os.loadavg()[0];
    lag.enable();
    const started = performance.now();
    const answered = twilio.waitFor(observe, SECONDS * 1000 + DRAIN_MS).then(
      () => true,
      () => false
    );
    const posts: Array<Promise<void>> = [];
    for (let i = 0; i < RATE * SECONDS; i += 1) {
      await sleepUntil(started + (i * 1000) / RATE);
      posts.push(send('steady', i));
    }
    await Promise.all(posts);
    const steadyEnd = performance.now();
    const answeredBySteadyEnd = repliedAt.size;
    await Promise.all(Array.from({ length: BURST }, (_, i) => send('burst', RATE * SECONDS + i)));
    const allAnswered = await answered;
    const lastReply = Math.max(...repliedAt.values());
    // Late duplicates would come now.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    lag.disable();
    const cpu = cpuSpent(cpuBefore, cpuSnapshot(stack.pids, database.env.DATABASE_NAME));

    // Counted again from everything the emulator recorded: exactly one answer per message.
    const answers = twilio.sent.slice(firstSent).filter((message) => message.body.startsWith(ANSWER_PREFIX));
    const times = new Map<string, number>();
    for (const message of answers)
      for (const name of message.body.match(NAMED) ?? []) times.set(name, (times.get(name) ?? 0) + 1);
    const others = twilio.sent.slice(firstSent).filter((message) => !message.body.startsWith(ANSWER_PREFIX));
    const lost = [...sentAt.keys()].filter((name) => !times.has(name));
    const duplicated = [...times].filter(([, count]) => count > 1).map(([name]) => name);
    const rejected = acks.filter((ack) => !ack.ok).length;

    const steady = acks.filter((ack) => ack.phase === 'steady');
    const burst = acks.filter((ack) => ack.phase === 'burst');
    // End to end minus the model's time, for the steady stream and the burst apart.
    const overheadOf = (phase: 'steady' | 'burst') =>
      [...repliedAt]
        .filter(([name]) => phaseOf.get(name) === phase)
        .map(([name, at]) => at - (sentAt.get(name) ?? at) - (modelMs.get(name) ?? 0));
    const overhead = overheadOf('steady');
    const burstOverhead = overheadOf('burst');
    const seconds = (lastReply - started) / 1000;
    const inbox = await inboxStatusCounts(database.env);

    const result = {
      configuration: configuration.name,
      processes: configuration.roles.join('+'),
      'webhook req/s': round(steady.length / ((Math.max(...steady.map((ack) => ack.at)) - started) / 1000)),
      'webhook p50 ms': round(
        percentile(
          steady.map((ack) => ack.ms),
          50
        )
      ),
      'webhook p99 ms': round(
        percentile(
          steady.map((ack) => ack.ms),
          99
        )
      ),
      'burst ack p99 ms':
        BURST > 0
          ? round(
              percentile(
                burst.map((ack) => ack.ms),
                99
              )
            )
          : 0,
      'turns/s': round(answers.length / seconds),
      'answered/s': round(times.size / seconds),
      'answered by end of stream': `${answeredBySteadyEnd}/${steady.length}`,
      'drain s': round((lastReply - steadyEnd) / 1000),
      'e2e−model p50 ms': round(percentile(overhead, 50)),
      'e2e−model p99 ms': round(percentile(overhead, 99)),
      'burst e2e−model p99 ms': BURST > 0 ? round(percentile(burstOverhead, 99)) : 0,
      lost: lost.length,
      duplicated: duplicated.length,
    };
    console.log(`\n== ${configuration.name} (${configuration.roles.join(' + ')}) ==`);
    console.log(
      `${total} messages (${RATE}/s × ${SECONDS} s + burst ${BURST}) from ${MEMBERS} members; ${answers.length} turns; ` +
        `${rejected} webhooks not answered 200; ${others.length} other replies${others.length > 0 ? `, e.g. ${JSON.stringify(others[0].body)}` : ''}`
    );
    console.log(
      `lost ${lost.length}, duplicated ${duplicated.length}${allAnswered ? '' : ` (not all answered ${DRAIN_MS / 1000} s after the stream)`}; inbox rows by status: ${JSON.stringify(inbox)}`
    );
    console.log(
      `CPU s over the run: Strapi ${cpu.strapi.map((value) => round(value)).join(' + ')}, load generator ${round(cpu.bench)}, ` +
        `PostgreSQL ${round(cpu.postgres)}, Redis ${round(cpu.redis)}; machine busy ${Math.round(cpu.machineBusyShare * 100)} % of ${os.cpus().length} cores; ` +
        `Strapi CPU ms per turn ${round((cpu.strapi.reduce((sum, value) => sum + value, 0) * 1000) / Math.max(1, answers.length))}`
    );
    console.log(
      `load average ${round(loadBefore, 2)} → ${round(os.loadavg()[0], 2)}; load generator event-loop delay p99 ${round(lag.percentile(99) / 1e6)} ms`
    );
    if (lost.length > 0 || duplicated.length > 0) {
      keepDatabase = true;
      const rows = await inboxRowsFor(
        database.env,
        [...lost, ...duplicated].slice(0, 20).map((name) => `load ${name}`)
      );
      console.log(`lost: ${lost.slice(0, 20).join(', ')}`);
      console.log(`duplicated: ${duplicated.slice(0, 20).join(', ')}`);
      console.log(`their inbox rows: ${JSON.stringify(rows)}`);
      console.log(`database kept for inspection: ${database.label}`);
    }
    return result;
  } finally {
    await stack.stop();
    if (!keepDatabase) await database.drop();
    if (configuration.queue === 'bullmq') await deleteRedisPrefix(redisPrefix);
  }
};

const main = async () => {
  const wanted = process.env.BENCH_CONFIGS?.split(',').map((name) => name.trim());
  const unknown = wanted?.filter(
    (name) => !CONFIGURATIONS.some((configuration) => configuration.name === name)
  );
  if (unknown?.length)
    throw new Error(
      `BENCH_CONFIGS: unknown ${unknown.join(', ')}; choose from ${CONFIGURATIONS.map((c) => c.name).join(', ')}`
    );
  console.log(
    `bench:load — ${RATE} messages/s for ${SECONDS} s, then ${BURST} at once; ${MEMBERS} members; model ${MODEL_LATENCY_MS} ms a call; queue concurrency ${CONCURRENCY}`
  );
  console.log(
    `machine: ${machine()}; load average ${os
      .loadavg()
      .map((value) => round(value, 2))
      .join(' ')}`
  );
  buildPluginAndPlayground();
  const results = [];
  // In the order asked for: runs can be interleaved (a, b, a, b) on a noisy machine.
  const chosen = wanted
    ? wanted.map((name) => CONFIGURATIONS.find((configuration) => configuration.name === name)!)
    : CONFIGURATIONS;
  for (const configuration of chosen) results.push(await runConfiguration(configuration));
  console.log();
  console.table(results);
  if (results.some((result) => result.lost > 0 || result.duplicated > 0)) process.exitCode = 1;
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
