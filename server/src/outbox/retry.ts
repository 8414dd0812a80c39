import { isTransientSendError } from '../channels/errors';
import { backoffMs } from '../worker/schedule';

/** Runs `send` up to `attempts` times, waiting baseMs, 2·baseMs, … between transient failures. */
export const withRetries = async <T>(
  send: () => Promise<T>,
  { attempts, baseMs }: { attempts: number; baseMs: number }
): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= attempts || !isTransientSendError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, baseMs)));
    }
  }
};
