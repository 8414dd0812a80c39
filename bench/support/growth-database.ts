import type { DatabaseClient, TestDatabase } from '../../tests/support/database';
import { startPipeline } from '../../tests/support/pipeline';
import { fillGrowth, fillSessions, type GrowthSize } from './fill-growth';
import { keptDatabase } from './kept-database';

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

/**
 * The grown database of bench:growth: booted once in this process (migrated and seeded), filled
 * (fill-growth.ts), the search index rebuilt, PostgreSQL ANALYZEd as autovacuum would. With
 * `BENCH_GROWTH_KEEP=<dir>` it is kept, and a later run of the same size reuses it as it is.
 */
export const filledDatabase = async (
  client: DatabaseClient,
  size: GrowthSize,
  log: (line: string) => void
): Promise<TestDatabase> => {
  const kept = await keptDatabase(client, process.env.BENCH_GROWTH_KEEP, size);
  process.env.DATABASE_CLIENT = client;
  if (kept.filled) {
    log(`reusing ${kept.database.label}`);
    if (!kept.noted('sessions')) {
      // Filled before the fill made the grown users' sessions: added now.
      const pipeline = await startPipeline({ database: kept.database, callbackStatuses: [] });
      const { strapi } = pipeline.playground;
      try {
        const users = await strapi.db
          .connection(strapi.db.metadata.get('plugin::users-permissions.user').tableName)
          .select('id')
          .where('username', 'like', 'grown%')
          .orderBy('id');
        await fillSessions(strapi, users.map((row: { id: number }) => row.id).slice(0, size.channels), log);
        if (client === 'postgres') await strapi.db.connection.raw('ANALYZE');
      } finally {
        await pipeline.twilio.stop();
        await pipeline.llm.stop();
        await pipeline.playground.stop({ keepDatabase: true });
      }
      kept.note('sessions');
    }
    return kept.database;
  }
  const started = performance.now();
  const pipeline = await startPipeline({ database: kept.database, callbackStatuses: [] });
  const { strapi } = pipeline.playground;
  try {
    await fillGrowth(strapi, size, log);
    const rebuilt = performance.now();
    await strapi.plugin('whatsapp-agent').service('search').rebuild();
    log(`search index rebuilt in ${seconds(rebuilt)} s`);
    if (client === 'postgres') await strapi.db.connection.raw('ANALYZE');
  } finally {
    await pipeline.twilio.stop();
    await pipeline.llm.stop();
    await pipeline.playground.stop({ keepDatabase: true });
  }
  kept.markFilled();
  log(`filled ${kept.database.label} in ${seconds(started)} s`);
  return kept.database;
};
