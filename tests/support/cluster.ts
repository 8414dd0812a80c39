import { Client } from 'pg';
import { startStrapiProcess, type StrapiProcess } from '../../bench/support/strapi-process';
import { DEMO_ADMIN } from '../../playground/src/demo-admin';
import { createScriptedLlm, type ScriptedLlm } from '../../simulator/scripted-llm';
import { createTwilioEmulator, type TwilioEmulator } from '../../simulator/twilio-emulator';
import type { TestDatabase } from './database';
import { createSeededTestDatabase } from './template-database';
import { eventually, HANG_GUARD_MS } from './eventually';
import { recordLog, stripAnsi } from './log-capture';
import { ACCOUNT_SID, AUTH_TOKEN, SERVICE_NUMBER, WEBHOOK_PATH, WEBHOOK_TOKEN } from './pipeline';
import { freePort } from './playground';
import { ENDED } from './turns';

export type Role = 'all' | 'web' | 'worker';

export type Instance = {
  /** `web-1`, `all-2`…: the role and the boot order, for messages. */
  name: string;
  role: Role;
  baseUrl: string;
  pid: number;
  /** Ends the process; SIGKILL is a crash (no shutdown hook runs, leases stay held). */
  stop(signal?: NodeJS.Signals): Promise<void>;
};

/** One line of the worker's per-turn debug trace, as one instance printed it. */
export type TurnTrace = {
  instance: string;
  channelId: number;
  owner: string;
  start: number;
  end: number;
  messageSids: string[];
};

const TRACE = /\[whatsapp-agent\] turn channel=(\d+) owner=(\S+) start=(\d+) end=(\d+) messages=(\S*)/;

export type Cluster = {
  instances: Instance[];
  twilio: TwilioEmulator;
  llm: ScriptedLlm;
  database: TestDatabase;
  /** Every turn any instance ran so far, from their logs. */
  turns: TurnTrace[];
  /** The instance whose worker calls itself `owner` (`host:pid:hex`). */
  instanceOf(owner: string): Instance | undefined;
  /** A query on the shared database, as the test sees it from outside. */
  sql<T>(text: string, values?: unknown[]): Promise<T[]>;
  /** Resolves once the turns that took these messages have ended, whichever instance ran them (see turns.ts). */
  turnsEnded(messageSids: string[], timeoutMs?: number): Promise<void>;
  /** Inbound messages are posted round-robin to these instances from now on. */
  routeWebhooksTo(instances: Instance[]): void;
  /** Gives the default community a plan no test reaches: the 50 turns a month default would cap a load test. */
  liftUsageLimits(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Several playground Strapi processes on one PostgreSQL database, as a deployment behind a load
 * balancer runs them: each with its role (WHATSAPP_AGENT_ROLE), all signing for the first one's
 * URL (the balancer's address, where status callbacks go), the Twilio emulator posting inbound
 * messages to them round-robin. The first boots alone, migrates and seeds; the others then boot
 * together. Every process logs at debug level, so the worker's per-turn trace is collected.
 */
export const startCluster = async ({
  roles,
  env = {},
}: {
  roles: Role[];
  /** On top of the cluster's defaults, for every process. */
  env?: Record<string, string>;
}): Promise<Cluster> => {
  // A process inherits this environment: what an earlier test file configured must not leak in.
  for (const name of Object.keys(process.env)) {
    if (/^(TWILIO_|WHATSAPP_AGENT_|OPENAI_)/.test(name)) delete process.env[name];
  }
  const database = await createSeededTestDatabase();
  const twilio = await createTwilioEmulator({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    serviceNumber: `whatsapp:${SERVICE_NUMBER}`,
  }).start();
  const llm = await createScriptedLlm().start();
  const ports = await Promise.all(roles.map(() => freePort()));
  const publicUrl = `http://127.0.0.1:${ports[0]}`;
  const common = {
    ...database.env,
    LOG_LEVEL: 'debug',
    // The test registers and logs in more members than a person would in a minute.
    UP_RATELIMIT_MAX: '10000',
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_WHATSAPP_NUMBER: SERVICE_NUMBER,
    WHATSAPP_AGENT_TWILIO_API_URL: twilio.url,
    WHATSAPP_AGENT_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    WHATSAPP_AGENT_PUBLIC_URL: publicUrl,
    OPENAI_BASE_URL: llm.url,
    OPENAI_API_KEY: 'test-key',
    WHATSAPP_AGENT_MODEL: 'scripted-model',
    ...env,
  };

  const turns: TurnTrace[] = [];
  const instances: Instance[] = [];
  const started: StrapiProcess[] = [];

  const boot = async (role: Role, index: number, seed: boolean): Promise<Instance> => {
    const name = `${role}-${index + 1}`;
    let pending = '';
    // Chunks split lines anywhere: only whole lines are parsed.
    const output = (text: string) => {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const match = TRACE.exec(line);
        if (match)
          turns.push({
            instance: name,
            channelId: Number(match[1]),
            owner: match[2],
            start: Number(match[3]),
            end: Number(match[4]),
            messageSids: match[5].split(',').filter(Boolean),
          });
        else {
          const level = /\b(error|warn)\b/i.exec(stripAnsi(line))?.[1].toLowerCase() as
            | 'error'
            | 'warn'
            | undefined;
          if (level && !recordLog(level, `[${name}] ${line}`)) console.log(`[${name}] ${line}`);
        }
      }
    };
    const strapi = await startStrapiProcess({
      port: ports[index],
      env: { ...common, WHATSAPP_AGENT_ROLE: role, PLAYGROUND_SEED: String(seed) },
      output,
      // Migrating a fresh PostgreSQL database and seeding 320 members takes a while on CI, and
      // longer on a loaded machine: this only guards against a boot that hangs.
      bootTimeoutMs: 240_000,
    });
    started.push(strapi);
    return { name, role, baseUrl: strapi.baseUrl, pid: strapi.pid, stop: strapi.stop };
  };

  let connected = false;
  const db = new Client({
    host: database.env.DATABASE_HOST,
    port: Number(database.env.DATABASE_PORT),
    user: database.env.DATABASE_USERNAME,
    password: database.env.DATABASE_PASSWORD,
    database: database.env.DATABASE_NAME,
  });

  const stop = async () => {
    // The emulators first: no status callback or model answer may reach a Strapi that is stopping.
    await twilio.stop();
    await llm.stop();
    await Promise.allSettled(started.map((strapi) => strapi.stop()));
    if (connected) await db.end().catch(() => undefined);
    await database.drop();
  };

  try {
    instances.push(await boot(roles[0], 0, true));
    instances.push(...(await Promise.all(roles.slice(1).map((role, i) => boot(role, i + 1, false)))));
    await db.connect();
    connected = true;
  } catch (error) {
    await stop();
    throw error;
  }

  const sql = async <T>(text: string, values: unknown[] = []) => (await db.query(text, values)).rows as T[];

  const routeWebhooksTo = (targets: Instance[]) =>
    twilio.setWebhookUrl(
      targets.map((instance) => `${instance.baseUrl}${WEBHOOK_PATH}`),
      `${publicUrl}${WEBHOOK_PATH}`
    );
  routeWebhooksTo(instances);

  return {
    instances,
    twilio,
    llm,
    database,
    turns,
    instanceOf: (owner) => instances.find((instance) => owner.split(':')[1] === String(instance.pid)),
    sql,
    turnsEnded: (messageSids, timeoutMs = HANG_GUARD_MS) =>
      eventually(async () => {
        const ended = await sql<{ message_sid: string }>(
          'SELECT message_sid FROM whatsapp_agent_inbound_messages WHERE message_sid = ANY($1) AND status = ANY($2)',
          [messageSids, ENDED]
        );
        if (ended.length < messageSids.length)
          throw new Error(
            `${messageSids.length - ended.length} of ${messageSids.length} turns have not ended`
          );
      }, timeoutMs),
    routeWebhooksTo,
    async liftUsageLimits() {
      const login = await fetch(`${publicUrl}/admin/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }),
      });
      const { data } = (await login.json()) as { data: { token: string } };
      const response = await fetch(`${publicUrl}/whatsapp-agent/communities/default/plan`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${data.token}` },
        body: JSON.stringify({ kind: 'free', turnsPerMonth: 100_000_000, memberTurnsPerDay: 100_000 }),
      });
      if (!response.ok)
        throw new Error(`Setting the plan failed: ${response.status} ${await response.text()}`);
    },
    stop,
  };
};

let registered = 0;
let requests = 0;

/**
 * A new member linked through the real flow, each step on the next instance (any instance serves
 * the REST API): registration, a linking phrase for their JWT, the phrase sent from `phone`.
 */
export const linkMember = async (cluster: Cluster, phone: string) => {
  const on = (path: string) =>
    `${cluster.instances[(requests += 1) % cluster.instances.length].baseUrl}${path}`;
  const stamp = `${Date.now()}${(registered += 1)}`;
  const register = await fetch(on('/api/auth/local/register'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      username: `member${stamp}`,
      email: `member${stamp}@example.com`,
      password: 'Member-pass-1',
    }),
  });
  if (register.status !== 200) throw new Error(`Registration failed: ${register.status}`);
  const { jwt } = (await register.json()) as { jwt: string };
  const linkCode = await fetch(on('/api/whatsapp-agent/link-codes'), {
    method: 'POST',
    headers: { Authorization: `Bearer ${jwt}` },
  });
  if (linkCode.status !== 201) throw new Error(`Link code request failed: ${linkCode.status}`);
  const { code } = (await linkCode.json()) as { code: string };
  const address = `whatsapp:${phone}`;
  const { messageSid } = await cluster.twilio.sendInbound({ from: address, body: code });
  await cluster.turnsEnded([messageSid]);
  const [reply] = cluster.twilio.sentTo(address);
  if (!reply?.body.startsWith('Linked to')) throw new Error(`Linking ${phone} failed: ${reply?.body}`);
};
