import type { FindChannelsWithWork, ProcessChannel, QueueEngine } from './engine';

export type EmbeddedEngineOptions = {
  /** Conversations processed at the same time by this Strapi instance. */
  concurrency: number;
  /** How often to look for work the wake-ups missed (retries coming due, crashed workers). */
  sweepIntervalMs: number;
  findChannelsWithWork: FindChannelsWithWork;
  onError: (error: unknown) => void;
};

/**
 * In-process engine over the Strapi database: no extra infrastructure, survives restarts
 * (the database holds the work; `start` and the sweep find it again), bounded concurrency.
 * One channel is never run twice at once by this instance; across instances the worker's
 * database lease keeps that promise.
 */
export const createEmbeddedEngine = (options: EmbeddedEngineOptions): QueueEngine => {
  const waiting = new Set<number>();
  const running = new Map<number, Promise<void>>();
  const again = new Set<number>();
  let process: ProcessChannel | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let stopped = false;

  const pump = () => {
    if (!process || stopped) return;
    for (const channelId of waiting) {
      if (running.size >= options.concurrency) return;
      waiting.delete(channelId);
      const run = process(channelId)
        .then(({ retryInMs }) => {
          if (retryInMs !== undefined) setTimeout(() => enqueueNow(channelId), retryInMs).unref();
        })
        .catch(options.onError)
        .finally(() => {
          running.delete(channelId);
          // Woken while running: messages may have arrived after the last look.
          if (again.delete(channelId)) waiting.add(channelId);
          pump();
        });
      running.set(channelId, run);
    }
  };

  const enqueueNow = (channelId: number) => {
    if (running.has(channelId)) again.add(channelId);
    else waiting.add(channelId);
    pump();
  };

  const sweep = async () => {
    try {
      for (const channelId of await options.findChannelsWithWork()) enqueueNow(channelId);
    } catch (error) {
      options.onError(error);
    }
  };

  return {
    name: 'embedded',
    async start(processChannel) {
      // A web instance: no worker here, and nothing to hand wake-ups to (the workers' sweep finds the work).
      if (!processChannel) return;
      process = processChannel;
      stopped = false;
      await sweep();
      sweepTimer = setInterval(() => void sweep(), options.sweepIntervalMs);
      sweepTimer.unref();
    },
    async enqueue(channelId) {
      if (process) enqueueNow(channelId);
    },
    async stop() {
      stopped = true;
      clearInterval(sweepTimer);
      waiting.clear();
      again.clear();
      await Promise.allSettled(running.values());
    },
  };
};
