/**
 * Spaces sends from one sender to at most `perSecond` (WhatsApp's default throughput is about
 * 10 messages/s per sender; above it Twilio answers 63018). Per process: with several Strapi
 * instances, the bullmq engine's limiter is the shared one.
 */
export const createRateLimiter = () => {
  const nextFreeSlot = new Map<string, number>();

  return {
    async take(key: string, perSecond: number) {
      const interval = 1000 / perSecond;
      const now = Date.now();
      const slot = Math.max(now, nextFreeSlot.get(key) ?? 0);
      nextFreeSlot.set(key, slot + interval);
      if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
    },
  };
};
