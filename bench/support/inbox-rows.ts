import Database from 'better-sqlite3';
import { Client } from 'pg';

/**
 * What the plugin's inbox table says, read straight from the benchmark's database: the evidence
 * when a message was not answered exactly once.
 */

export type InboxRow = { body: string; status: string; attempts: number; error: string | null };

const TABLE = 'whatsapp_agent_inbound_messages';

const query = async <T>(database: Record<string, string>, sql: string, params: unknown[]): Promise<T[]> => {
  if (database.DATABASE_CLIENT === 'postgres') {
    const client = new Client({
      host: database.DATABASE_HOST,
      port: Number(database.DATABASE_PORT),
      user: database.DATABASE_USERNAME,
      password: database.DATABASE_PASSWORD,
      database: database.DATABASE_NAME,
    });
    await client.connect();
    try {
      return (
        await client.query(
          sql.replace(/\?/g, (_, offset: number) => `$${countBefore(sql, offset)}`),
          params
        )
      ).rows as T[];
    } finally {
      await client.end();
    }
  }
  const sqlite = new Database(database.DATABASE_FILENAME, { readonly: true });
  try {
    return sqlite.prepare(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
};

/** PostgreSQL numbers its placeholders: the n-th `?` becomes `$n`. */
const countBefore = (sql: string, offset: number) => sql.slice(0, offset + 1).split('?').length - 1;

/** How many stored messages are in each status. */
export const inboxStatusCounts = (database: Record<string, string>) =>
  query<{ status: string; count: number | string }>(
    database,
    `SELECT status, COUNT(*) AS count FROM ${TABLE} GROUP BY status ORDER BY status`,
    []
  ).then((rows) => Object.fromEntries(rows.map((row) => [row.status, Number(row.count)])));

/** The stored rows of these message texts (none for a message the webhook never stored). */
export const inboxRowsFor = (database: Record<string, string>, bodies: string[]) =>
  bodies.length === 0
    ? Promise.resolve([])
    : query<InboxRow>(
        database,
        `SELECT body, status, attempts, error FROM ${TABLE} WHERE body IN (${bodies.map(() => '?').join(', ')})`,
        bodies
      );

/** How often each MessageSid is stored. */
export const inboxSidCounts = (database: Record<string, string>) =>
  query<{ sid: string; n: number | string }>(
    database,
    `SELECT message_sid AS sid, COUNT(*) AS n FROM ${TABLE} GROUP BY message_sid`,
    []
  ).then((rows) => rows.map((row) => ({ sid: row.sid, n: Number(row.n) })));

/** Messages still waiting for, or in, their turn (an indexed count: cheap to poll on a grown inbox). */
export const inboxOpenCount = (database: Record<string, string>) =>
  query<{ count: number | string }>(
    database,
    `SELECT COUNT(*) AS count FROM ${TABLE} WHERE status IN ('pending', 'processing')`,
    []
  ).then(([row]) => Number(row.count));
