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
 * Then checks that every accepted message is in the inbox exactly once and was processed.
 * Targets (issue 3): b/a ≥ 0.5 and webhook p99 < 50 ms at 100 requests/s. Figures: bench/RESULTS.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { createTwilioEmulator, newSid } from '../simulator/twilio-emulator';
import globalSetup from '../tests/support/global-setup';
import { freePort } from '../tests/support/playground';
import { machine, printTable, summarize } from './support/report';
import { pluginEnv } from './support/plugin-env';
import { startStrapiProcess } from './support/strapi-process';

const ACCOUNT_SID = `AC${'b'.repeat(32)}`;
const AUTH_TOKEN = 'bench-auth-token';
const TOKEN = 'bench-webhook-token-0123456789abcdef';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const SENDERS = 200;

const readInbox = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare(
        "SELECT message_sid AS sid, COUNT(*) AS n, SUM(status != 'processed') AS unprocessed FROM whatsapp_agent_inbound_messages GROUP BY message_sid"
      )
      .all() as Array<{ sid: string; n: number; unprocessed: number }>;
  } finally {
    db.close();
  }
};

/** Waits until the worker has processed every stored message; returns how many it had not. */
const waitUntilProcessed = async (file: string, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const unfinished = readInbox(file).reduce((sum, row) => sum + row.unprocessed, 0);
    if (unfinished === 0 || Date.now() > deadline) return unfinished;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
};

const main = async () => {
  globalSetup();
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

  const startStrapi = (worker: 'on' | 'off') =>
    startStrapiProcess({
      port,
      env: {
        WHATSAPP_AGENT_WORKER: worker,
        ...pluginEnv({
          dir,
          baseUrl: publicUrl,
          twilioUrl: twilio.url,
          accountSid: ACCOUNT_SID,
          authToken: AUTH_TOKEN,
          webhookToken: TOKEN,
        }),
      },
    });
  let strapi = await startStrapi('off');

  const accepted: string[] = [];
  let counter = 0;
  /** One distinct, correctly signed Twilio message per request, from a pool of senders. */
  const signedMessage = (request: autocannon.Request, context: { sid?: string }) => {
    counter += 1;
    const params = {
      MessageSid: newSid('SM'),
      AccountSid: ACCOUNT_SID,
      From: `whatsapp:+49151${String(counter % SENDERS).padStart(7, '0')}`,
      To: 'whatsapp:+14155238886',
      Body: `Bench message ${counter}`,
      NumMedia: '0',
    };
    // One request at a time per connection: its context remembers which message is in flight.
    context.sid = params.MessageSid;
    return {
      ...request,
      method: 'POST' as const,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, `${publicUrl}${webhookPath}`, params),
      },
      body: new URLSearchParams(params).toString(),
    };
  };
  const webhookRequests = (): autocannon.Request[] => [
    {
      setupRequest: signedMessage,
      onResponse: (status, _body, context) => {
        if (status === 200) accepted.push(String((context as { sid?: string }).sid));
      },
    },
  ];

  const run = (options: autocannon.Options) =>
    autocannon({ connections: CONNECTIONS, duration: DURATION_S, ...options });

  try {
    // Warm-up: JIT, connection pools, prepared statements.
    await run({ url: `${strapi.baseUrl}/api/noop`, method: 'POST', duration: 2 });
    await run({ url: `${strapi.baseUrl}${webhookPath}`, requests: webhookRequests(), duration: 2 });
    accepted.length = 0;

    const bare = summarize(
      '(a) bare route, 204',
      await run({
        url: `${strapi.baseUrl}/api/noop`,
        method: 'POST',
        body: 'a=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
    );
    const webhook = summarize(
      '(b) signed webhook, store + queue',
      await run({ url: `${strapi.baseUrl}${webhookPath}`, requests: webhookRequests() })
    );
    const steady = summarize(
      '(c) signed webhook at 100 req/s',
      await run({
        url: `${strapi.baseUrl}${webhookPath}`,
        requests: webhookRequests(),
        connections: 10,
        overallRate: 100,
      })
    );

    // The worker takes over everything stored so far, then works under fresh load.
    await strapi.stop();
    const drainStart = Date.now();
    strapi = await startStrapi('on');
    const backlog = accepted.length;
    const busy = summarize(
      '(d) signed webhook, worker answering',
      await run({ url: `${strapi.baseUrl}${webhookPath}`, requests: webhookRequests() })
    );
    const unfinished = await waitUntilProcessed(path.join(dir, 'bench.db'), 120_000);
    const drainSeconds = (Date.now() - drainStart) / 1000;

    printTable([bare, webhook, steady, busy]);
    const ratio = webhook.requestsPerSecond / bare.requestsPerSecond;
    console.log(
      `\nratio b/a = ${ratio.toFixed(2)} (target ≥ 0.5) · webhook p99 at 100 req/s = ${steady.p99Ms} ms (target < 50 ms)`
    );
    console.log(
      `worker: ${backlog} backlog + ${accepted.length - backlog} new messages processed in ${drainSeconds.toFixed(1)} s (${Math.round(accepted.length / drainSeconds)} messages/s), ${twilio.sent.length} replies sent`
    );
    console.log(`machine: ${machine()}`);

    // Every accepted message stored exactly once (the unique index makes more impossible; fewer would be a loss).
    const counts = new Map(readInbox(path.join(dir, 'bench.db')).map((row) => [row.sid, row]));
    const missing = accepted.filter((sid) => counts.get(sid)?.n !== 1);
    console.log(
      `inbox check: ${accepted.length} accepted, ${missing.length} missing or doubled, ${unfinished} not processed`
    );
    if (missing.length > 0 || unfinished > 0) process.exitCode = 1;
  } finally {
    await strapi.stop();
    await twilio.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
