import crypto from 'node:crypto';
import { confirmationToken, proposalOf } from '../../server/src/mcp/confirmation';
import { createRequestLimits } from '../../server/src/mcp/request-limits';

describe('MCP request limits (per member, per client)', () => {
  it('lets `perMinute` requests of a key through in a minute, refuses the next, and starts again the next minute', () => {
    let now = 120_000;
    const limits = createRequestLimits(() => now);
    for (let request = 0; request < 3; request += 1) expect(limits.take('member:1', 3)).toBe(true);
    expect(limits.take('member:1', 3)).toBe(false);
    // Another key has its own count.
    expect(limits.take('client:7', 3)).toBe(true);
    now += 45_000;
    expect(limits.take('member:1', 3)).toBe(false);
    expect(limits.retryAfterSeconds()).toBe(15);
    now += 15_000;
    expect(limits.take('member:1', 3)).toBe(true);
  });
});

describe('MCP confirmation tokens', () => {
  const key = crypto.randomBytes(32);

  it('name their proposal for the member and client they were given to, and nobody else', () => {
    const token = confirmationToken(key, 42, 7, 3);
    expect(proposalOf(key, token, 7, 3)).toBe(42);
    expect(proposalOf(key, token, 8, 3)).toBeNull();
    expect(proposalOf(key, token, 7, 4)).toBeNull();
    expect(proposalOf(crypto.randomBytes(32), token, 7, 3)).toBeNull();
  });

  it('cannot be made for another proposal by changing the id', () => {
    const [, mac] = confirmationToken(key, 42, 7, 3).split('.');
    expect(proposalOf(key, `43.${mac}`, 7, 3)).toBeNull();
    for (const malformed of ['', '42', '42.', 'x.y', `42.${mac}x`, `-1.${mac}`])
      expect(proposalOf(key, malformed, 7, 3)).toBeNull();
  });
});
