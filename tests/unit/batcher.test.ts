import { createBatcher } from '../../server/src/inbox/batcher';

describe('createBatcher (group commit)', () => {
  it('puts what arrives during a flush into the next batch, answering each caller with its own result', async () => {
    const batches: number[][] = [];
    const submit = createBatcher(
      async (items: number[]) => {
        batches.push(items);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return items.map((item) => item * 10);
      },
      { maxBatch: 100 }
    );

    const first = submit(1);
    await new Promise((resolve) => setTimeout(resolve, 5)); // the first flush is now running
    const rest = [2, 3, 4].map(submit);

    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('caps a batch at maxBatch', async () => {
    const sizes: number[] = [];
    const submit = createBatcher(async (items: number[]) => (sizes.push(items.length), items), {
      maxBatch: 2,
    });
    await Promise.all([1, 2, 3, 4, 5].map(submit));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('rejects every caller of a failed batch and keeps serving later ones', async () => {
    let fail = true;
    const submit = createBatcher(
      async (items: string[]) => {
        if (fail) throw new Error('database down');
        return items;
      },
      { maxBatch: 10 }
    );
    await expect(Promise.all([submit('a'), submit('b')])).rejects.toThrow('database down');
    fail = false;
    await expect(submit('c')).resolves.toBe('c');
  });
});
