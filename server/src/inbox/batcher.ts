/**
 * Group commit: items submitted while a flush is running wait and go together in the next one.
 * Under load a batch grows to whatever arrived meanwhile (up to `maxBatch`), so one database
 * commit serves many requests; when idle, an item is flushed on the next turn of the event loop.
 */
export const createBatcher = <Item, Result>(
  flush: (items: Item[]) => Promise<Result[]>,
  { maxBatch }: { maxBatch: number }
) => {
  let waiting: Array<{ item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }> =
    [];
  let flushing = false;

  const run = async () => {
    if (flushing || waiting.length === 0) return;
    flushing = true;
    const batch = waiting.slice(0, maxBatch);
    waiting = waiting.slice(batch.length);
    try {
      const results = await flush(batch.map((entry) => entry.item));
      batch.forEach((entry, i) => entry.resolve(results[i]));
    } catch (error) {
      batch.forEach((entry) => entry.reject(error));
    } finally {
      flushing = false;
      void run();
    }
  };

  return (item: Item) =>
    new Promise<Result>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!flushing) setImmediate(() => void run());
    });
};
