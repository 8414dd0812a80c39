/**
 * Requests per minute per key (a member, a client), counted in fixed one-minute windows in this
 * process. Enough to stop a runaway assistant loop; several Strapi instances each allow the full
 * rate, and what a member may cost is bounded anyway by the daily limit and the plan.
 */
export const createRequestLimits = (now: () => number = Date.now) => {
  const windows = new Map<string, { start: number; count: number }>();

  return {
    /** Counts a request for `key`; false when it is over `perMinute` (then it is not counted). */
    take(key: string, perMinute: number): boolean {
      const at = now();
      const start = at - (at % 60_000);
      const current = windows.get(key);
      if (!current || current.start !== start) {
        // Old windows go as new ones come: the map never holds more than the active keys.
        if (windows.size > 10_000)
          for (const [old, window] of windows) if (window.start !== start) windows.delete(old);
        windows.set(key, { start, count: 1 });
        return true;
      }
      if (current.count >= perMinute) return false;
      current.count += 1;
      return true;
    },

    /** Seconds until the current window ends (Retry-After). */
    retryAfterSeconds: () => Math.ceil((60_000 - (now() % 60_000)) / 1000),
  };
};

export type RequestLimits = ReturnType<typeof createRequestLimits>;
