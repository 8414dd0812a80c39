import type { Core } from '@strapi/strapi';
import type { SetupCheck } from '../admin-api';
import { checkReachable, maskRedisUrl } from '../queue/bullmq';
import { getService } from '../utils/get-service';
import { failed, passed, skipped } from './results';

/** Messages are answered only while the queue runs; with BullMQ, only while Redis answers. */
export const checkQueue = async (strapi: Core.Strapi): Promise<SetupCheck> => {
  const { queue } = getService(strapi, 'pluginConfig').get();
  const engine = getService(strapi, 'queue').engineName();
  if (!engine)
    return failed(
      'queue',
      'The queue is not running on this instance: messages are stored but not answered.',
      'Restart Strapi and read the "[whatsapp-agent]" lines of its log at boot.'
    );
  if (engine === 'bullmq' && queue.redisUrl) {
    try {
      await checkReachable(queue.redisUrl);
    } catch (error) {
      return failed(
        'queue',
        error instanceof Error ? error.message : String(error),
        `Start Redis at ${maskRedisUrl(queue.redisUrl)} or correct REDIS_URL.`
      );
    }
  }
  const role =
    queue.role === 'web' ? ' This instance only stores messages: worker instances answer them.' : '';
  return passed('queue', `The ${engine} queue is running (role "${queue.role}").${role}`);
};

/** Reminders and digests go out only while a scheduler looks for them (on any instance that answers). */
export const checkScheduler = async (strapi: Core.Strapi): Promise<SetupCheck> => {
  const { proactive, queue } = getService(strapi, 'pluginConfig').get();
  if (proactive.scheduler === 'off')
    return skipped(
      'scheduler',
      'The scheduler is off on this instance (WHATSAPP_AGENT_SCHEDULER=off): it sends no reminders or digests by itself.',
      'Leave it off only when another instance runs it; otherwise unset WHATSAPP_AGENT_SCHEDULER and restart.'
    );
  if (queue.role === 'web')
    return skipped(
      'scheduler',
      'This instance only stores messages (role "web"): the worker instances run the scheduler.'
    );
  if (getService(strapi, 'scheduler').running())
    return passed(
      'scheduler',
      `The scheduler looks for due reminders and digests every ${proactive.intervalSeconds} s.`
    );
  return failed(
    'scheduler',
    'The scheduler is not running on this instance: no reminders or digests go out.',
    'Restart Strapi and read the "[whatsapp-agent]" lines of its log at boot.'
  );
};
