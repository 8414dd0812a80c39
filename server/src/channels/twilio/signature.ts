import crypto from 'node:crypto';
import twilio from 'twilio';

/**
 * The URL Twilio signed: the public base URL it was configured with, plus the path and query
 * as they reached Strapi. Behind a TLS-terminating proxy Koa sees http://internal-host:1337,
 * which is why the public URL comes from configuration, never from the request's Host header,
 * nor from the request line: `POST http://any.host/path HTTP/1.1` is valid HTTP, and only its
 * path and query count.
 */
export const signedUrl = (publicBaseUrl: string, requestTarget: string) =>
  `${publicBaseUrl.replace(/\/+$/, '')}${requestTarget.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '')}`;

/**
 * Twilio's own validator (HMAC-SHA1 over the URL and every posted param, sorted by name; it
 * also accepts the URL with and without the scheme's default port).
 */
export const isValidTwilioSignature = (
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, unknown>
) => {
  if (typeof signature !== 'string' || signature.length === 0) return false;
  try {
    return twilio.validateRequest(authToken, signature, url, params);
  } catch {
    // The validator throws on what it cannot parse (a URL, a param): Twilio signed none of that.
    return false;
  }
};

/** Compares a secret from a request with the expected one without leaking, through timing, how much of it matched. */
export const secretsEqual = (received: string, expected: string) => {
  const digest = (value: string) => crypto.createHash('sha256').update(value, 'utf8').digest();
  return crypto.timingSafeEqual(digest(received), digest(expected));
};
