/**
 * `npm run demo`: builds the plugin and the playground app, starts the local WhatsApp simulator
 * (a Twilio emulator with a "phone" page) and runs the playground with the plugin on
 * http://localhost:1337 (SQLite, seeded on first boot), all wired together by environment
 * variables. Variables already set in the environment win over the demo's defaults, so the same
 * command runs against PostgreSQL, a real Twilio account (then no simulator) or a real LLM.
 *
 * Each build is skipped when its inputs hash the same as at its last successful build (see
 * build-cache.ts); `npm run demo -- --rebuild` builds both regardless.
 *
 * `DEMO_PROVIDER=meta npm run demo` (or `npm run demo -- --meta`) runs the simulator as Meta's
 * Cloud API instead of Twilio: the plugin then speaks WhatsApp through its Meta adapter.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { maskRedisUrl } from '../server/src/queue/bullmq';
import { DEMO_ADMIN } from '../playground/src/demo-admin';
import {
  type BuildTarget,
  checkFreshness,
  clearStamp,
  hashInputs,
  PLAYGROUND_INPUTS,
  PLUGIN_INPUTS,
  pluginBuild,
  writeStamp,
} from './build-cache';
import { firstTakenPort, portInUseMessage, type DemoPort } from './ports';
import { DEMO_PASSWORD, DEMO_USERS } from '../playground/src/seed/users';
import { OFFLINE_NOTICE } from '../simulator/offline-model';
import { createScriptedLlm } from '../simulator/scripted-llm';
import { DEMO_SENDERS, seedDemoSenders } from './demo-senders';
import { createMetaSimulator, createSimulator } from '../simulator/simulator';

const ROOT = path.resolve(__dirname, '..');
const PLAYGROUND = path.join(ROOT, 'playground');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

const port = process.env.PORT ?? '1337';
const publicUrl = `http://localhost:${port}`;
const simulatorPort = Number(process.env.SIMULATOR_PORT ?? 1338);
/** Which provider the simulator stands in for: Twilio unless asked for Meta's Cloud API. */
const provider: 'twilio' | 'meta' =
  process.env.DEMO_PROVIDER === 'meta' || process.argv.slice(2).includes('--meta') ? 'meta' : 'twilio';
/** With real Twilio or Meta credentials in the environment, the simulator stays off. */
const useSimulator = !process.env.TWILIO_ACCOUNT_SID && !process.env.META_WHATSAPP_ACCESS_TOKEN;
/** Without an LLM endpoint, the offline demo model answers (rules, real tool calls). */
const useOfflineModel = !process.env.OPENAI_API_KEY && !process.env.OPENAI_BASE_URL;
const offlineModelPort = Number(process.env.OFFLINE_MODEL_PORT ?? 1339);

// Demo-only values: the simulator and Strapi share them; nothing here reaches Twilio.
const DEMO_TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'d'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'demo-auth-token-not-a-secret',
  TWILIO_WHATSAPP_NUMBER: '+14155238886',
  WHATSAPP_AGENT_TWILIO_API_URL: `http://127.0.0.1:${simulatorPort}`,
  WHATSAPP_AGENT_WEBHOOK_TOKEN: 'demo-webhook-token-0123456789abcdef',
};
// The same for Meta's Cloud API: made-up ids and secrets the Meta emulator and Strapi share.
const DEMO_META_ACCOUNT = {
  phoneNumberId: '106540352242922',
  businessAccountId: '102290129340398',
  displayPhoneNumber: '+15550001234',
  accessToken: 'EAAdemo-access-token-not-a-secret',
  appSecret: 'demo-app-secret-not-a-secret',
};
const DEMO_META = {
  META_WHATSAPP_PHONE_NUMBER_ID: DEMO_META_ACCOUNT.phoneNumberId,
  META_WHATSAPP_BUSINESS_ACCOUNT_ID: DEMO_META_ACCOUNT.businessAccountId,
  META_WHATSAPP_ACCESS_TOKEN: DEMO_META_ACCOUNT.accessToken,
  META_APP_SECRET: DEMO_META_ACCOUNT.appSecret,
  META_WEBHOOK_VERIFY_TOKEN: 'demo-verify-token-not-a-secret',
  WHATSAPP_AGENT_META_API_URL: `http://127.0.0.1:${simulatorPort}`,
  WHATSAPP_AGENT_WEBHOOK_TOKEN: DEMO_TWILIO.WHATSAPP_AGENT_WEBHOOK_TOKEN,
};

const env: NodeJS.ProcessEnv = {
  PORT: port,
  NODE_ENV: 'development',
  WHATSAPP_AGENT_PUBLIC_URL: publicUrl,
  // The plugin's ready-made linking page (README: Your own app in ten minutes).
  WHATSAPP_AGENT_LINKING_PAGE: 'on',
  // `WHATSAPP_AGENT_QUEUE=bullmq npm run demo` uses this machine's Redis unless REDIS_URL says otherwise.
  ...(process.env.WHATSAPP_AGENT_QUEUE === 'bullmq' ? { REDIS_URL: 'redis://127.0.0.1:6379' } : {}),
  ...(useSimulator ? (provider === 'meta' ? DEMO_META : DEMO_TWILIO) : {}),
  ...(useOfflineModel
    ? {
        OPENAI_BASE_URL: `http://127.0.0.1:${offlineModelPort}/v1`,
        WHATSAPP_AGENT_MODEL: 'offline-demo-model',
        // It takes pictures (and says so) though its name is no known vision model's.
        WHATSAPP_AGENT_VISION: 'on',
      }
    : {}),
  ...process.env,
};

const run = (step: string, command: string, args: string[], cwd: string) => {
  console.log(`\n▶ ${step}`);
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`✖ ${step} failed (exit code ${result.status}).`);
    process.exit(result.status ?? 1);
  }
};

/**
 * `DATABASE_CLIENT=postgres npm run demo`: the demo's database (DATABASE_NAME, default `strapi`)
 * is created on first run, as the SQLite file is. With DATABASE_URL it must exist already.
 */
const ensurePostgresDatabase = async () => {
  if (env.DATABASE_CLIENT !== 'postgres' || env.DATABASE_URL) return;
  const name = env.DATABASE_NAME ?? 'strapi';
  const admin = new Client({
    host: env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(env.DATABASE_PORT ?? 5432),
    user: env.DATABASE_USERNAME ?? 'postgres',
    password: env.DATABASE_PASSWORD ?? '',
    database: 'postgres',
  });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) {
      console.log(`\n▶ Creating the PostgreSQL database "${name}"`);
      await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    }
  } finally {
    await admin.end();
  }
};

const forceRebuild = process.argv.slice(2).includes('--rebuild');

const PLUGIN_BUILD = pluginBuild(ROOT);
const PLAYGROUND_BUILD: BuildTarget = {
  outDir: path.join(PLAYGROUND, 'dist'),
  outputs: ['build/index.html', 'src/index.js', 'config/plugins.js'],
};
/** What Strapi bakes into the admin bundle from the environment (besides config/**). */
const bundledEnv = () =>
  Object.fromEntries(
    Object.keys(env)
      .filter((key) => /^(STRAPI_|PUBLIC_URL$|NODE_ENV$)/.test(key))
      .map((key) => [`env.${key}`, env[key]])
  );

/** Builds unless the output is up to date with `hash`; prints one line saying which. */
const buildIfChanged = (
  name: string,
  target: BuildTarget,
  hash: string,
  command: string,
  args: string[],
  cwd: string
) => {
  const freshness = checkFreshness(target, hash);
  if (!forceRebuild && freshness.upToDate) {
    console.log(`✔ ${name} build up to date (skipped)`);
    return;
  }
  clearStamp(target);
  run(
    `building ${name} (${forceRebuild ? '--rebuild' : freshness.upToDate ? 'up to date' : freshness.reason})`,
    command,
    args,
    cwd
  );
  writeStamp(target, hash);
};

const waitForHealth = async (timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${publicUrl}/_health`);
      if (response.ok || response.status === 204) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
};

const DEMO_PHONES = [
  ...DEMO_USERS.map((user, i) => ({
    number: `+49151000000${String(i + 1).padStart(2, '0')}`,
    label: `${user.displayName.split(' ')[0]}'s phone`,
  })),
  { number: '+4915100000099', label: 'A stranger' },
];

const startSimulator = async () => {
  if (provider === 'meta') return startMetaSimulator();
  const simulator = createSimulator({
    accountSid: env.TWILIO_ACCOUNT_SID as string,
    authToken: env.TWILIO_AUTH_TOKEN as string,
    serviceNumber: `whatsapp:${env.TWILIO_WHATSAPP_NUMBER}`,
    port: simulatorPort,
    phones: DEMO_PHONES,
    // The default number, and each community's own on its sub-account (README: Senders).
    senders: [
      { number: env.TWILIO_WHATSAPP_NUMBER as string, label: 'Default number' },
      ...DEMO_SENDERS.map(({ number, displayName, accountSid }) => ({
        number,
        label: displayName,
        accountSid,
      })),
    ],
    strapiUrl: `http://127.0.0.1:${port}`,
    notice: useOfflineModel ? OFFLINE_NOTICE : undefined,
  });
  for (const { displayName, accountSid, authToken } of DEMO_SENDERS)
    simulator.addSubAccount({ friendlyName: displayName, sid: accountSid, authToken });
  const webhookPath = `/api/whatsapp-agent/webhooks/twilio/${env.WHATSAPP_AGENT_WEBHOOK_TOKEN}`;
  // Posts go straight to Strapi; signatures are made for the public URL, as Twilio would.
  simulator.setWebhookUrl(
    `http://127.0.0.1:${port}${webhookPath}`,
    `${env.WHATSAPP_AGENT_PUBLIC_URL}${webhookPath}`
  );
  await simulator.start();
  return simulator;
};

const startMetaSimulator = async () => {
  const simulator = createMetaSimulator({
    ...DEMO_META_ACCOUNT,
    port: simulatorPort,
    phones: DEMO_PHONES,
    strapiUrl: `http://127.0.0.1:${port}`,
    notice: useOfflineModel ? OFFLINE_NOTICE : undefined,
  });
  // Meta signs the body, not the URL: posts go straight to Strapi.
  simulator.setWebhookUrl(
    `http://127.0.0.1:${port}/api/whatsapp-agent/webhooks/meta/${env.WHATSAPP_AGENT_WEBHOOK_TOKEN}`
  );
  await simulator.start();
  return simulator;
};

const printBanner = () => {
  const users = DEMO_USERS.map((user) => `    ${user.email.padEnd(24)} ${DEMO_PASSWORD}`).join('\n');
  const whatsapp = useSimulator
    ? `  WhatsApp        simulator at http://localhost:${simulatorPort} (write as a member, see the replies)\n  Provider        ${provider === 'meta' ? "Meta's Cloud API (emulated; DEMO_PROVIDER=meta)" : 'Twilio (emulated; DEMO_PROVIDER=meta for Meta)'}`
    : env.META_WHATSAPP_ACCESS_TOKEN
      ? `  WhatsApp        real Meta Cloud API number ${env.META_WHATSAPP_PHONE_NUMBER_ID}: point the app's webhook at\n                  ${env.WHATSAPP_AGENT_PUBLIC_URL}/api/whatsapp-agent/webhooks/meta/<token>\n  Provider        Meta's Cloud API`
      : `  WhatsApp        real Twilio account ${env.TWILIO_ACCOUNT_SID}: point its webhook at\n                  ${env.WHATSAPP_AGENT_PUBLIC_URL}/api/whatsapp-agent/webhooks/twilio/<token>\n  Provider        Twilio`;
  const model = useOfflineModel
    ? `  AI model        ${OFFLINE_NOTICE}`
    : `  AI model        ${env.WHATSAPP_AGENT_MODEL ?? 'gpt-4o-mini'} at ${env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1'}`;
  const database =
    env.DATABASE_CLIENT === 'postgres'
      ? `PostgreSQL (${env.DATABASE_URL ? 'DATABASE_URL' : `database ${env.DATABASE_NAME ?? 'strapi'}`})`
      : 'SQLite (.tmp/data.db)';
  const queue =
    env.WHATSAPP_AGENT_QUEUE === 'bullmq'
      ? `bullmq on Redis ${maskRedisUrl(env.REDIS_URL ?? '')}`
      : 'embedded (in-process)';
  console.log(`
──────────────────────────────────────────────────────────────────────
  WhatsApp agent demo is running
${whatsapp}
${model}
  Database        ${database} · queue ${queue}
  Admin panel     ${publicUrl}/admin
    login         ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}
  REST API        ${publicUrl}/api
  Linking page    ${publicUrl}/api/whatsapp-agent/link (log in as a demo member, scan the QR code)
  Demo members (users-permissions logins):
${users}
  Try:
    JWT=$(curl -s ${publicUrl}/api/auth/local -H 'Content-Type: application/json' \\
      -d '{"identifier":"${DEMO_USERS[0].email}","password":"${DEMO_PASSWORD}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).jwt')
    curl -sg "${publicUrl}/api/members?pagination[pageSize]=3" -H "Authorization: Bearer $JWT"
  Stop with Ctrl+C.
──────────────────────────────────────────────────────────────────────
`);
};

/** What the demo will listen on (Strapi on HOST, default all interfaces; the rest on 127.0.0.1). */
const demoPorts = (): DemoPort[] => [
  { variable: 'PORT', port: Number(port), host: env.HOST ?? '0.0.0.0', what: 'the playground Strapi' },
  ...(useSimulator
    ? [
        {
          variable: 'SIMULATOR_PORT' as const,
          port: simulatorPort,
          host: '127.0.0.1',
          what: 'the WhatsApp simulator',
        },
      ]
    : []),
  ...(useOfflineModel
    ? [
        {
          variable: 'OFFLINE_MODEL_PORT' as const,
          port: offlineModelPort,
          host: '127.0.0.1',
          what: 'the offline demo model',
        },
      ]
    : []),
];

const main = async () => {
  const taken = await firstTakenPort(demoPorts());
  if (taken) {
    console.error(portInUseMessage(taken));
    process.exit(1);
  }
  const pluginHash = hashInputs(ROOT, PLUGIN_INPUTS);
  buildIfChanged('plugin', PLUGIN_BUILD, pluginHash, bin('strapi-plugin'), ['build'], ROOT);
  // The playground's admin bundle includes the plugin's admin: its hash is an input too.
  const playgroundHash = hashInputs(ROOT, PLAYGROUND_INPUTS, { pluginHash, ...bundledEnv() });
  buildIfChanged('playground', PLAYGROUND_BUILD, playgroundHash, bin('strapi'), ['build'], PLAYGROUND);

  await ensurePostgresDatabase();
  const simulator = useSimulator ? await startSimulator() : undefined;
  const offlineModel = useOfflineModel
    ? await createScriptedLlm({ port: offlineModelPort }).start()
    : undefined;

  console.log('\n▶ Starting the playground');
  const strapi = spawn(bin('strapi'), ['start'], { cwd: PLAYGROUND, env, stdio: 'inherit' });
  const stop = () => {
    strapi.kill('SIGTERM');
    void simulator?.stop();
    void offlineModel?.stop();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  strapi.on('exit', (code) => process.exit(code ?? 0));

  if (await waitForHealth(120_000)) {
    if (useSimulator && provider !== 'meta')
      await seedDemoSenders(`http://127.0.0.1:${port}`).catch((error: unknown) =>
        console.error(`✖ The demo's senders were not added: ${String(error)}`)
      );
    printBanner();
  } else
    console.error(`✖ The playground did not answer on ${publicUrl} within 2 minutes; see its log above.`);
};

void main();
