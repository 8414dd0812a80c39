/**
 * `npm run bench:linking-flood` — does a flood of linking guesses stall the database? (issue 11)
 *
 * 20 senders each send 12 messages as fast as the webhook takes them, every message stuffed
 * with 140 phrase-shaped strings (three list words + four digits): 33,600 guesses in all.
 * Meanwhile an unrelated member reads `GET /api/events` in a loop. Before the fix, every guess
 * of a turn was looked up inside one long transaction and REST reads took seconds; now at most
 * 3 phrases a turn are looked up in one query. Target: p99 of the REST read < 100 ms during the
 * flood. Prints the figures; not a test.
 */
import { DEMO_PASSWORD, DEMO_USERS } from '../playground/src/seed/users';
import { startAgentStack } from './support/agent-stack';
import { machine, percentile } from './support/report';

const SENDERS = Number(process.env.BENCH_SENDERS ?? 20);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 12);
// ~140 × 28 characters stays under Twilio's (and our) 4096-character Body.
const PHRASES_PER_MESSAGE = 140;
const WORDS = [
  'abandon',
  'ability',
  'able',
  'about',
  'above',
  'absent',
  'absorb',
  'abstract',
  'absurd',
  'abuse',
];

const stuffedMessage = (seed: number) =>
  Array.from({ length: PHRASES_PER_MESSAGE }, (_, i) => {
    const n = seed * PHRASES_PER_MESSAGE + i;
    return `${WORDS[n % 10]}-${WORDS[Math.floor(n / 10) % 10]}-${WORDS[Math.floor(n / 100) % 10]}-${String(n % 10_000).padStart(4, '0')}`;
  }).join(' ');

const main = async () => {
  const { baseUrl, twilio, stop } = await startAgentStack({ name: 'flood' });

  try {
    const login = await fetch(`${baseUrl}/api/auth/local`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ identifier: DEMO_USERS[0].email, password: DEMO_PASSWORD }),
    });
    const { jwt } = (await login.json()) as { jwt: string };
    const read = async () => {
      const started = performance.now();
      const response = await fetch(`${baseUrl}/api/events?pagination[pageSize]=5`, {
        headers: { Authorization: `Bearer ${jwt}` },
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`GET /api/events answered ${response.status}`);
      return performance.now() - started;
    };

    const quiet: number[] = [];
    for (let i = 0; i < 50; i += 1) quiet.push(await read());

    let flooding = true;
    const duringFlood: number[] = [];
    const reader = (async () => {
      while (flooding) duringFlood.push(await read());
    })();

    const acks: number[] = [];
    const started = performance.now();
    const flood = Promise.all(
      Array.from({ length: SENDERS }, async (_, s) => {
        for (let m = 0; m < MESSAGES; m += 1) {
          const sent = performance.now();
          const { status } = await twilio.sendInbound({
            from: `whatsapp:+4917900${String(s).padStart(5, '0')}`,
            body: stuffedMessage(s * MESSAGES + m),
          });
          if (status !== 200) throw new Error(`Webhook answered ${status}`);
          acks.push(performance.now() - sent);
        }
      })
    );
    try {
      await flood;
    } catch (error) {
      flooding = false;
      await reader.catch(() => undefined);
      throw error;
    }
    // Until every sender got its replies (or gave up being answered): the turns are the load.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const answered = Array.from({ length: SENDERS }, (_, s) =>
        twilio.sentTo(`whatsapp:+4917900${String(s).padStart(5, '0')}`)
      ).filter((replies) => replies.length > 0).length;
      if (answered === SENDERS) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    flooding = false;
    await reader;
    const floodSeconds = (performance.now() - started) / 1000;

    const ms = (value: number) => Math.round(value * 10) / 10;
    console.log(`\nLinking flood — ${machine()}`);
    console.log(
      `${SENDERS} senders × ${MESSAGES} messages × ${PHRASES_PER_MESSAGE} phrase-shaped strings = ${SENDERS * MESSAGES * PHRASES_PER_MESSAGE} guesses, ${ms(floodSeconds)} s`
    );
    console.table({
      'GET /api/events, quiet': {
        n: quiet.length,
        'p50 ms': ms(percentile(quiet, 50)),
        'p99 ms': ms(percentile(quiet, 99)),
      },
      'GET /api/events, during the flood': {
        n: duringFlood.length,
        'p50 ms': ms(percentile(duringFlood, 50)),
        'p99 ms': ms(percentile(duringFlood, 99)),
      },
      'webhook ack, during the flood': {
        n: acks.length,
        'p50 ms': ms(percentile(acks, 50)),
        'p99 ms': ms(percentile(acks, 99)),
      },
    });
    const replies = Array.from(
      { length: SENDERS },
      (_, s) => twilio.sentTo(`whatsapp:+4917900${String(s).padStart(5, '0')}`).length
    );
    console.log(
      `Replies per sender: max ${Math.max(...replies)} (an unlinked sender gets at most 5 an hour)`
    );
    console.log(
      `Target: p99 of the REST read during the flood < 100 ms → ${percentile(duringFlood, 99) < 100 ? 'met' : 'NOT met'}`
    );
  } finally {
    await stop();
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
