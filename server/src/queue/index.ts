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
      const { role } = getService(strapi, 'pluginConfig').get().queue;
      engine = create();
      if (role === 'web') {
        await engine.start(null);
        strapi.log.info(
          `[whatsapp-agent] Role "web": messages are acknowledged and stored here and answered by worker instances (queue engine "${engine.name}")`
        );
        return;
      }
      await engine.start((channelId) => getService(strapi, 'worker').processChannel(channelId));
      strapi.log.info(`[whatsapp-agent] Role "${role}": answering messages (queue engine "${engine.name}")`);
    },
    /**
     * Wakes a worker for the channel: this instance's, or through Redis (bullmq) any instance's.
     * With the embedded engine and no local worker, the workers' sweep finds it.
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
    /** The engine this instance started (undefined before bootstrap or after a stop): the setup checklist asks. */
    engineName: () => engine?.name,
    async stop() {
      await engine?.stop();
      engine = undefined;
    },
  };
};

export type QueueService = ReturnType<typeof createQueueService>;
