import type { Core } from '@strapi/strapi';
import { createEmbeddedEngine } from './embedded';
import type { QueueEngine } from './engine';
import { getService } from '../utils/get-service';

/** Starts the configured queue engine at bootstrap and routes wake-ups to the worker. */
export const createQueueService = ({ strapi }: { strapi: Core.Strapi }) => {
  let engine: QueueEngine | undefined;

  const create = (): QueueEngine => {
    const { queue } = getService(strapi, 'pluginConfig').get();
    if (queue.engine === 'bullmq') {
      throw new Error('WHATSAPP_AGENT_QUEUE=bullmq is not available yet: use "embedded" (the default)');
    }
    return createEmbeddedEngine({
      concurrency: queue.concurrency,
      sweepIntervalMs: queue.sweepIntervalMs,
      findChannelsWithWork: () => getService(strapi, 'worker').channelsWithWork(),
      onError: (error) => strapi.log.error(`[whatsapp-agent] Queue: ${(error as Error).message}`),
    });
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
    /** Wakes the worker for a channel; without a local worker, another instance's sweep finds it. */
    async enqueue(channelId: number) {
      await engine?.enqueue(channelId);
    },
    async stop() {
      await engine?.stop();
      engine = undefined;
    },
  };
};

export type QueueService = ReturnType<typeof createQueueService>;
