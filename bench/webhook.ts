/**
 * `npm run bench:webhook` — what a durable, signed acknowledgement costs.
 *
 * On one playground Strapi (own process, fresh SQLite), with autocannon in this process:
 *   (a) a bare `auth: false` route answering 204 (the baseline),
 *   (b) the signed webhook storing + queueing distinct messages (WHATSAPP_AGENT_WORKER=off:
 *       the acknowledgement path alone, as on a web-only instance),
 *   (c) the same at a steady 100 requests/s (the latency target),
 *   (d) the webhook while this instance's worker also answers every message (echo replies
 *       to the Twilio emulator), after a restart with the worker on.
 *   (e/f) BENCH_ROUNDS interleaved rounds (default 5) of a route that only stores the posted form
 *       durably, group-committed as the inbox is (`POST /api/noop/insert`, the fair floor), and
 *       the signed webhook: their ratio per round with the machine's load, and its median; and the
 *       ratio of the Strapi process's CPU per request (floor / webhook), which a busy machine moves less.
 *       Their messages are made (and signed) before each round, so the load generator's own work
 *       per request is the same for both.
 *   (g/h) BENCH_STACK_ROUNDS rounds (default 3) of the same after a restart with the early
 *       acknowledgement off (WHATSAPP_AGENT_WEBHOOK_EARLY_ACK=off): the webhook through the host's
 *       middleware stack, as the floor is — the webhook's own work beyond a durable insert.
 * Then checks that every accepted message is in the inbox exactly once and was processed.
 * Targets: b/a ≥ 0.5 and webhook p99 < 50 ms at 100 requests/s (issue 3); webhook / insert floor
 * ≥ 0.85, median of the (e/f) rounds (issue 24). Figures: bench/RESULTS.md.
 */
import { machine, percentile, printTable } from './support/report';
import { runWebhookBench } from './support/webhook-run';

const main = async () => {
  const figures = await runWebhookBench({
    connections: Number(process.env.BENCH_CONNECTIONS ?? 20),
    durationS: Number(process.env.BENCH_DURATION ?? 10),
    rounds: Number(process.env.BENCH_ROUNDS ?? 5),
    stackRounds: Number(process.env.BENCH_STACK_ROUNDS ?? 3),
  });
  const { bare, webhook, steady, busy, rounds, stackRounds } = figures;
  printTable([
    bare,
    webhook,
    steady,
    busy,
    ...[...rounds, ...stackRounds].flatMap((round) => [round.floor, round.webhook]),
  ]);
  const ratio = webhook.requestsPerSecond / bare.requestsPerSecond;
  console.log(
    `\nratio b/a = ${ratio.toFixed(2)} (target ≥ 0.5) · webhook p99 at 100 req/s = ${steady.p99Ms} ms (target < 50 ms)`
  );
  const median = (values: number[]) => percentile(values, 50);
  const report = (label: string, measured: typeof rounds, target: string) => {
    if (measured.length === 0) return;
    for (const [i, round] of measured.entries())
      console.log(
        `${label} round ${i + 1}: webhook / insert floor = ${round.ratio.toFixed(2)} (${round.webhook.requestsPerSecond} / ${round.floor.requestsPerSecond} req/s; p99 ${round.webhook.p99Ms} / ${round.floor.p99Ms} ms) · Strapi CPU per request floor / webhook = ${round.cpuRatio.toFixed(2)} (${Math.round(round.cpuUs.floor)} / ${Math.round(round.cpuUs.webhook)} µs) · load ${round.load.toFixed(2)}`
      );
    console.log(
      `${label}: webhook / insert floor, median of ${measured.length} rounds = ${median(measured.map((round) => round.ratio)).toFixed(2)} req/s${target}, ${median(measured.map((round) => round.cpuRatio)).toFixed(2)} by Strapi CPU per request`
    );
  };
  report('early acknowledgement', rounds, ' (target ≥ 0.85)');
  report('through the host stack', stackRounds, '');
  console.log(
    `worker: ${figures.backlog} backlog + ${figures.accepted - figures.backlog} new messages processed in ${figures.drainSeconds.toFixed(1)} s (${Math.round(figures.accepted / figures.drainSeconds)} messages/s), ${figures.replies} replies sent`
  );
  console.log(`machine: ${machine()}`);
  console.log(
    `inbox check: ${figures.accepted} accepted, ${figures.missing} missing or doubled, ${figures.unfinished} not processed`
  );
  if (figures.missing > 0 || figures.unfinished > 0) process.exitCode = 1;
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
