import { databaseClient } from './database';

/**
 * Tests that only PostgreSQL can run (several processes on one database, a server to stop): on
 * SQLite they are skipped, and the skipped test's name says why — jest lists it under "skipped"
 * once, rather than each file printing a notice into every passing run.
 */
const onPostgres = () => databaseClient() === 'postgres';

const skippedName = (name: string, why: string) =>
  `${name} [skipped on SQLite: ${why}; DATABASE_CLIENT=postgres runs it]`;

/** Several Strapi processes on one database: SQLite's file is for one process. */
export const describeOnPostgres = (name: string, body: () => void) =>
  onPostgres()
    ? describe(name, body)
    : describe.skip(
        skippedName(name, 'several Strapi processes share one database only on PostgreSQL'),
        body
      );

export const itOnPostgres = (name: string, why: string, body: () => Promise<void>) =>
  onPostgres() ? it(name, body) : it.skip(skippedName(name, why), body);
