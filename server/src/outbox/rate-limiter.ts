/** Paces the sends of one sender (WhatsApp's default throughput is about 10 messages/s per sender; above it Twilio answers 63018). */
export interface RateLimiter {
  /** Resolves when `key` may send its next message at `perSecond`. */
  take(key: string, perSecond: number): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One process's limiter: each sender's next free slot in memory. Right for one instance; with
 * several, each would allow the whole rate — the Redis limiter shares the slots.
 */
export const createRateLimiter = (): RateLimiter => {
  const nextFreeSlot = new Map<string, number>();

  return {
    async take(key, perSecond) {
      const interval = 1000 / perSecond;
      const now = Date.now();
      const slot = Math.max(now, nextFreeSlot.get(key) ?? 0);
      nextFreeSlot.set(key, slot + interval);
      if (slot > now) await sleep(slot - now);
    },
    async close() {},
  };
};
