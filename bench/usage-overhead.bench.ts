/**
 * `npm run bench:usage-overhead` (Jest runs it: Strapi in-process) — what the ledger and the
 * limit check add to one agent turn (issue 12: target < 2 ms at p50), measured against the
 * real playground database, so the figure is not lost in the whole pipeline's noise.
 *
 * Each iteration makes one turn's database writes twice, on rows of their own:
 * - before: as the plugin wrote them until issue 12 — the message marked processed, the
 *   channel's last inbound time, the reply part marked sent, the history saved, two usage rows
 *   for the model calls, each write on its own;
 * - after: the same writes in the three transactions the turn now makes, with the ledger's
 *   rows (the message in, the turn, two model calls, the reply part) inside them;
 * and times the reads a turn adds: the member's communities and the limit check before the
 * model (which reserves the turn's place; the place is freed in the turn's first transaction)
 * and after it. The community starts with a busy month in its ledger
 * (BENCH_LEDGER_ROWS, default 25,000 rows), so the counts read a realistic index.
 */
import { DEMO_USERS } from '../playground/src/seed/users';
import { startPlayground } from '../tests/support/playground';
import { machine, percentile } from './support/report';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 400);
const LEDGER_ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 25_000);
const KINDS = ['inbound', 'turn', 'llm', 'llm', 'outbound'] as const;
const uid = (name: string) => `plugin::whatsapp-agent.${name}` as never;

const time = async (run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

test('the ledger and the limit check per turn', async () => {
  const playground = await startPlayground({ env: { LOG_LEVEL: 'error' } });
  const { strapi } = playground;
  const db = strapi.db;
  try {
    const usage = strapi.plugin('whatsapp-agent').service('usage');
    const ledger = db.query(uid('usage-record'));
    const user = await db
      .query('plugin::users-permissions.user')
      .findOne({ where: { email: DEMO_USERS[0].email } });
    const account = await usage.accountOf(user.id);
    // A plan the benchmark never reaches, so every iteration takes the whole path.
    await usage.setPlan(account.community, {
      kind: 'flat',
      feeUsd: 99,
      turnsPerMonth: 10_000_000,
      memberTurnsPerDay: 100_000,
    });
    const channel = await db
      .query(uid('channel'))
      .create({ data: { kind: 'whatsapp', address: '+4915200999999', status: 'linked', history: [] } });

    const day = new Date().toISOString().slice(0, 10);
    for (let done = 0; done < LEDGER_ROWS; done += 500) {
      await ledger.createMany({
        data: Array.from({ length: Math.min(500, LEDGER_ROWS - done) }, (_, i) => ({
          sourceKey: `seed:${done + i}`,
          kind: KINDS[(done + i) % KINDS.length],
          community: account.community,
          // Other members' turns: this member is within their day.
          userId: 1_000_000 + ((done + i) % 500),
          channelId: channel.id,
          day,
          occurredAt: new Date(),
          costMicros: 100,
        })),
      });
    }

    /** A received message and a reply part about to be marked sent: what one turn's writes change. */
    const turnRows = async (key: string) => {
      const message = await db.query(uid('inbound-message')).create({
        data: {
          messageSid: `SM${key}`,
          channelId: channel.id,
          from: 'whatsapp:+4915200999999',
          to: 'whatsapp:+14155238886',
          body: 'Who should I meet?',
          status: 'processing',
          attempts: 1,
          receivedAt: new Date(),
        },
      });
      const part = await db.query(uid('outbound-message')).create({
        data: {
          channelId: channel.id,
          turnKey: `SM${key}`,
          part: 1,
          partCount: 1,
          from: 'whatsapp:+14155238886',
          to: 'whatsapp:+4915200999999',
          body: 'Meet Ada.',
          status: 'sending',
        },
      });
      return { message, part };
    };
    const history = Array.from({ length: 6 }, (_, i) => ({
      role: i % 2 ? 'assistant' : 'user',
      content: 'x'.repeat(300),
    }));
    const llmCall = { model: 'gpt-4o-mini', promptTokens: 1200, completionTokens: 80, cachedTokens: 0 };
    const complete = (id: number) =>
      db
        .query(uid('inbound-message'))
        .updateMany({ where: { id: { $in: [id] } }, data: { status: 'processed' } });
    const markSent = (id: number) =>
      db
        .query(uid('outbound-message'))
        .update({ where: { id }, data: { providerSid: `SM${id}x`, status: 'queued', sentAt: new Date() } });
    const channelUpdate = (data: Record<string, unknown>) =>
      db.query(uid('channel')).update({ where: { id: channel.id }, data });

    const figures: Record<string, number[]> = {
      before: [],
      after: [],
      communities: [],
      admit: [],
      settle: [],
    };
    for (let i = -50; i < ITERATIONS; i += 1) {
      const old = await turnRows(`old${i}`);
      const before = await time(async () => {
        await channelUpdate({ history });
        await ledger.createMany({
          data: [1, 2].map((n) => ({
            sourceKey: `old:${i}:${n}`,
            kind: 'llm',
            community: 'default',
            day,
            occurredAt: new Date(),
            ...llmCall,
          })),
        });
        await markSent(old.part.id);
        await complete(old.message.id);
        await channelUpdate({ lastInboundAt: new Date() });
      });

      const rows = usage.rows();
      const now = await turnRows(`new${i}`);
      const communities = await time(() => usage.accountOf(user.id));
      let admission: unknown;
      // The admitted turn holds its place until the transaction that counts it.
      const turn = { account, channel: { id: channel.id }, writes: { ledger: [] } };
      const admit = await time(async () => {
        admission = await usage.admit(turn);
      });
      const after = await time(async () => {
        await db.transaction(async () => {
          await channelUpdate({ history });
          await usage.record([
            rows.turn(account, channel, `SMnew${i}`),
            rows.llm(account, channel, llmCall),
            rows.llm(account, channel, llmCall),
          ]);
          await usage.release(turn);
        });
        await db.transaction(async () => {
          await markSent(now.part.id);
          await usage.record([rows.outbound(account, channel, now.part)]);
        });
        await db.transaction(async () => {
          await complete(now.message.id);
          await channelUpdate({ lastInboundAt: new Date() });
          await usage.record([
            rows.inbound(account, channel, {
              messageSid: `SMnew${i}`,
              body: 'Who should I meet?',
              receivedAt: new Date(),
            }),
          ]);
        });
      });
      const settle = await time(() => usage.settle(account, admission));
      if (i < 0) continue;
      Object.entries({ before, after, communities, admit, settle }).forEach(([name, value]) =>
        figures[name].push(value)
      );
    }

    const added = figures.after.map(
      (after, i) => after - figures.before[i] + figures.communities[i] + figures.admit[i] + figures.settle[i]
    );
    const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(2)} ms`;
    console.log(
      [
        `${ITERATIONS} turns, ${LEDGER_ROWS} ledger rows in the community's month, ${playground.database.client}`,
        ...Object.entries(figures).map(
          ([name, values]) => `${name.padEnd(12)} p50 ${ms(values, 50)} · p99 ${ms(values, 99)}`
        ),
        `added/turn   p50 ${ms(added, 50)} · p99 ${ms(added, 99)} (after − before + communities + admit + settle; target p50 < 2 ms)`,
        `machine: ${machine()}`,
      ].join('\n')
    );
  } finally {
    await playground.stop();
  }
});
