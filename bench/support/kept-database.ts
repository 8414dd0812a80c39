import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type DatabaseClient, type TestDatabase } from '../../tests/support/database';

/**
 * A filled database bench:growth keeps between runs (`BENCH_GROWTH_KEEP=<dir>`): at the default
 * size filling takes 25-30 minutes on a shared machine. SQLite: `<dir>/sqlite.db`; PostgreSQL: a
 * database named after the directory. `<dir>/<client>.json` records the size it was filled to,
 * written only once the fill finished: without it (or with another size) the database is made
 * again from nothing. Never dropped by the benchmark (`drop` is a no-op); remove the directory
 * and `DROP DATABASE` by hand.
 */
export type KeptDatabase = {
  database: TestDatabase;
  /** true: filled to `size` by an earlier run; false: empty, fill it, then call `markFilled`. */
  filled: boolean;
  markFilled(): void;
  /** Steps added to the fill after this database was filled, done since (`note`). */
  noted(step: string): boolean;
  note(step: string): void;
};

const postgresEnv = (name: string) => ({
  DATABASE_CLIENT: 'postgres',
  DATABASE_HOST: process.env.DATABASE_HOST ?? '127.0.0.1',
  DATABASE_PORT: String(process.env.DATABASE_PORT ?? 5432),
  DATABASE_NAME: name,
  DATABASE_USERNAME: process.env.DATABASE_USERNAME ?? 'postgres',
  DATABASE_PASSWORD: process.env.DATABASE_PASSWORD ?? '',
});

const onMaintenance = async (sql: string) => {
  const env = postgresEnv(process.env.TEST_PG_MAINTENANCE_DB ?? 'postgres');
  const client = new Client({
    host: env.DATABASE_HOST,
    port: Number(env.DATABASE_PORT),
    user: env.DATABASE_USERNAME,
    password: env.DATABASE_PASSWORD,
    database: env.DATABASE_NAME,
  });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};

export const keptDatabase = async (
  client: DatabaseClient,
  dir: string | undefined,
  size: unknown
): Promise<KeptDatabase> => {
  if (!dir)
    return {
      database: await createTestDatabase(client),
      filled: false,
      markFilled: () => {},
      noted: () => true,
      note: () => {},
    };
  fs.mkdirSync(dir, { recursive: true });
  const marker = path.join(dir, `${client}.json`);
  const wanted = JSON.stringify(size);
  const filled = fs.existsSync(marker) && JSON.parse(fs.readFileSync(marker, 'utf8')).size === wanted;
  const read = () => JSON.parse(fs.readFileSync(marker, 'utf8')) as { steps?: string[] };
  const markFilled = () =>
    fs.writeFileSync(marker, JSON.stringify({ size: wanted, at: new Date().toISOString(), steps: [] }));
  const noted = (step: string) => !filled || (read().steps ?? []).includes(step);
  const note = (step: string) => {
    const written = read();
    fs.writeFileSync(marker, JSON.stringify({ ...written, steps: [...(written.steps ?? []), step] }));
  };
  if (client === 'sqlite') {
    const filename = path.join(dir, 'sqlite.db');
    if (!filled)
      for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${filename}${suffix}`, { force: true });
    const database: TestDatabase = {
      client,
      label: `sqlite ${filename} (kept)`,
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
      drop: async () => {},
    };
    return { database, filled, markFilled, noted, note };
  }
  const name = `wa_growth_${path
    .basename(dir)
    .replace(/[^a-z0-9_]/gi, '_')
    .toLowerCase()}`;
  if (!filled) {
    fs.rmSync(marker, { force: true });
    await onMaintenance(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await onMaintenance(`CREATE DATABASE "${name}"`);
  }
  const database: TestDatabase = {
    client,
    label: `postgres ${name} (kept)`,
    env: postgresEnv(name),
    drop: async () => {},
  };
  return { database, filled, markFilled, noted, note };
};
