import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { CONTENT_TYPE, TURN_KINDS, type UsageKind } from '../constants';
import { utcDay } from '../usage/period';
import { toNumber } from './rows';

/**
 * One metered thing, as the ledger keeps it: counts and costs in micro-dollars, never content.
 * `sourceKey` names the thing counted ("in:SM…", "out:42", "llm:SM…:1:0"): unique, so a retry
 * can never count it twice.
 */
export type UsageRow = {
  sourceKey: string;
  kind: UsageKind;
  community: string;
  channelId: number | null;
  userId: number | null;
  /** The sender (ours) the message went through; null: the default sender (or none, for a model call). */
  senderId?: number | null;
  occurredAt: Date;
  category?: string | null;
  model?: string | null;
  units?: number;
  promptTokens?: number;
  completionTokens?: number;
  cachedTokens?: number;
  twilioMicros?: number;
  metaMicros?: number;
  llmMicros?: number;
};

/** Sums over a group of ledger rows. */
export type UsageSums = {
  rows: number;
  units: number;
  users: number;
  promptTokens: number;
  completionTokens: number;
  cachedTokens: number;
  twilioMicros: number;
  metaMicros: number;
  llmMicros: number;
  costMicros: number;
};

export type UsageGroup = UsageSums & { community: string; kind: UsageKind; day: string };

/** Well under SQLite's 500 terms of a compound SELECT and PostgreSQL's 65,535 bound parameters. */
const ROWS_PER_INSERT = 100;

/** The only code that reads or writes the usage-record table (the ledger). */
export const createUsageRecordRepository = (strapi: Core.Strapi) => {
  const query = () => strapi.db.query(CONTENT_TYPE.usageRecord);
  const meta = () => strapi.db.metadata.get(CONTENT_TYPE.usageRecord);
  const column = (attribute: string) =>
    (meta().attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  /**
   * The table through knex (the query layer has no GROUP BY or ON CONFLICT), in Strapi's current
   * transaction when there is one: on SQLite's single connection a query beside it would wait forever.
   */
  const currentTransaction = async () =>
    strapi.db.inTransaction()
      ? // Nested: hands back the transaction already open, starts none.
        ((await strapi.db.transaction()) as unknown as { get(): Knex.Transaction }).get()
      : undefined;
  /** A knex query on this table, run in Strapi's current transaction when there is one. */
  const run = async <T = Array<Record<string, unknown>>>(
    build: (table: () => Knex.QueryBuilder, db: Knex) => Knex.QueryBuilder
  ): Promise<T> => {
    const db: Knex = (await currentTransaction()) ?? strapi.db.connection;
    const schema = strapi.db.getSchemaName();
    const table = () => (schema ? db(meta().tableName).withSchema(schema) : db(meta().tableName));
    return (await build(table, db)) as T;
  };

  /** SUM/COUNT come back as strings on PostgreSQL. */
  const sums = (row: Record<string, unknown>): UsageSums => ({
    rows: toNumber(row.rows),
    units: toNumber(row.units),
    users: toNumber(row.users),
    promptTokens: toNumber(row.promptTokens),
    completionTokens: toNumber(row.completionTokens),
    cachedTokens: toNumber(row.cachedTokens),
    twilioMicros: toNumber(row.twilioMicros),
    metaMicros: toNumber(row.metaMicros),
    llmMicros: toNumber(row.llmMicros),
    costMicros: toNumber(row.costMicros),
  });

  const selectSums = () => {
    const raw = strapi.db.connection.raw.bind(strapi.db.connection);
    const sum = (attribute: string, as: string) => raw(`COALESCE(SUM(??), 0) as ??`, [column(attribute), as]);
    return [
      raw('COUNT(*) as ??', ['rows']),
      raw('COUNT(DISTINCT ??) as ??', [column('userId'), 'users']),
      sum('units', 'units'),
      sum('promptTokens', 'promptTokens'),
      sum('completionTokens', 'completionTokens'),
      sum('cachedTokens', 'cachedTokens'),
      sum('twilioMicros', 'twilioMicros'),
      sum('metaMicros', 'metaMicros'),
      sum('llmMicros', 'llmMicros'),
      sum('costMicros', 'costMicros'),
    ];
  };

  return {
    /**
     * Writes the rows whose thing is not counted yet (a retried turn, a worker that lost its
     * lease: the unique `sourceKey` makes the database skip them, in the same statement). Inside
     * `strapi.db.transaction` they commit with the change they count. Returns the rows written.
     */
    async record(rows: UsageRow[]): Promise<UsageRow[]> {
      if (rows.length === 0) return [];
      const columns = (row: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(row).map(([name, value]) => [column(name), value ?? null]));
      const data = rows.map((row) => {
        const twilioMicros = row.twilioMicros ?? 0;
        const metaMicros = row.metaMicros ?? 0;
        const llmMicros = row.llmMicros ?? 0;
        return columns({
          ...row,
          day: utcDay(row.occurredAt),
          units: row.units ?? 1,
          promptTokens: row.promptTokens ?? 0,
          completionTokens: row.completionTokens ?? 0,
          cachedTokens: row.cachedTokens ?? 0,
          twilioMicros,
          metaMicros,
          llmMicros,
          costMicros: twilioMicros + metaMicros + llmMicros,
        });
      });
      // In statements of at most ROWS_PER_INSERT rows: knex writes a multi-row INSERT on SQLite as one
      // compound SELECT, and SQLite refuses more than 500 terms — a turn over a backlog of more
      // messages (an outage) would fail at every attempt.
      const keys = new Set<string>();
      for (let start = 0; start < data.length; start += ROWS_PER_INSERT) {
        const written = await run((table) =>
          table()
            .insert(data.slice(start, start + ROWS_PER_INSERT))
            .onConflict(column('sourceKey'))
            .ignore()
            .returning(column('sourceKey'))
        );
        for (const row of written) keys.add(String(row[column('sourceKey')]));
      }
      return rows.filter((row) => keys.has(row.sourceKey));
    },

    /** Whom a counted thing was billed to (a part's failure is billed as its sending was). */
    async attributionOf(
      sourceKey: string
    ): Promise<{ community: string; userId: number | null; senderId: number | null } | null> {
      const row = await query().findOne({
        select: ['community', 'userId', 'senderId'],
        where: { sourceKey },
      });
      if (!row) return null;
      return {
        community: String(row.community),
        userId: row.userId === null ? null : toNumber(row.userId),
        senderId: row.senderId === null || row.senderId === undefined ? null : toNumber(row.senderId),
      };
    },

    /**
     * Seconds of voice notes transcribed for a member on a day (the daily transcription budget):
     * the units of their `transcription` rows, through the (user, kind, day) index.
     */
    async transcribedSeconds(userId: number, day: string): Promise<number> {
      const [row] = await run((table) =>
        table()
          .where({ [column('userId')]: userId, [column('kind')]: 'transcription', [column('day')]: day })
          .sum({ seconds: column('units') })
      );
      return toNumber(row?.seconds);
    },

    /**
     * What the check before a turn needs, in one round trip: the community's running totals for
     * the month (usage-period) and, for a member, their turns of the day (the daily limit's
     * count, at most that limit's rows).
     */
    async admissionFigures({
      community,
      period,
      userId,
      day,
    }: {
      community: string;
      period: string;
      userId: number | null;
      day: string;
    }): Promise<{ turns: number; costMicros: number; memberTurnsToday: number }> {
      const periods = strapi.db.metadata.get(CONTENT_TYPE.usagePeriod);
      const periodColumn = (attribute: string) =>
        (periods.attributes[attribute] as { columnName?: string }).columnName ?? attribute;
      const schema = strapi.db.getSchemaName();
      const [row] = await run((table, db) => {
        const month = () =>
          (schema ? db(periods.tableName).withSchema(schema) : db(periods.tableName))
            .where({ [periodColumn('community')]: community, [periodColumn('period')]: period })
            .limit(1);
        return db.select({
          turns: month().select(periodColumn('turns')),
          costMicros: month().select(periodColumn('costMicros')),
          memberTurnsToday:
            userId === null
              ? db.raw('0')
              : table()
                  .count('*')
                  .where({ [column('userId')]: userId, [column('day')]: day })
                  .whereIn(column('kind'), [...TURN_KINDS]),
        });
      });
      return {
        turns: toNumber(row?.turns),
        costMicros: toNumber(row?.costMicros),
        memberTurnsToday: toNumber(row?.memberTurnsToday),
      };
    },

    /** Sums per community, kind and day for the days in [fromDay, toDay]; optionally one community. */
    async groups({
      fromDay,
      toDay,
      community,
    }: {
      fromDay: string;
      toDay: string;
      community?: string;
    }): Promise<UsageGroup[]> {
      const rows = await run((table) => {
        const builder = table()
          .select(
            `${column('community')} as community`,
            `${column('kind')} as kind`,
            `${column('day')} as day`,
            ...selectSums()
          )
          .whereBetween(column('day'), [fromDay, toDay]);
        if (community) builder.andWhere(column('community'), community);
        return builder.groupBy(column('community'), column('kind'), column('day'));
      });
      return rows.map((row) => ({
        ...sums(row),
        community: String(row.community),
        kind: row.kind as UsageKind,
        day: String(row.day),
      }));
    },

    /** Distinct members with an inbound message per community in [fromDay, toDay]. */
    async activeMembers({
      fromDay,
      toDay,
    }: {
      fromDay: string;
      toDay: string;
    }): Promise<Map<string, number>> {
      const rows = await run((table) =>
        table()
          .select(`${column('community')} as community`)
          .countDistinct({ users: column('userId') })
          .where(column('kind'), 'inbound')
          .whereNotNull(column('userId'))
          .whereBetween(column('day'), [fromDay, toDay])
          .groupBy(column('community'))
      );
      return new Map(rows.map((row) => [String(row.community), toNumber(row.users)]));
    },

    /**
     * The ledger's Twilio cost in [fromDay, toDay], all communities: set beside Twilio's own figure
     * for one account — the rows of its senders (`senderIds`; `null` among them: the default
     * sender's), or every row when not given.
     */
    async twilioMicrosBetween(
      { fromDay, toDay }: { fromDay: string; toDay: string },
      senderIds?: Array<number | null>
    ): Promise<number> {
      const [row] = await run((table) => {
        const builder = table().whereBetween(column('day'), [fromDay, toDay]);
        if (senderIds) {
          const ids = senderIds.filter((id): id is number => id !== null);
          builder.andWhere((where) => {
            where.whereIn(column('senderId'), ids);
            if (senderIds.includes(null)) where.orWhereNull(column('senderId'));
          });
        }
        return builder.sum({ total: column('twilioMicros') });
      });
      return toNumber(row?.total);
    },

    /** Sums per sender (null: the default one) and kind for the days in [fromDay, toDay]; optionally one community. */
    async senderGroups({
      fromDay,
      toDay,
      community,
    }: {
      fromDay: string;
      toDay: string;
      community?: string;
    }): Promise<Array<UsageSums & { senderId: number | null; kind: UsageKind }>> {
      const rows = await run((table) => {
        const builder = table()
          .select(`${column('senderId')} as senderId`, `${column('kind')} as kind`, ...selectSums())
          .whereBetween(column('day'), [fromDay, toDay]);
        if (community) builder.andWhere(column('community'), community);
        return builder.groupBy(column('senderId'), column('kind'));
      });
      return rows.map((row) => ({
        ...sums(row),
        senderId: row.senderId === null || row.senderId === undefined ? null : toNumber(row.senderId),
        kind: row.kind as UsageKind,
      }));
    },
  };
};

export type UsageRecordRepository = ReturnType<typeof createUsageRecordRepository>;
