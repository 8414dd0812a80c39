import crypto from 'node:crypto';

/** Meta's `X-Hub-Signature-256`: `sha256=` + hex HMAC-SHA256 of the raw body with the app secret. */
export const metaSignatureOf = (appSecret: string, rawBody: Buffer | string) =>
  `sha256=${crypto.createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;

/** Compared in constant time over the exact bytes received (re-serialised JSON would differ). */
export const isValidMetaSignature = (appSecret: string, signature: string | undefined, rawBody: Buffer) => {
  if (!signature) return false;
  const expected = Buffer.from(metaSignatureOf(appSecret, rawBody));
  const given = Buffer.from(signature.trim());
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
};
