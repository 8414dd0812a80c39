import type { Core } from '@strapi/strapi';
import { createBullmqEngine } from './bullmq';
import { createEmbeddedEngine } from './embedded';
import type { QueueEngine } from './engine';
import { getService } from '../utils/get-service';

/** Starts the configured queue engine at bootstrap and routes wake-ups to the worker. */
export const createQueueService = ({ strapi }: { strapi: Core.Strapi }) => {
  let engine: QueueEngine | undefined;

  const create = (): QueueEngine => {
    const { queue } = getService(strapi, 'pluginConfig').get();
    const common = {
      concurrency: queue.concurrency,
      sweepIntervalMs: queue.sweepIntervalMs,
      findChannelsWithWork: () => getService(strapi, 'worker').channelsWithWork(),
      onError: (error: unknown) => strapi.log.error(`[whatsapp-agent] Queue: ${(error as Error).message}`),
    };
    if (queue.engine === 'bullmq') {
      if (!queue.redisUrl) throw new Error('WHATSAPP_AGENT_QUEUE=bullmq needs REDIS_URL (redis://host:6379)');
      return createBullmqEngine({ ...common, redisUrl: queue.redisUrl, prefix: queue.redisPrefix });
    }
    return createEmbeddedEngine(common);
  };

  return {
    async start() {
      if (getService(strapi, 'pluginConfig').get().queue.worker === 'off') {
        strapi.log.info(
          '[whatsapp-agent] Worker off (WHATSAPP_AGENT_WORKER=off): messages are stored here and processed by other instances'
        );
        return;
      }
      engine = create();
      await engine.start((channelId) => getService(strapi, 'worker').processChannel(channelId));
      strapi.log.info(`[whatsapp-agent] Queue engine "${engine.name}" started`);
    },
    /**
     * Wakes the worker for a channel; without a local worker, another instance's sweep finds it.
     * Never fails the caller (the webhook): a wake-up lost to an outage is found by the sweep.
     */
    async enqueue(channelId: number) {
      try {
        await engine?.enqueue(channelId);
      } catch (error) {
        strapi.log.warn(
          `[whatsapp-agent] Wake-up for channel ${channelId} not queued (the sweep will find it): ${(error as Error).message}`
        );
      }
    },
    async stop() {
      await engine?.stop();
      engine = undefined;
    },
  };
};

export type QueueService = ReturnType<typeof createQueueService>;
