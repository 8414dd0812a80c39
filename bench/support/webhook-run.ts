import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { createTwilioEmulator, newSid } from '../../simulator/twilio-emulator';
import { buildPluginAndPlayground } from '../../tests/support/global-setup';
import { freePort } from '../../tests/support/playground';
import { processCpuSeconds } from './cpu';
import { inboxOpenCount, inboxSidCounts } from './inbox-rows';
import { pluginEnv } from './plugin-env';
import { summarize, type Summary } from './report';
import { startStrapiProcess } from './strapi-process';

const ACCOUNT_SID = `AC${'b'.repeat(32)}`;
const AUTH_TOKEN = 'bench-auth-token';
const TOKEN = 'bench-webhook-token-0123456789abcdef';
const SENDERS = 200;

/**
 * One round of the insert floor and the webhook, back to back, with the machine's load then; and
 * the Strapi process's CPU per answered request in each (µs), which, unlike req/s, does not
 * depend on the share of the cores the process got: `cpuRatio` is floor / webhook.
 */
export type FloorRound = {
  floor: Summary;
  webhook: Summary;
  ratio: number;
  load: number;
  cpuUs: { floor: number; webhook: number };
  cpuRatio: number;
};

/** What one run of the webhook benchmark measured (see bench/webhook.ts). */
export type WebhookFigures = {
  bare: Summary;
  webhook: Summary;
  steady: Summary;
  busy: Summary;
  rounds: FloorRound[];
  /** The same with the early acknowledgement off (the webhook through the host's middleware stack). */
  stackRounds: FloorRound[];
  backlog: number;
  accepted: number;
  drainSeconds: number;
  unfinished: number;
  replies: number;
  /** Accepted messages not stored exactly once. */
  missing: number;
};

/**
 * The webhook benchmark's runs on one playground Strapi in its own process; `database` points it
 * at a prepared database (bench:growth) instead of a fresh SQLite file, `built` skips the build,
 * `rounds` interleaved rounds of the insert floor and the webhook (0: none).
 */
export const runWebhookBench = async ({
  connections,
  durationS,
  rounds,
  stackRounds: stackRoundCount = 0,
  database,
  built,
}: {
  connections: number;
  durationS: number;
  rounds: number;
  /** Rounds with the early acknowledgement off, after those (0: none). */
  stackRounds?: number;
  database?: Record<string, string>;
  built?: boolean;
}): Promise<WebhookFigures> => {
  if (!built) buildPluginAndPlayground();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-bench-'));
  // The benchmark posts its messages itself: the emulator never sees them, so no 24-hour window.
  const twilio = await createTwilioEmulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    enforceWindow: false,
  }).start();
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const webhookPath = `/api/whatsapp-agent/webhooks/twilio/${TOKEN}`;
  twilio.setWebhookUrl(`${publicUrl}${webhookPath}`);
  const databaseEnv = {
    ...pluginEnv({
      dir,
      baseUrl: publicUrl,
      twilioUrl: twilio.url,
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      webhookToken: TOKEN,
    }),
    ...database,
  };

  const startStrapi = (worker: 'on' | 'off', env: Record<string, string> = {}) =>
    startStrapiProcess({ port, env: { WHATSAPP_AGENT_WORKER: worker, ...databaseEnv, ...env } });
  let strapi = await startStrapi('off');

  const accepted: string[] = [];
  let counter = 0;
  type Prepared = { sid: string; body: string; signature?: string };
  /** One distinct, correctly signed Twilio message, from a pool of senders. */
  const newSignedMessage = (): Prepared => {
    counter += 1;
    const params = {
      MessageSid: newSid('SM'),
      AccountSid: ACCOUNT_SID,
      From: `whatsapp:+49151${String(counter % SENDERS).padStart(7, '0')}`,
      To: 'whatsapp:+14155238886',
      Body: `Bench message ${counter}`,
      NumMedia: '0',
    };
    return {
      sid: params.MessageSid,
      body: new URLSearchParams(params).toString(),
      signature: getExpectedTwilioSignature(AUTH_TOKEN, `${publicUrl}${webhookPath}`, params),
    };
  };
  /**
   * The same form the webhook gets (Twilio's random 34-character MessageSid, the AccountSid),
   * unsigned, for the route that only inserts it (the floor). Not a counter as the SID: keys
   * arriving in order append to the unique index's last page, random ones (what Twilio sends)
   * land on a different page each, and that write is most of what a durable insert costs.
   */
  const newFloorMessage = (): Prepared => {
    counter += 1;
    const sid = newSid('SM');
    return {
      sid,
      body: new URLSearchParams({
        MessageSid: sid,
        AccountSid: ACCOUNT_SID,
        From: `whatsapp:+49151${String(counter % SENDERS).padStart(7, '0')}`,
        To: 'whatsapp:+14155238886',
        Body: `Bench message ${counter}`,
        NumMedia: '0',
      }).toString(),
    };
  };
  // Messages made before a timed round, so that the load generator (on the same cores) does the
  // same small work per request for both routes: signing in the round would slow the webhook's side.
  const prepared = { webhook: [] as Prepared[], floor: [] as Prepared[] };
  const prepare = (count: number) => {
    prepared.webhook = Array.from({ length: count }, newSignedMessage);
    prepared.floor = Array.from({ length: count }, newFloorMessage);
  };
  const asRequest = (request: autocannon.Request, message: Prepared) => ({
    ...request,
    method: 'POST' as const,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(message.signature ? { 'x-twilio-signature': message.signature } : {}),
    },
    body: message.body,
  });
  const signedMessage = (request: autocannon.Request, context: { sid?: string }) => {
    const message = prepared.webhook.pop() ?? newSignedMessage();
    // One request at a time per connection: its context remembers which message is in flight.
    context.sid = message.sid;
    return asRequest(request, message);
  };
  const webhookRequests = (): autocannon.Request[] => [
    {
      setupRequest: signedMessage,
      onResponse: (status, _body, context) => {
        if (status === 200) accepted.push(String((context as { sid?: string }).sid));
      },
    },
  ];
  const floorRequests = (): autocannon.Request[] => [
    { setupRequest: (request) => asRequest(request, prepared.floor.pop() ?? newFloorMessage()) },
  ];

  const load = (options: autocannon.Options) => autocannon({ connections, duration: durationS, ...options });
  const webhook = () => load({ url: `${strapi.baseUrl}${webhookPath}`, requests: webhookRequests() });
  const floor = () => load({ url: `${strapi.baseUrl}/api/noop/insert`, requests: floorRequests() });

  try {
    // Warm-up: JIT, connection pools, prepared statements.
    await load({ url: `${strapi.baseUrl}/api/noop`, method: 'POST', duration: 2 });
    await load({ url: `${strapi.baseUrl}${webhookPath}`, requests: webhookRequests(), duration: 2 });
    if (rounds > 0)
      await load({ url: `${strapi.baseUrl}/api/noop/insert`, requests: floorRequests(), duration: 2 });
    accepted.length = 0;

    const bare = summarize(
      '(a) bare route, 204',
      await load({
        url: `${strapi.baseUrl}/api/noop`,
        method: 'POST',
        body: 'a=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
    );
    const signed = summarize('(b) signed webhook, store + queue', await webhook());
    const steady = summarize(
      '(c) signed webhook at 100 req/s',
      await load({
        url: `${strapi.baseUrl}${webhookPath}`,
        requests: webhookRequests(),
        connections: 10,
        overallRate: 100,
      })
    );
    // The floor and the webhook in turn, so a neighbour's burst weighs on both alike.
    /** The run's summary and the Strapi process's CPU per 2xx answer, in µs. */
    const withCpu = async (label: string, go: () => Promise<autocannon.Result>) => {
      const before = processCpuSeconds(strapi.pid);
      const result = await go();
      const seconds = processCpuSeconds(strapi.pid) - before;
      return { summary: summarize(label, result), cpuUs: (seconds * 1e6) / Math.max(1, result['2xx']) };
    };
    const floorRounds = async (count: number, label: (round: number) => [string, string]) => {
      const measured: FloorRound[] = [];
      for (let round = 1; round <= count; round += 1) {
        // More than either route answers in a round on this machine (~2,600 req/s bare).
        prepare(durationS * 3000);
        const loadAverage = os.loadavg()[0];
        const [floorLabel, webhookLabel] = label(round);
        const insertOnly = await withCpu(floorLabel, floor);
        const signedAgain = await withCpu(webhookLabel, webhook);
        measured.push({
          floor: insertOnly.summary,
          webhook: signedAgain.summary,
          ratio: signedAgain.summary.requestsPerSecond / insertOnly.summary.requestsPerSecond,
          load: loadAverage,
          cpuUs: { floor: insertOnly.cpuUs, webhook: signedAgain.cpuUs },
          cpuRatio: insertOnly.cpuUs / signedAgain.cpuUs,
        });
      }
      return measured;
    };
    const earlyRounds = await floorRounds(rounds, (round) => [
      `(e${round}) insert-only route`,
      `(f${round}) signed webhook`,
    ]);

    // The same rounds with the early acknowledgement off: the webhook through the host's middleware
    // stack, as the floor is, which is what the webhook's own work costs beyond a durable insert.
    let stackRounds: FloorRound[] = [];
    if (stackRoundCount > 0) {
      await strapi.stop();
      strapi = await startStrapi('off', { WHATSAPP_AGENT_WEBHOOK_EARLY_ACK: 'off' });
      await load({ url: `${strapi.baseUrl}${webhookPath}`, requests: webhookRequests(), duration: 2 });
      await load({ url: `${strapi.baseUrl}/api/noop/insert`, requests: floorRequests(), duration: 2 });
      stackRounds = await floorRounds(stackRoundCount, (round) => [
        `(g${round}) insert-only route`,
        `(h${round}) signed webhook, through the stack`,
      ]);
    }
    prepared.webhook = [];
    prepared.floor = [];

    // The worker takes over everything stored so far, then works under fresh load.
    await strapi.stop();
    const drainStart = Date.now();
    strapi = await startStrapi('on');
    const backlog = accepted.length;
    const busy = summarize('(d) signed webhook, worker answering', await webhook());
    const deadline = Date.now() + 300_000;
    let unfinished = 0;
    for (;;) {
      unfinished = await inboxOpenCount(databaseEnv);
      if (unfinished === 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const drainSeconds = (Date.now() - drainStart) / 1000;

    // Every accepted message stored exactly once (the unique index makes more impossible; fewer would be a loss).
    const counts = new Map((await inboxSidCounts(databaseEnv)).map((row) => [row.sid, row]));
    return {
      bare,
      webhook: signed,
      steady,
      busy,
      rounds: earlyRounds,
      stackRounds,
      backlog,
      accepted: accepted.length,
      drainSeconds,
      unfinished,
      replies: twilio.sent.length,
      missing: accepted.filter((sid) => counts.get(sid)?.n !== 1).length,
    };
  } finally {
    await strapi.stop();
    await twilio.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};
