/**
 * The one error a channel adapter's `send` fails with, so the outbox decides on retries without
 * reading any provider's error fields: `transient` (worth another try: rate limits, outages,
 * network) or not (a bad number, outside the 24-hour window…), the provider's error `code`, and
 * how long the provider asked us to wait.
 */
export class ChannelSendError extends Error {
  override readonly name = 'ChannelSendError';
  readonly transient: boolean;
  readonly code: number | null;
  readonly retryAfterMs: number | null;

  constructor(
    message: string,
    {
      transient,
      code = null,
      retryAfterMs = null,
    }: { transient: boolean; code?: number | null; retryAfterMs?: number | null }
  ) {
    super(message);
    this.transient = transient;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Errors that are not a ChannelSendError (a bug, a network failure before the adapter) are worth a retry. */
export const isTransientSendError = (error: unknown) =>
  !(error instanceof ChannelSendError) || error.transient;

/**
 * Why an attachment was not downloaded. `not-allowed` (not the provider's own URL), `too-large`
 * and `wrong-type` are the member's to fix; `unavailable` (timeout, the provider failing) is ours.
 */
export class MediaDownloadError extends Error {
  override readonly name = 'MediaDownloadError';
  readonly reason: 'not-allowed' | 'too-large' | 'wrong-type' | 'unavailable';

  constructor(message: string, reason: MediaDownloadError['reason']) {
    super(message);
    this.reason = reason;
  }
}
