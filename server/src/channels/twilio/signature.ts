import crypto from 'node:crypto';
import twilio from 'twilio';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';

/**
 * The URL Twilio signed: the public base URL it was configured with, plus the path and query
 * as they reached Strapi. Behind a TLS-terminating proxy Koa sees http://internal-host:1337,
 * which is why the public URL comes from configuration, never from the request's Host header,
 * nor from the request line: `POST http://any.host/path HTTP/1.1` is valid HTTP, and only its
 * path and query count.
 */
export const signedUrl = (publicBaseUrl: string, requestTarget: string) =>
  `${publicBaseUrl.replace(/\/+$/, '')}${requestTarget.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '')}`;

/** The signature equals Twilio's HMAC-SHA1 of exactly this URL and the params (constant time). */
const signedExactly = (
  authToken: string,
  signature: string,
  url: string,
  params: Record<string, unknown>
) => {
  const expected = Buffer.from(getExpectedTwilioSignature(authToken, url, params));
  const received = Buffer.from(signature);
  // The length of an HMAC-SHA1 in base64 is fixed, not secret: comparing it first leaks nothing.
  return received.length === expected.length && crypto.timingSafeEqual(received, expected);
};

/**
 * Twilio's own validator (HMAC-SHA1 over the URL and every posted param, sorted by name; it
 * also accepts the URL with and without the scheme's default port, and URL-normalised forms).
 * The URL exactly as configured is tried first, with one HMAC: that is what Twilio signs when
 * the configured public URL is the one it calls, i.e. on every genuine request. The validator's
 * variants (two URL parses, up to six HMACs) run only when that fails.
 */
export const isValidTwilioSignature = (
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, unknown>
) => {
  if (typeof signature !== 'string' || signature.length === 0) return false;
  try {
    return (
      signedExactly(authToken, signature, url, params) ||
      twilio.validateRequest(authToken, signature, url, params)
    );
  } catch {
    // The validator throws on what it cannot parse (a URL, a param): Twilio signed none of that.
    return false;
  }
};

// One-shot `crypto.hash` where Node has it (≥ 20.12): building a Hash object per request costs
// more than the digest itself. The package still runs on Node 20.0, hence the fallback.
const digest = (value: string): Buffer =>
  typeof crypto.hash === 'function'
    ? crypto.hash('sha256', value, 'buffer')
    : crypto.createHash('sha256').update(value, 'utf8').digest();

// The expected secret changes only when it is rotated: its digest is kept, not recomputed per request.
let expectedDigest: { secret: string; digest: Buffer } | undefined;

/** Compares a secret from a request with the expected one without leaking, through timing, how much of it matched. */
export const secretsEqual = (received: string, expected: string) => {
  if (expectedDigest?.secret !== expected) expectedDigest = { secret: expected, digest: digest(expected) };
  return crypto.timingSafeEqual(digest(received), expectedDigest.digest);
};
