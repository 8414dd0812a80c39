import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export type DatabaseClient = 'sqlite' | 'postgres';

export type TestDatabase = {
  client: DatabaseClient;
  /** Environment variables that point the playground's `config/database.ts` at this database. */
  env: Record<string, string>;
  /** A short description for logs, e.g. `postgres wa_test_1a2b3c`. */
  label: string;
  drop(): Promise<void>;
};

export const databaseClient = (): DatabaseClient => {
  const client = process.env.DATABASE_CLIENT ?? 'sqlite';
  if (client !== 'sqlite' && client !== 'postgres') {
    throw new Error(`DATABASE_CLIENT must be "sqlite" or "postgres" for the tests, got "${client}"`);
  }
  return client;
};

const postgresConnection = (database: string) => ({
  host: process.env.DATABASE_HOST ?? '127.0.0.1',
  port: Number(process.env.DATABASE_PORT ?? 5432),
  user: process.env.DATABASE_USERNAME ?? 'postgres',
  password: process.env.DATABASE_PASSWORD ?? '',
  database,
});

/** The database the harness connects to in order to create and drop per-file databases. */
const maintenanceDatabase = () => process.env.TEST_PG_MAINTENANCE_DB ?? 'postgres';

export const withMaintenanceClient = async <T>(run: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client(postgresConnection(maintenanceDatabase()));
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
};

/**
 * A database of its own for one test file: a temporary SQLite file, or a new PostgreSQL database;
 * empty, or a copy of `from` (a SQLite file, a PostgreSQL template database).
 */
export const createTestDatabase = async (
  client = databaseClient(),
  { from }: { from?: string } = {}
): Promise<TestDatabase> => {
  const suffix = crypto.randomBytes(4).toString('hex');

  if (client === 'postgres') {
    const name = `wa_test_${process.pid}_${suffix}`;
    const template = from ? ` TEMPLATE "${from}"` : '';
    await withMaintenanceClient((client) => client.query(`CREATE DATABASE "${name}"${template}`));
    const connection = postgresConnection(name);
    return {
      client: 'postgres',
      label: `postgres ${name}`,
      env: {
        DATABASE_CLIENT: 'postgres',
        DATABASE_HOST: connection.host,
        DATABASE_PORT: String(connection.port),
        DATABASE_NAME: name,
        DATABASE_USERNAME: connection.user,
        DATABASE_PASSWORD: connection.password,
      },
      drop: () =>
        withMaintenanceClient((client) =>
          client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
        ).then(() => undefined),
    };
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wa-test-${suffix}-`));
  const filename = path.join(dir, 'data.db');
  if (from) fs.copyFileSync(from, filename);
  return {
    client: 'sqlite',
    label: `sqlite ${filename}`,
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
};
