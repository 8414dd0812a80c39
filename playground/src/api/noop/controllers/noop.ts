import type { Core } from '@strapi/strapi';

/**
 * The webhook benchmark's baselines (bench/webhook.ts): a bare route, and the fair floor of a
 * durable acknowledgement — the posted form stored as one row, committed before the answer,
 * requests arriving together committed together (the group commit the inbox does), and nothing
 * else: no token, no signature, no channel, no dedupe read.
 */
const TABLE = 'bench_noop_inserts';

type Waiting = { row: Record<string, unknown>; done: (error?: unknown) => void };

const createFloor = (strapi: Core.Strapi) => {
  let ready: Promise<void> | undefined;
  const ensureTable = () =>
    (ready ??= (async () => {
      const knex = strapi.db.connection;
      if (await knex.schema.hasTable(TABLE)) return;
      await knex.schema.createTable(TABLE, (table) => {
        table.increments('id');
        table.string('message_sid').notNullable().unique();
        table.string('sender');
        table.text('body');
        table.text('params');
        table.datetime('received_at');
      });
    })());
  let waiting: Waiting[] = [];
  let flushing = false;
  const flush = async () => {
    if (flushing || waiting.length === 0) return;
    flushing = true;
    const batch = waiting.slice(0, 200);
    waiting = waiting.slice(batch.length);
    try {
      await strapi.db.connection.transaction((trx) => trx(TABLE).insert(batch.map((entry) => entry.row)));
      batch.forEach((entry) => entry.done());
    } catch (error) {
      batch.forEach((entry) => entry.done(error));
    } finally {
      flushing = false;
      void flush();
    }
  };
  return async (params: Record<string, string>) => {
    await ensureTable();
    await new Promise<void>((resolve, reject) => {
      waiting.push({
        row: {
          message_sid: params.MessageSid,
          sender: params.From,
          body: params.Body,
          params: JSON.stringify(params),
          received_at: new Date(),
        },
        done: (error) => (error ? reject(error) : resolve()),
      });
      if (!flushing) setImmediate(() => void flush());
    });
  };
};

let floor: ReturnType<typeof createFloor> | undefined;

export default {
  answer(ctx) {
    ctx.status = 204;
  },

  async insert(ctx) {
    floor ??= createFloor(strapi);
    await floor((ctx.request.body ?? {}) as Record<string, string>);
    ctx.status = 204;
  },
};
