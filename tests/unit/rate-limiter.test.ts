import { createRateLimiter } from '../../server/src/outbox/rate-limiter';

describe('per-sender rate limiter', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('spaces one sender to 10 messages a second and leaves other senders alone', async () => {
    const limiter = createRateLimiter();
    const sentAt: Record<string, number[]> = { a: [], b: [] };
    const send = (sender: 'a' | 'b') => limiter.take(sender, 10).then(() => sentAt[sender].push(Date.now()));

    const all = Promise.all([...Array.from({ length: 20 }, () => send('a')), send('b')]);
    await jest.runAllTimersAsync();
    await all;

    expect(sentAt.a).toHaveLength(20);
    expect(sentAt.a[0]).toBe(0);
    expect(sentAt.a[19]).toBe(1900);
    expect(sentAt.b).toEqual([0]);
  });
});
