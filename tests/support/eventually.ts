/**
 * How long a test waits for something that must happen. Only a guard against a hang: a passing
 * test never waits for it, so it is generous enough for a machine at load 20, where a reply that
 * takes a second on a quiet machine can take twenty.
 */
export const HANG_GUARD_MS = 60_000;

/** Polls `check` until it stops throwing (returns its value) or `timeoutMs` passes (rethrows the last error). */
export const eventually = async <T>(
  check: () => Promise<T> | T,
  timeoutMs = HANG_GUARD_MS,
  intervalMs = 50
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
};

/** Lets background work run, for asserting that something did NOT happen (e.g. no second reply). */
export const settle = (ms = 1_500) => new Promise((resolve) => setTimeout(resolve, ms));
