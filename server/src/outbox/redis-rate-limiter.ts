import IORedis from 'ioredis';
import { createRateLimiter, type RateLimiter } from './rate-limiter';

/**
 * The same slots as the in-process limiter, kept in Redis so every instance shares them: one
 * atomic script reserves the sender's next slot by Redis's clock (instances' clocks may differ)
 * and says how long to wait for it. The key expires once its slots are in the past.
 */
const RESERVE_SLOT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local nextSlot = slot + tonumber(ARGV[1])
redis.call('SET', KEYS[1], nextSlot, 'PX', math.ceil(nextSlot - now) + 1000)
return math.ceil(slot - now)
`;

export const createRedisRateLimiter = ({
  redisUrl,
  prefix,
  onUnavailable,
}: {
  redisUrl: string;
  /** The deployment's key prefix (WHATSAPP_AGENT_REDIS_PREFIX). */
  prefix: string;
  /** Redis did not answer: this send was paced by this process alone. */
  onUnavailable: (error: Error) => void;
}): RateLimiter => {
  // Fails fast while Redis is away (no offline queue): a reply is not held up by an outage.
  const redis = new IORedis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: true,
  });
  redis.on('error', () => undefined);
  const local = createRateLimiter();
  // Connected on first use; afterwards ioredis reconnects by itself.
  let connecting: Promise<void> | undefined;

  return {
    async take(key, perSecond) {
      let waitMs: number;
      try {
        if (redis.status === 'wait') connecting ??= redis.connect();
        await connecting;
        waitMs = Number(
          await redis.eval(RESERVE_SLOT, 1, `${prefix}:send-slot:${key}`, String(1000 / perSecond))
        );
      } catch (error) {
        onUnavailable(error as Error);
        await local.take(key, perSecond);
        return;
      }
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    },
    async close() {
      redis.disconnect();
    },
  };
};
