import { databaseClient } from './database';

/**
 * Tests that only PostgreSQL can run (several processes on one database, a server to stop): on
 * SQLite they are skipped, and say why twice — in the skipped test's name (jest's verbose list)
 * and in one printed line per skipped test, so that a plain run shows what it did not check.
 */
const onPostgres = () => databaseClient() === 'postgres';

/** Prints why the test is skipped (one `[tests] …` line) and returns its name with the reason. */
const printSkipReason = (name: string, why: string) => {
  const skipped = `${name} [skipped on SQLite: ${why}; DATABASE_CLIENT=postgres runs it]`;
  // Straight to the output: jest's console would add a stack trace, the log capture would hide it.
  process.stdout.write(`[tests] ${skipped}\n`);
  return skipped;
};

/** Several Strapi processes on one database: SQLite's file is for one process. */
const SEVERAL_PROCESSES = 'several Strapi processes share one database only on PostgreSQL';

export const describeOnPostgres = (name: string, body: () => void) =>
  onPostgres() ? describe(name, body) : describe.skip(printSkipReason(name, SEVERAL_PROCESSES), body);

export const itOnPostgres = (name: string, why: string, body: () => Promise<void>) =>
  onPostgres() ? it(name, body) : it.skip(printSkipReason(name, why), body);
