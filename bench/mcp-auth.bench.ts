/**
 * `npm run bench:mcp-auth` (Jest runs it: Strapi in-process) — what signing in costs on the
 * members' MCP endpoint: one request (`initialize`, the cheapest) with a personal token and with
 * an OAuth access token, both of which look the token up by hash and check its users-permissions
 * session on every request; a refresh (both tokens and the session rotated); and the whole first
 * sign-in of the SDK's own OAuth client (401, discovery, registration, consent page, code
 * exchange, connect). Sequential requests over HTTP on 127.0.0.1, SQLite unless DATABASE_CLIENT.
 */
import { OAuthTokensSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../playground/src/seed/users';
import { MCP_PATH } from '../tests/support/mcp';
import { MemoryOAuthProvider, signInWithOAuth } from '../tests/support/mcp-oauth';
import { freePort, startPlayground } from '../tests/support/playground';
import { machine, percentile } from './support/report';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 10);

const time = async (run: () => Promise<unknown>) => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};

const summary = (label: string, samples: number[]) => ({
  run: label,
  n: samples.length,
  'p50 ms': Number(percentile(samples, 50).toFixed(1)),
  'p95 ms': Number(percentile(samples, 95).toFixed(1)),
});

test('signing in on the MCP endpoint', async () => {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const playground = await startPlayground({
    port,
    env: {
      LOG_LEVEL: 'error',
      WHATSAPP_AGENT_MCP: 'on',
      WHATSAPP_AGENT_PUBLIC_URL: baseUrl,
      WHATSAPP_AGENT_MCP_MEMBER_REQUESTS_PER_MINUTE: '10000',
      WHATSAPP_AGENT_MCP_CLIENT_REQUESTS_PER_MINUTE: '10000',
    },
  });
  try {
    const [ada] = DEMO_USERS;
    const login = await playground
      .request()
      .post('/api/auth/local')
      .send({ identifier: ada.email, password: DEMO_PASSWORD });
    const personal = await playground
      .request()
      .post('/api/whatsapp-agent/mcp-tokens')
      .set('Authorization', `Bearer ${login.body.jwt}`)
      .send({ name: 'bench' });
    const initialize = (token: string) =>
      fetch(`${baseUrl}${MCP_PATH}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json, text/event-stream',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-06-18',
            capabilities: {},
            clientInfo: { name: 'bench', version: '1' },
          },
        }),
      }).then(async (response) => {
        await response.text();
        if (response.status !== 200) throw new Error(`initialize answered ${response.status}`);
      });

    const signIns: number[] = [];
    let provider = new MemoryOAuthProvider('bench');
    for (let run = 0; run < SIGN_INS; run += 1) {
      provider = new MemoryOAuthProvider('bench');
      signIns.push(
        await time(async () => {
          const { client } = await signInWithOAuth(baseUrl, provider, {
            identifier: ada.email,
            password: DEMO_PASSWORD,
          });
          await client.close();
        })
      );
    }
    const refreshes: number[] = [];
    for (let run = 0; run < SIGN_INS * 5; run += 1) {
      refreshes.push(
        await time(async () => {
          const response = await fetch(`${baseUrl}/api/whatsapp-agent/oauth/token`, {
            method: 'POST',
            body: new URLSearchParams({
              grant_type: 'refresh_token',
              refresh_token: String(provider.saved?.refresh_token),
              client_id: String(provider.client?.client_id),
            }),
          });
          if (response.status !== 200) throw new Error(`refresh answered ${response.status}`);
          provider.saved = OAuthTokensSchema.parse(await response.json());
        })
      );
    }
    const oauthToken = String(provider.saved?.access_token);
    const byPersonal: number[] = [];
    const byOAuth: number[] = [];
    // Interleaved, so a burst of load elsewhere on the machine hits both alike.
    for (let run = 0; run < REQUESTS; run += 1) {
      byPersonal.push(await time(() => initialize(personal.body.data.token)));
      byOAuth.push(await time(() => initialize(oauthToken)));
    }

    console.log(
      `MCP sign-in bench — ${machine()}; load average ${(await import('node:os'))
        .loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')}; ${process.env.DATABASE_CLIENT ?? 'sqlite'}`
    );
    console.table([
      summary('initialize, personal token', byPersonal),
      summary('initialize, OAuth access token', byOAuth),
      summary('refresh (tokens + session rotated)', refreshes),
      summary('first sign-in, SDK client end to end', signIns),
    ]);
  } finally {
    await playground.stop();
  }
});
