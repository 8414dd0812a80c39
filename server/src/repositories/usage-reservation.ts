import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { CONTENT_TYPE } from '../constants';
import { toNumber } from './rows';

/** A turn's place under the limits: what it may still add to its community's month. */
export type Reservation = {
  channelId: number;
  /** The worker holding the conversation's lease: the place is held while that lease lives. */
  leaseOwner: string;
  community: string;
  period: string;
  userId: number | null;
  costMicros: number;
};

/** What the turns in flight hold of a community's month (and of one member's day). */
export type Held = { turns: number; costMicros: number; memberTurns: number };

/**
 * The only code that touches the usage-reservation table: one row per conversation whose turn was
 * admitted and is not counted yet (a conversation runs one turn at a time, under its lease). A
 * row counts only while the lease it was taken under lives: a worker that dies mid-turn holds
 * nothing once its lease expires or another worker takes the conversation over, and the
 * conversation's next admitted turn replaces the row.
 */
export const createUsageReservationRepository = (strapi: Core.Strapi) => {
  const meta = () => strapi.db.metadata.get(CONTENT_TYPE.usageReservation);
  const column = (attribute: string) =>
    (meta().attributes[attribute] as { columnName?: string }).columnName ?? attribute;
  const channelColumn = (attribute: string) =>
    (strapi.db.metadata.get(CONTENT_TYPE.channel).attributes[attribute] as { columnName?: string })
      .columnName ?? attribute;

  /** Knex (the query layer has no join on plain ids nor upsert), in Strapi's current transaction. */
  const knex = async (): Promise<Knex> =>
    strapi.db.inTransaction()
      ? ((await strapi.db.transaction()) as unknown as { get(): Knex.Transaction }).get()
      : strapi.db.connection;
  const tableOf = (db: Knex, name: string, alias: string) => {
    const schema = strapi.db.getSchemaName();
    const table = db({ [alias]: name });
    return schema ? table.withSchema(schema) : table;
  };

  return {
    /**
     * What the other conversations' live turns hold of the community's month: a reservation whose
     * conversation lease has expired (its worker died) holds nothing.
     */
    async held({
      community,
      period,
      userId,
      exceptChannelId,
      now = new Date(),
    }: {
      community: string;
      period: string;
      userId: number | null;
      exceptChannelId: number;
      now?: Date;
    }): Promise<Held> {
      const db = await knex();
      const channels = strapi.db.metadata.get(CONTENT_TYPE.channel).tableName;
      const schema = strapi.db.getSchemaName();
      const [row] = (await tableOf(db, meta().tableName, 'r')
        .join({ c: schema ? `${schema}.${channels}` : channels }, 'c.id', `r.${column('channelId')}`)
        .where(`r.${column('community')}`, community)
        .andWhere(`r.${column('period')}`, period)
        .andWhere(`r.${column('channelId')}`, '<>', exceptChannelId)
        .andWhere(`c.${channelColumn('leaseOwner')}`, db.ref(`r.${column('leaseOwner')}`))
        .andWhere(`c.${channelColumn('leaseExpiresAt')}`, '>', now)
        .select(
          db.raw('COUNT(*) as ??', ['turns']),
          db.raw('COALESCE(SUM(??), 0) as ??', [`r.${column('costMicros')}`, 'costMicros']),
          db.raw('COALESCE(SUM(CASE WHEN ?? = ? THEN 1 ELSE 0 END), 0) as ??', [
            `r.${column('userId')}`,
            userId ?? -1,
            'memberTurns',
          ])
        )) as Array<Record<string, unknown>>;
      return {
        turns: toNumber(row?.turns),
        costMicros: toNumber(row?.costMicros),
        memberTurns: toNumber(row?.memberTurns),
      };
    },

    /** Holds the conversation's place (replacing what an earlier turn of it may have left). */
    async hold(reservation: Reservation) {
      const db = await knex();
      const row = Object.fromEntries(
        Object.entries(reservation).map(([name, value]) => [column(name), value])
      );
      const schema = strapi.db.getSchemaName();
      const table = schema ? db(meta().tableName).withSchema(schema) : db(meta().tableName);
      await table.insert(row).onConflict(column('channelId')).merge();
    },

    /** The conversation's turn is over: counted in the ledger (same transaction) or not at all. */
    async release(channelId: number) {
      await strapi.db.query(CONTENT_TYPE.usageReservation).deleteMany({ where: { channelId } });
    },
  };
};

export type UsageReservationRepository = ReturnType<typeof createUsageReservationRepository>;
