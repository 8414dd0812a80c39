/**
 * `npm run bench:usage-overhead` — what the ledger and the limit check add to one agent turn
 * (issue 12: target < 2 ms at p50), measured in-process against the real playground database,
 * so the figure is not lost in the whole pipeline's noise.
 *
 * Per iteration, the work a linked member's turn now does beyond what it did before:
 * resolving the member's communities, the limit check before the model (plan, the community's
 * turns this month, the member's turns today), the check after it, and the ledger rows (the
 * message in, the turn and two model calls, the reply part out), each in a transaction of its
 * own (the real turn folds them into writes it already makes, so this overstates them). The
 * baseline is what a turn wrote before: its two model calls' usage rows. The community starts
 * with a busy month in its ledger (BENCH_LEDGER_ROWS, default 25,000 rows), so the counts read
 * a realistic index.
 */
import { DEMO_USERS } from '../playground/src/seed/users';
import globalSetup from '../tests/support/global-setup';
import { startPlayground } from '../tests/support/playground';
import { machine, percentile } from './support/report';

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 400);
const LEDGER_ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 25_000);
const KINDS = ['inbound', 'turn', 'llm', 'llm', 'outbound'] as const;

const time = async (run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

const main = async () => {
  globalSetup();
  const playground = await startPlayground({ env: { LOG_LEVEL: 'error' } });
  const { strapi } = playground;
  try {
    const usageService = strapi.plugin('whatsapp-agent').service('usage');
    const ledger = strapi.db.query('plugin::whatsapp-agent.usage-record');
    const user = await strapi.db
      .query('plugin::users-permissions.user')
      .findOne({ where: { email: DEMO_USERS[0].email } });
    const account = await usageService.accountOf(user.id);
    const channel = { id: 1, kind: 'whatsapp' as const };
    // A plan the benchmark never reaches, so every iteration takes the whole path.
    await usageService.setPlan(account.community, { kind: 'flat', feeUsd: 99, turnsPerMonth: 10_000_000 });

    const day = new Date().toISOString().slice(0, 10);
    for (let done = 0; done < LEDGER_ROWS; done += 500) {
      await ledger.createMany({
        data: Array.from({ length: Math.min(500, LEDGER_ROWS - done) }, (_, i) => ({
          sourceKey: `seed:${done + i}`,
          kind: KINDS[(done + i) % KINDS.length],
          community: account.community,
          userId: user.id,
          channelId: 1,
          day,
          occurredAt: new Date(),
          costMicros: 100,
        })),
      });
    }

    const llmCall = { model: 'gpt-4o-mini', promptTokens: 1200, completionTokens: 80, cachedTokens: 0, durationMs: 1 };
    const baseline: number[] = [];
    const added: number[] = [];
    const parts: Record<string, number[]> = { communities: [], admit: [], settle: [], ledger: [] };

    for (let i = -50; i < ITERATIONS; i += 1) {
      const rows = usageService.rows();
      const sid = `SMbench${i}`;
      const before = await time(() =>
        ledger.createMany({
          data: [1, 2].map((n) => ({
            sourceKey: `old:${i}:${n}`,
            kind: 'llm',
            community: 'baseline',
            day,
            occurredAt: new Date(),
            promptTokens: 1200,
            completionTokens: 80,
          })),
        })
      );
      const communities = await time(() => usageService.accountOf(user.id));
      let admission: { allowed: boolean } | undefined;
      const admit = await time(async () => {
        admission = await usageService.admit(account);
      });
      const written = await time(async () => {
        await strapi.db.transaction(() =>
          usageService.record([rows.inbound(account, channel, { messageSid: sid, body: 'hi', receivedAt: new Date() })])
        );
        await strapi.db.transaction(() =>
          usageService.record([
            rows.turn(account, channel, sid),
            rows.llm(account, channel, llmCall),
            rows.llm(account, channel, llmCall),
          ])
        );
        await strapi.db.transaction(() =>
          usageService.record([rows.outbound(account, channel, { id: 1_000_000 + i, body: 'Hello' })])
        );
      });
      const settle = await time(() => usageService.settle(account, admission));
      if (i < 0) continue;
      baseline.push(before);
      parts.communities.push(communities);
      parts.admit.push(admit);
      parts.settle.push(settle);
      parts.ledger.push(written);
      added.push(communities + admit + written + settle - before);
    }

    const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(2)} ms`;
    console.log(`\n${ITERATIONS} turns, ${LEDGER_ROWS} ledger rows in the community's month, ${playground.database.label}`);
    for (const [name, values] of Object.entries(parts))
      console.log(`${name.padEnd(12)} p50 ${ms(values, 50)} · p99 ${ms(values, 99)}`);
    console.log(`${'before'.padEnd(12)} p50 ${ms(baseline, 50)} · p99 ${ms(baseline, 99)} (two usage rows, as a turn wrote them)`);
    console.log(`added/turn   p50 ${ms(added, 50)} · p99 ${ms(added, 99)} (target p50 < 2 ms)`);
    console.log(`machine: ${machine()}`);
  } finally {
    await playground.stop();
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
