import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { createDigests } from './digest';
import { sendDueReminders } from './reminders';
import { createProactiveSender } from './send-proactive';

/** After a boot, the first look comes soon: reminders that fell due while no instance ran are still useful. */
const FIRST_TICK_MS = 5_000;

/**
 * Messages the member did not ask for, when they are due: event reminders and the weekly digest.
 * Every instance that answers (role all or worker) looks every `proactive.intervalSeconds`; each
 * message is claimed by its unique key before it is sent, so it goes out once however many look.
 */
export const createSchedulerService = ({ strapi }: { strapi: Core.Strapi }) => {
  const sender = createProactiveSender(strapi);
  const digests = createDigests(strapi);
  let timers: NodeJS.Timeout[] = [];
  let running: Promise<{ reminders: number; digests: number }> | undefined;

  const tick = async (now: Date) => {
    const reminders = await sendDueReminders(strapi, sender, now);
    const digested = await digests.sendDue(sender, now);
    return { reminders: reminders.sent, digests: digested.sent };
  };

  const service = {
    /** One look (also what tests call): sends what is due now. A look still running is joined, not doubled. */
    async runOnce(now = new Date()) {
      running ??= tick(now).finally(() => {
        running = undefined;
      });
      return running;
    },

    start() {
      const { proactive, queue } = getService(strapi, 'pluginConfig').get();
      if (queue.role === 'web' || proactive.scheduler === 'off') return;
      const look = () =>
        void service
          .runOnce()
          .catch((error) => strapi.log.warn(`[whatsapp-agent] Scheduler look failed: ${String(error)}`));
      timers = [setTimeout(look, FIRST_TICK_MS), setInterval(look, proactive.intervalSeconds * 1000)];
      timers.forEach((timer) => timer.unref());
    },

    /** Whether this instance looks for due messages by itself (the setup checklist asks). */
    running: () => timers.length > 0,

    async stop() {
      timers.forEach((timer) => clearTimeout(timer));
      timers = [];
      await running?.catch(() => undefined);
    },
  };
  return service;
};

export type SchedulerService = ReturnType<typeof createSchedulerService>;
