import type { Core } from '@strapi/strapi';
import { createRepositories } from '../repositories';
import { createHandoffRepository } from '../repositories/handoff';
import { getService } from '../utils/get-service';

const DAY_MS = 86_400_000;
/** Hourly is plenty for a limit counted in days; every instance may run it (it is idempotent). */
const INTERVAL_MS = 3_600_000;

/**
 * Message retention: the text of answered messages (in and out) and the question and arguments of
 * proposed actions are erased once older than `privacy.retentionDays` (Settings → WhatsApp agent;
 * default 30). Ids, times, statuses and costs stay, so usage stays right. Unlinking erases a
 * channel's texts at once (identity.unbind). Managers' notes and handoff reasons follow the same rule.
 */
export const createPrivacyService = ({ strapi }: { strapi: Core.Strapi }) => {
  const { inbound, outbound, pendingActions } = createRepositories(strapi);
  const handoff = createHandoffRepository(strapi);
  let timer: NodeJS.Timeout | undefined;

  const service = {
    /** Erases the content older than the retention period; returns how many rows it touched. */
    async applyRetention(now = Date.now()) {
      const before = new Date(now - getService(strapi, 'settings').privacy().retentionDays * DAY_MS);
      const erased =
        (await inbound.redactReceivedBefore(before)) +
        (await outbound.redactCreatedBefore(before)) +
        (await pendingActions.redactCreatedBefore(before)) +
        // Managers' notes and the reasons of handoffs are text like any other.
        (await handoff.redactCreatedBefore(before));
      if (erased > 0)
        strapi.log.info(
          `[whatsapp-agent] Retention: erased the text of ${erased} messages older than ${before.toISOString()}`
        );
      return erased;
    },

    start() {
      const run = () =>
        void service
          .applyRetention()
          .catch((error) =>
            strapi.log.warn(`[whatsapp-agent] Retention run failed: ${(error as Error).message}`)
          );
      run();
      timer = setInterval(run, INTERVAL_MS);
      timer.unref();
    },

    stop() {
      clearInterval(timer);
    },
  };
  return service;
};

export type PrivacyService = ReturnType<typeof createPrivacyService>;
