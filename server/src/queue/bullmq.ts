import { Queue, Worker } from 'bullmq';
import IORedis, { type RedisOptions } from 'ioredis';
import type { FindChannelsWithWork, ProcessChannel, QueueEngine } from './engine';

export type BullmqEngineOptions = {
  redisUrl: string;
  /** Namespaces every key of the queue in Redis: two deployments (or test runs) on one Redis never meet. */
  prefix: string;
  /** Conversations processed at the same time by this process. */
  concurrency: number;
  /** How often to look in the database for work the wake-ups missed (Redis was away, a race at the end of a drain). */
  sweepIntervalMs: number;
  findChannelsWithWork: FindChannelsWithWork;
  onError: (error: unknown) => void;
};

const QUEUE_NAME = 'whatsapp-agent-wake';

/** The URL without its password, for messages. */
export const maskRedisUrl = (url: string) => url.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:•••@');

/** Fails fast with what to fix when Redis does not answer at boot (ioredis would retry forever). */
export const checkReachable = async (redisUrl: string) => {
  const probe = new IORedis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3_000,
    retryStrategy: () => null,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new Error(
      `Redis is not reachable at REDIS_URL (${maskRedisUrl(redisUrl)}), needed by WHATSAPP_AGENT_QUEUE=bullmq: ${
        error instanceof Error ? error.message : String(error)
      }`
    );
  } finally {
    probe.disconnect();
  }
};

/**
 * BullMQ carries the wake-ups between processes; the database stays the source of truth (inbox
 * rows, channel leases), so a lost or doubled wake-up costs time, never a message. One waiting
 * job per channel (its job id), delayed jobs for retries, and the same periodic sweep as the
 * embedded engine for whatever the queue missed — Redis gone for a while included.
 */
export const createBullmqEngine = (options: BullmqEngineOptions): QueueEngine => {
  let queue: Queue | undefined;
  let worker: Worker | undefined;
  // BullMQ does not close connections it was given.
  const connections: IORedis[] = [];
  const connect = (redisOptions: RedisOptions) => {
    const connection = new IORedis(options.redisUrl, redisOptions);
    connections.push(connection);
    return connection;
  };
  let sweepTimer: NodeJS.Timeout | undefined;

  const wake = async (channelId: number, delayMs = 0) => {
    if (!queue) return;
    await queue.add(
      'wake',
      { channelId },
      {
        // A wake-up already waiting for this channel makes another one redundant.
        jobId: delayMs > 0 ? `channel-${channelId}-at-${Date.now() + delayMs}` : `channel-${channelId}`,
        delay: delayMs,
        removeOnComplete: true,
        removeOnFail: true,
      }
    );
  };

  const sweep = async () => {
    try {
      for (const channelId of await options.findChannelsWithWork()) await wake(channelId);
    } catch (error) {
      options.onError(error);
    }
  };

  return {
    name: 'bullmq',
    async start(process: ProcessChannel | null) {
      await checkReachable(options.redisUrl);
      // The webhook adds jobs: while Redis is away they fail at once (the sweep re-adds them), never hang a request.
      queue = new Queue(QUEUE_NAME, {
        prefix: options.prefix,
        connection: connect({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }),
      });
      queue.on('error', options.onError);
      // A web instance only wakes the workers.
      if (!process) {
        await queue.waitUntilReady();
        return;
      }
      worker = new Worker(
        QUEUE_NAME,
        async (job) => {
          const channelId = Number(job.data.channelId);
          const { retryInMs } = await process(channelId);
          if (retryInMs !== undefined) await wake(channelId, Math.max(1, retryInMs));
        },
        {
          prefix: options.prefix,
          concurrency: options.concurrency,
          // A worker blocks on Redis and must wait for it to come back, however long.
          connection: connect({ maxRetriesPerRequest: null }),
        }
      );
      worker.on('error', options.onError);
      await Promise.all([queue.waitUntilReady(), worker.waitUntilReady()]);
      await sweep();
      sweepTimer = setInterval(() => void sweep(), options.sweepIntervalMs);
      sweepTimer.unref();
    },
    enqueue: (channelId) => wake(channelId),
    async stop() {
      clearInterval(sweepTimer);
      await worker?.close();
      await queue?.close();
      connections.splice(0).forEach((connection) => connection.disconnect());
      worker = undefined;
      queue = undefined;
    },
  };
};
