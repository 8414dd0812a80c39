/**
 * A seeded template database per test run, copied per test file.
 *
 * Booting the playground on an empty database costs Strapi's schema sync and the demo seed
 * (about 7 of 9 s on a quiet machine); on a copy of a database that already holds both, Strapi
 * finds its schema unchanged and the seed finds its communities, and the boot takes about 2 s.
 * The global setup makes the template once (a SQLite file, or a PostgreSQL database marked as a
 * template) and each test file starts from its own copy (tests/support/database.ts), so files
 * stay as isolated as on an empty database.
 *
 * The template is named by a hash of what shapes its content: the plugin's and the playground's
 * sources (content types, bootstrap, seed), this file, the database client and the UTC day (the
 * seed places events around "today"). A change to any of them makes a new one; an unchanged
 * tree reuses the last one, across runs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Client } from 'pg';
import { hashInputs, PLAYGROUND_INPUTS, PLUGIN_INPUTS } from '../../scripts/build-cache';
import { createTestDatabase, databaseClient, withMaintenanceClient, type DatabaseClient } from './database';
import { PLAYGROUND_DIR, PLAYGROUND_DIST_DIR, REPO_ROOT } from './paths';

/** How the global setup tells the test files (its child processes) which template to copy. */
const TEMPLATE_ENV = 'WA_TEST_DB_TEMPLATE';

export type Template = {
  client: DatabaseClient;
  /** SQLite: the template file's path; PostgreSQL: the template database's name. */
  source: string;
  /** The UTC day (YYYY-MM-DD) its events were seeded around. */
  day: string;
};

export const utcDay = (date = new Date()) => date.toISOString().slice(0, 10);

const SQLITE_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'test-db-templates');
const PG_PREFIX = 'wa_template_';
/**
 * A template no run has picked for this long is removed when another is made. Not sooner: a run
 * still copying an older one (a file run beside the suite after an edit, another checkout on the
 * shared PostgreSQL server) must find it. Each run marks the one it picks as used.
 */
const UNUSED_MS = 6 * 3600 * 1000;
const PG_COMMENT = 'whatsapp-agent test template, last used';

const keyOf = (client: DatabaseClient, day: string) =>
  hashInputs(REPO_ROOT, [...PLUGIN_INPUTS, ...PLAYGROUND_INPUTS, 'tests/support/template-database.ts'], {
    client,
    day,
  }).slice(0, 16);

/** The template for this run: reused when one with the same key exists, else built. */
export const ensureTemplate = async (client: DatabaseClient): Promise<Template & { built: boolean }> => {
  const day = utcDay();
  const key = keyOf(client, day);
  const build = client === 'postgres' ? ensurePostgresTemplate : ensureSqliteTemplate;
  const { source, built } = await build(key);
  return { client, source, day, built };
};

export const publishTemplate = (template: Template) => {
  process.env[TEMPLATE_ENV] = JSON.stringify(template);
};

/** The run's template, if the global setup made one for this database client and today. */
export const currentTemplate = (client: DatabaseClient): Template | undefined => {
  const raw = process.env[TEMPLATE_ENV];
  if (!raw) return undefined;
  const template = JSON.parse(raw) as Template;
  // A run that crosses midnight: a fresh seed places the events around the new day.
  if (template.client !== client || template.day !== utcDay()) return undefined;
  return template;
};

const ensureSqliteTemplate = async (key: string) => {
  const file = path.join(SQLITE_DIR, `${key}.db`);
  if (fs.existsSync(file)) {
    const now = new Date();
    fs.utimesSync(file, now, now);
    return { source: file, built: false };
  }
  fs.mkdirSync(SQLITE_DIR, { recursive: true });
  const database = await createTestDatabase('sqlite');
  try {
    await bootOnce(database.env);
    // One self-contained file to copy: the write-ahead log folded in and switched off (each
    // copy's connection turns WAL on again, playground/config/database.ts).
    const sqlite = new Database(database.env.DATABASE_FILENAME);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    sqlite.pragma('journal_mode = DELETE');
    sqlite.close();
    // Renamed into place whole: a concurrent run sees no file or a complete one.
    const staged = `${file}.${process.pid}`;
    fs.copyFileSync(database.env.DATABASE_FILENAME, staged);
    fs.renameSync(staged, file);
  } finally {
    await database.drop();
  }
  // This checkout's templates of sources since changed (not a `.db.<pid>` another run is staging).
  for (const name of fs.readdirSync(SQLITE_DIR)) {
    const other = path.join(SQLITE_DIR, name);
    const stat = fs.statSync(other, { throwIfNoEntry: false });
    if (name.endsWith('.db') && stat && Date.now() - stat.mtimeMs > UNUSED_MS)
      fs.rmSync(other, { force: true });
  }
  return { source: file, built: true };
};

const ensurePostgresTemplate = async (key: string) => {
  const name = `${PG_PREFIX}${key}`;
  const exists = await withMaintenanceClient(
    async (admin) => (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount
  );
  if (exists) {
    await withMaintenanceClient((admin) => markUsed(admin, name));
    return { source: name, built: false };
  }

  const database = await createTestDatabase('postgres');
  const staged = database.env.DATABASE_NAME;
  try {
    await bootOnce(database.env);
    await withMaintenanceClient(async (admin) => {
      // Nobody may connect to a template while it is copied; the boot's connections are gone.
      await admin.query(`ALTER DATABASE "${staged}" WITH ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
        staged,
      ]);
      // Renamed into place whole; another run that made the same one first keeps its own.
      const taken = await admin.query(`ALTER DATABASE "${staged}" RENAME TO "${name}"`).then(
        () => false,
        () => true
      );
      if (!taken) {
        await admin.query(`ALTER DATABASE "${name}" WITH IS_TEMPLATE true`);
        await markUsed(admin, name);
      }
    });
  } finally {
    await database.drop();
  }
  await dropUnusedPostgresTemplates(name);
  return { source: name, built: true };
};

const markUsed = (admin: Client, name: string) =>
  admin.query(`COMMENT ON DATABASE "${name}" IS '${PG_COMMENT} ${Date.now()}'`);

const dropUnusedPostgresTemplates = (current: string) =>
  withMaintenanceClient(async (admin) => {
    const { rows } = await admin.query<{ datname: string; comment: string | null }>(
      `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database
       WHERE starts_with(datname, $1) AND datname <> $2`,
      [PG_PREFIX, current]
    );
    for (const { datname, comment } of rows) {
      const used = Number(/ (\d+)$/.exec(comment ?? '')?.[1] ?? 0);
      if (Date.now() - used < UNUSED_MS) continue;
      await admin.query(`ALTER DATABASE "${datname}" WITH IS_TEMPLATE false`);
      await admin.query(`DROP DATABASE IF EXISTS "${datname}"`);
    }
  });

/**
 * Boots the compiled playground once on `databaseEnv` (schema sync, demo seed, the plugin's
 * first-boot records) and shuts it down, in a process of its own: the jest process that runs
 * the global setup must not hold a Strapi.
 */
const bootOnce = (databaseEnv: Record<string, string>) =>
  new Promise<void>((resolve, reject) => {
    const boot = `require('@strapi/strapi').createStrapi({ appDir: ${JSON.stringify(PLAYGROUND_DIR)}, distDir: ${JSON.stringify(PLAYGROUND_DIST_DIR)} }).load().then((strapi) => strapi.destroy()).then(() => process.exit(0), (error) => { console.error(error); process.exit(1); })`;
    // The test defaults of startPlayground (tests/support/playground.ts), without a test's own.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(
        ([name]) => !/^(TWILIO_|META_|WHATSAPP_AGENT_|OPENAI_|DATABASE_|PLAYGROUND_SEED$)/.test(name)
      )
    );
    const child = spawn(process.execPath, ['-e', boot], {
      cwd: PLAYGROUND_DIR,
      env: { ...env, NODE_ENV: 'test', LOG_LEVEL: 'warn', SERVE_ADMIN: 'false', ...databaseEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => (output += text));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`Building the test template database failed (exit ${code}):\n${output}`))
    );
  });

/** A database for one test file: a copy of the run's template, or an empty one when there is none. */
export const createSeededTestDatabase = (client = databaseClient()) =>
  createTestDatabase(client, { from: currentTemplate(client)?.source });
