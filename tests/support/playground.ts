import net, { type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { winston } from '@strapi/logger';
import { createStrapi, type Core } from '@strapi/strapi';
import supertest from 'supertest';
import type { TestDatabase } from './database';
import { logCapture, recordLog, stripAnsi, type LogLevel } from './log-capture';
import { PLAYGROUND_DIR, PLAYGROUND_DIST_DIR } from './paths';
import { createSeededTestDatabase } from './template-database';

export type Playground = {
  strapi: Core.Strapi;
  database: TestDatabase;
  /** http://127.0.0.1:<port> where this Strapi listens. */
  baseUrl: string;
  request: () => supertest.Agent;
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
};

/**
 * Boots the real playground Strapi (compiled by the global setup) on a database of its own,
 * seeded with the demo community (a copy of the run's template database), listening on a free port of 127.0.0.1.
 * `env` is applied on top of the test defaults; it is how a test configures the plugin.
 */
export const startPlayground = async ({
  env = {},
  database: reuse,
  port = 0,
}: {
  env?: Record<string, string>;
  /** Boot on this database again (a restart) instead of a fresh one. */
  database?: TestDatabase;
  port?: number;
} = {}): Promise<Playground> => {
  const database = reuse ?? (await createSeededTestDatabase());
  // Test files share a worker process: what an earlier file configured must not leak in.
  for (const name of Object.keys(process.env)) {
    if (/^(TWILIO_|META_|WHATSAPP_AGENT_|OPENAI_|BODY_FORM_LIMIT$)/.test(name)) delete process.env[name];
  }
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    SERVE_ADMIN: 'false',
    // Tests log in more often than a person would.
    UP_RATELIMIT_MAX: '1000',
    ...database.env,
    ...env,
  });

  const app = createStrapi({ appDir: PLAYGROUND_DIR, distDir: PLAYGROUND_DIST_DIR });
  // Strapi's logger exists before load(): its lines go to the test's log capture, not the console.
  if (logCapture()) app.log.clear().add(captureTransport());
  const strapi = await app.load().catch(async (error: unknown) => {
    // A start the plugin refuses (bad config) leaves nothing behind: its connections, its database.
    await app.destroy();
    if (!reuse) await database.drop();
    throw error;
  });
  const httpServer = strapi.server.listen(port, '127.0.0.1');
  await new Promise<void>((resolve) => httpServer.once('listening', resolve));
  // A client keeps an idle socket until its own timeout (fetch's 4 s) and a request may go out on it
  // just as the server's 5 s timeout closes it; on a loaded machine the client's timer fires late and
  // the request ends in ECONNRESET (seen at load 25–41 in mcp.test and contract-meta's proxy). The
  // server keeps its idle sockets longer than any client here; close() still ends idle ones at once.
  httpServer.keepAliveTimeout = 65_000;
  const baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;

  return {
    strapi,
    database,
    baseUrl,
    request: () => supertest.agent(baseUrl),
    /** Destroys Strapi; drops the database unless it is kept for a restart. */
    async stop({ keepDatabase = false } = {}) {
      await strapi.destroy();
      if (!keepDatabase) await database.drop();
    },
  };
};

const LEVEL = Symbol.for('level');
const MESSAGE = Symbol.for('message');

/** Hands each formatted line (time, level, message; the webhook token already masked) to the capture. */
const captureTransport = () =>
  new winston.transports.Stream({
    stream: new Writable({
      objectMode: true,
      write(info: Record<string | symbol, unknown>, _encoding, done) {
        recordLog(info[LEVEL] as LogLevel, stripAnsi(String(info[MESSAGE] ?? info.message)));
        done();
      },
    }),
  });

/** A port that was free a moment ago: for a Strapi whose public URL must be known before it boots. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
