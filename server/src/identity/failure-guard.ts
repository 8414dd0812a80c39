/**
 * A global brake on phrase guessing: an attacker with many numbers is not slowed by the
 * per-sender limit, so when more than `limitPerMinute` wrong phrases arrive within a minute
 * across all senders, every linking attempt is refused for the next minute. Per process: with
 * several instances each brakes on what it sees (the per-sender limit is in the database).
 */
export const createFailureGuard = ({
  limitPerMinute,
  warn,
}: {
  limitPerMinute: () => number;
  warn: (message: string) => void;
}) => {
  const WINDOW_MS = 60_000;
  let failures: number[] = [];
  let trippedUntil = 0;

  const prune = (now: number) => {
    failures = failures.filter((at) => now - at < WINDOW_MS);
  };

  return {
    /** True while attempts are refused. */
    isTripped(now = Date.now()) {
      return now < trippedUntil;
    },

    record(count: number, now = Date.now()) {
      if (count <= 0) return;
      prune(now);
      for (let i = 0; i < count; i += 1) failures.push(now);
      if (failures.length > limitPerMinute() && !this.isTripped(now)) {
        trippedUntil = now + WINDOW_MS;
        // Once per trip, not once per refused attempt.
        warn(
          `[whatsapp-agent] ${failures.length} wrong linking phrases in the last minute across all senders: refusing every linking attempt for a minute (linking.maxFailedPhrasesPerMinute = ${limitPerMinute()})`
        );
      }
    },
  };
};
