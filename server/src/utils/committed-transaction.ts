import type { Core } from '@strapi/strapi';

/**
 * `strapi.db.transaction(run)`, resolved only once its COMMIT succeeded. Knex's `commit()`
 * resolves even when the COMMIT fails (a connection dropped at that moment: nothing is stored)
 * and says so only on the transaction's `executionPromise`, which Strapi does not look at. Where
 * a commit is a promise made to someone — the webhook's 200 to Twilio — that is not enough.
 */
export const committedTransaction = async <T>(strapi: Core.Strapi, run: () => Promise<T>): Promise<T> => {
  // Inside another transaction, the outer one's commit decides.
  if (strapi.db.inTransaction()) return run();
  let execution: Promise<unknown> | undefined;
  const result = await strapi.db.transaction(
    async ({ trx }: { trx: { executionPromise?: Promise<unknown> } }) => {
      execution = trx.executionPromise;
      // Rejected after a rollback too, when nobody awaits it: not an unhandled rejection.
      execution?.catch(() => undefined);
      return run();
    }
  );
  await execution;
  return result;
};
