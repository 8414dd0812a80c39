import type { Core } from '@strapi/strapi';
import { createSearchIndexRepository, type SearchIndexRepository } from '../../repositories/search-index';
import { getService } from '../../utils/get-service';
import { indexedCollections, type IndexedCollection } from './collections';
import { queryWords } from './query-text';
import { createSource } from './source';
import { registerDocumentSync } from './sync';

/** One candidate from the search index: a document of the searched collection and how well it matched. */
export type SearchHit = { documentId: string; score: number };

/** Per indexed uid, what `status()` reports. */
export type SearchIndexStatus = { uid: string; ready: boolean; rows: number; fields: string[] };

export type RebuildReport = { uid: string; rows: number; ms: number };

/** Rows read from the host and written to the index per step of a rebuild. */
const BATCH_SIZE = 500;

const LOG = '[whatsapp-agent] Search index:';

/** A driver error without the SQL knex puts in front of it (it would log the member's words). */
const reason = (error: unknown) =>
  String((error as Error)?.message ?? error)
    .split(' - ')
    .pop();

/**
 * The plugin's own search index over the exposed collections. It only names candidates: the
 * records themselves are read through the Document Service as the member, so permissions and
 * sanitization stay exactly those of the REST API.
 *
 * When it is (re)built: at boot, once the HTTP server listens (the host's own bootstrap — a seed,
 * say — has run by then), and every `search.checkIntervalSeconds`, each uid is compared with its
 * collection (row count, latest `updatedAt`, fingerprint of the indexed fields) and rebuilt when
 * they differ. Between checks, the Document Service middleware (sync.ts) keeps it current. While a
 * uid is not ready, `candidates` answers `null` and the tools search the collection themselves.
 */
export const createSearchService = ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService(strapi, 'pluginConfig').get().search;
  let repository: SearchIndexRepository | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** uid → the fingerprint it is ready for (absent: not ready). */
  const ready = new Map<string, string>();
  const running = new Map<string, Promise<unknown>>();
  const logged = new Set<string>();

  const logOnce = (key: string, message: string, level: 'info' | 'warn' = 'warn') => {
    if (logged.has(key)) return;
    logged.add(key);
    strapi.log[level](`${LOG} ${message}`);
  };

  let memo: { key: string; collections: IndexedCollection[] } | undefined;
  /** The exposed collections as the admin's current settings define them (memoized per settings). */
  const collections = () => {
    const tools = getService(strapi, 'settings').agent().tools;
    const key = JSON.stringify(tools);
    if (memo?.key !== key) memo = { key, collections: indexedCollections(strapi, tools, config().languages) };
    return memo.collections;
  };
  const collectionOf = (uid: string) => collections().find((collection) => collection.uid === uid);

  /** One job per uid at a time: a check asked for while a rebuild runs waits for that rebuild. */
  const once = <T>(uid: string, job: () => Promise<T>): Promise<T> => {
    const current = running.get(uid);
    if (current) return current as Promise<T>;
    const started = job().finally(() => running.delete(uid));
    running.set(uid, started);
    return started;
  };

  const rebuildCollection = async (repo: SearchIndexRepository, collection: IndexedCollection) => {
    const started = Date.now();
    ready.delete(collection.uid);
    await repo.clear(collection.uid);
    const source = createSource(strapi, collection);
    const { rows: total } = await source.summary();
    let written = 0;
    let afterId = 0;
    for (;;) {
      if (stopped) throw new Error('stopped');
      const { rows, lastId } = await source.batch(afterId, BATCH_SIZE);
      if (lastId === null) break;
      await repo.upsert(rows);
      written += rows.length;
      afterId = lastId;
      if (total > BATCH_SIZE) strapi.log.info(`${LOG} ${collection.uid} ${written}/${total}`);
    }
    await repo.writeMeta({
      uid: collection.uid,
      fingerprint: collection.fingerprint,
      rows: written,
      builtAt: Date.now(),
    });
    ready.set(collection.uid, collection.fingerprint);
    const ms = Date.now() - started;
    strapi.log.info(`${LOG} ${collection.uid} built (${written} rows, ${ms} ms)`);
    return { uid: collection.uid, rows: written, ms };
  };

  /** Cheap: ready as it is when fingerprint, row count and latest update agree; else rebuilt. */
  const check = async (repo: SearchIndexRepository, collection: IndexedCollection) => {
    const meta = await repo.readMeta(collection.uid);
    if (meta?.fingerprint === collection.fingerprint) {
      const [source, index] = await Promise.all([
        createSource(strapi, collection).summary(),
        repo.summary(collection.uid),
      ]);
      if (source.rows === index.rows && source.maxUpdatedAt === index.maxUpdatedAt) {
        ready.set(collection.uid, collection.fingerprint);
        return;
      }
    }
    await rebuildCollection(repo, collection);
  };

  const checkInBackground = (collection: IndexedCollection) => {
    const repo = repository;
    if (!repo || stopped) return;
    void once(collection.uid, () => check(repo, collection)).catch((error: Error) => {
      if (!stopped)
        strapi.log.warn(`${LOG} ${collection.uid} could not be checked or rebuilt: ${reason(error)}`);
    });
  };
  /** A collection no longer exposed leaves the index: its text is not kept for nothing. */
  const dropUnexposed = async (repo: SearchIndexRepository) => {
    const exposed = new Set(collections().map((collection) => collection.uid));
    for (const uid of await repo.indexedUids()) {
      if (exposed.has(uid) || running.has(uid)) continue;
      await repo.clear(uid);
      strapi.log.info(`${LOG} ${uid} is no longer exposed as a tool: its rows were removed.`);
    }
  };
  const checkAll = () => {
    collections().forEach(checkInBackground);
    const repo = repository;
    if (repo && !stopped)
      void dropUnexposed(repo).catch((error) => strapi.log.warn(`${LOG} cleanup failed: ${reason(error)}`));
  };

  const syncDocument = async (uid: string, documentId: string) => {
    const repo = repository;
    const collection = collectionOf(uid);
    if (!repo || !collection) return;
    try {
      await repo.guarded(async () => {
        const rows = await createSource(strapi, collection).document(documentId);
        await repo.replaceDocument(uid, documentId, rows);
      });
    } catch (error) {
      // The write itself succeeded: the index is stale until the next check rebuilds it.
      ready.delete(uid);
      strapi.log.warn(
        `${LOG} ${uid} ${documentId} could not be indexed (${reason(error)}); the index is rebuilt at the next check.`
      );
    }
  };

  return {
    /** At bootstrap: tables, sync with the Document Service; the first check once the server listens. */
    async start() {
      if (config().index === 'off') {
        logOnce(
          'off',
          'off (search.index / WHATSAPP_AGENT_SEARCH_INDEX): tools search with $containsi.',
          'info'
        );
        return;
      }
      try {
        const repo = createSearchIndexRepository(strapi, { languages: config().languages });
        // Processes booting together race on CREATE … IF NOT EXISTS; the loser finds them made.
        const notes = await repo.ensureTables().catch(() => repo.ensureTables());
        for (const note of notes) logOnce(note, note);
        repository = repo;
      } catch (error) {
        logOnce('unavailable', `unavailable (${reason(error)}): tools search with $containsi.`);
        return;
      }
      registerDocumentSync(strapi, (uid) => collectionOf(uid) !== undefined, syncDocument);
      strapi.server.httpServer.once('listening', checkAll);
      timer = setInterval(checkAll, config().checkIntervalSeconds * 1000);
      timer.unref();
    },

    async stop() {
      stopped = true;
      clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },

    /**
     * Best-first documentIds of `uid` matching the free text (any word; more and rarer words rank
     * higher), at most `limit`. `null` when the index cannot answer (off, not built yet, failed,
     * no word to look for): the caller then searches the collection itself.
     */
    async candidates(uid: string, text: string, options: { limit: number }): Promise<SearchHit[] | null> {
      const repo = repository;
      const collection = collectionOf(uid);
      if (!repo || !collection) return null;
      if (ready.get(uid) !== collection.fingerprint) {
        logOnce(
          `building:${uid}`,
          `${uid} is not built yet: its tools search with $containsi meanwhile.`,
          'info'
        );
        checkInBackground(collection);
        return null;
      }
      const words = queryWords(text);
      if (words.length === 0) return null;
      try {
        return await repo.search(uid, words, options.limit);
      } catch (error) {
        logOnce(`failed:${uid}`, `${uid} search failed (${reason(error)}): falling back to $containsi.`);
        return null;
      }
    },

    /** Rebuilds one uid (or every indexed one) now; waits for a rebuild already running first. */
    async rebuild(uid?: string): Promise<RebuildReport[]> {
      const repo = repository;
      if (!repo) throw new Error('The search index is off or unavailable (see the startup log)');
      const targets = uid ? collections().filter((collection) => collection.uid === uid) : collections();
      if (uid && targets.length === 0) throw new Error(`${uid} is not exposed as a tool: nothing to index`);
      const reports: RebuildReport[] = [];
      for (const collection of targets) {
        await running.get(collection.uid)?.catch(() => undefined);
        reports.push(await once(collection.uid, () => rebuildCollection(repo, collection)));
      }
      return reports;
    },

    /** Runs (or waits for) the check of every exposed uid and drops the others: what a test or a script awaits. */
    async whenReady() {
      const repo = repository;
      if (!repo) return;
      await Promise.all(
        collections().map((collection) => once(collection.uid, () => check(repo, collection)))
      );
      await dropUnexposed(repo);
    },

    async status(): Promise<SearchIndexStatus[]> {
      const repo = repository;
      return Promise.all(
        collections().map(async (collection) => ({
          uid: collection.uid,
          ready: ready.get(collection.uid) === collection.fingerprint,
          rows: repo ? (await repo.summary(collection.uid)).rows : 0,
          fields: collection.fields,
        }))
      );
    },
  };
};

export type SearchService = ReturnType<typeof createSearchService>;
