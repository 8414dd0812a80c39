/** Polls `check` until it stops throwing (returns its value) or `timeoutMs` passes (rethrows the last error). */
export const eventually = async <T>(
  check: () => Promise<T> | T,
  timeoutMs = 10_000,
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
