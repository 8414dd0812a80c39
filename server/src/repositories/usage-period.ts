import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { CONTENT_TYPE } from '../constants';
import { toNumber } from './rows';

/** What a set of new ledger rows adds to one community's month. */
export type PeriodDelta = { community: string; period: string; turns: number; costMicros: number };

/**
 * The only code that touches the usage-period table: a community's running totals per month,
 * added to in the transaction that writes the ledger rows, so a limit check reads one row
 * whatever the month's volume (counting the ledger grows with it).
 */
export const createUsagePeriodRepository = (strapi: Core.Strapi) => {
  const meta = () => strapi.db.metadata.get(CONTENT_TYPE.usagePeriod);
  const column = (attribute: string) =>
    (meta().attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  const query = () => strapi.db.query(CONTENT_TYPE.usagePeriod);

  return {
    /** Adds to the months' totals (an upsert: the first row of a month creates it). */
    async add(deltas: PeriodDelta[]) {
      if (deltas.length === 0) return;
      // Knex for the upsert (the query layer has none), in Strapi's current transaction.
      const db: Knex = strapi.db.inTransaction()
        ? ((await strapi.db.transaction()) as unknown as { get(): Knex.Transaction }).get()
        : strapi.db.connection;
      const schema = strapi.db.getSchemaName();
      const table = schema ? db(meta().tableName).withSchema(schema) : db(meta().tableName);
      const [turns, cost] = [column('turns'), column('costMicros')];
      await table
        .insert(
          deltas.map((delta) => ({
            [column('community')]: delta.community,
            [column('period')]: delta.period,
            [turns]: delta.turns,
            [cost]: delta.costMicros,
          }))
        )
        .onConflict([column('community'), column('period')])
        .merge({
          [turns]: db.raw('??.?? + excluded.??', [meta().tableName, turns, turns]),
          [cost]: db.raw('??.?? + excluded.??', [meta().tableName, cost, cost]),
        });
    },

    /**
     * Locks the community's month (creating its row when it has none) until the caller's
     * transaction ends: admissions to one community's month take turns, so each sees the places
     * the others reserved (on PostgreSQL a row lock; SQLite runs one transaction at a time).
     */
    async lock(community: string, period: string) {
      const db: Knex = ((await strapi.db.transaction()) as unknown as { get(): Knex.Transaction }).get();
      const schema = strapi.db.getSchemaName();
      const table = schema ? db(meta().tableName).withSchema(schema) : db(meta().tableName);
      const turns = column('turns');
      await table
        .insert({
          [column('community')]: community,
          [column('period')]: period,
          [turns]: 0,
          [column('costMicros')]: 0,
        })
        .onConflict([column('community'), column('period')])
        .merge({ [turns]: db.raw('??.??', [meta().tableName, turns]) });
    },

    /** Every community's totals of one month (a row per community that had any). */
    async ofPeriod(period: string): Promise<Array<{ community: string; turns: number; costMicros: number }>> {
      const rows = await query().findMany({
        select: ['community', 'turns', 'costMicros'],
        where: { period },
      });
      return rows.map((row) => ({
        community: String(row.community),
        turns: toNumber(row.turns),
        costMicros: toNumber(row.costMicros),
      }));
    },

    async read(community: string, period: string): Promise<{ turns: number; costMicros: number }> {
      const row = await query().findOne({ select: ['turns', 'costMicros'], where: { community, period } });
      return { turns: toNumber(row?.turns), costMicros: toNumber(row?.costMicros) };
    },
  };
};

export type UsagePeriodRepository = ReturnType<typeof createUsagePeriodRepository>;
