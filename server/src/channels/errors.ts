/**
 * Why a provider refused or failed a message, in the plugin's own words: each provider's folder
 * maps its error codes to these (Twilio's 63016 and Meta's 131047 are both `window-closed`), so
 * nothing outside `channels/<provider>/` reads a provider's code.
 */
export type SendFailureReason =
  /** Outside WhatsApp's 24-hour window: only a template may go out until the member writes. */
  | 'window-closed'
  | 'rate-limited'
  /** The number cannot receive it (not on WhatsApp, blocked, unknown). */
  | 'undeliverable'
  /** The credentials were refused or expired: the admin must fix them. */
  | 'auth-failed'
  | 'unavailable'
  | 'other';

/**
 * A provider's error in the plugin's words: its own code first (`reasons`, the provider's table),
 * else what the HTTP status says (no status: no answer at all).
 */
export const failureReason = (
  reasons: Readonly<Record<number, SendFailureReason>>,
  code: number | undefined,
  status?: number
): SendFailureReason => {
  if (code !== undefined && reasons[code]) return reasons[code];
  if (status === 401) return 'auth-failed';
  if (status === 429) return 'rate-limited';
  if (status === undefined || status >= 500) return 'unavailable';
  return 'other';
};

/**
 * The one error a channel adapter's `send` fails with, so the outbox decides on retries without
 * reading any provider's error fields: `transient` (worth another try: rate limits, outages,
 * network) or not (a bad number, outside the 24-hour window…), the provider-neutral `reason`,
 * the provider's error `code` (kept for the admin), and how long the provider asked us to wait.
 */
export class ChannelSendError extends Error {
  override readonly name = 'ChannelSendError';
  readonly transient: boolean;
  readonly reason: SendFailureReason;
  readonly code: number | null;
  readonly retryAfterMs: number | null;

  constructor(
    message: string,
    {
      transient,
      reason = 'other',
      code = null,
      retryAfterMs = null,
    }: { transient: boolean; reason?: SendFailureReason; code?: number | null; retryAfterMs?: number | null }
  ) {
    super(message);
    this.transient = transient;
    this.reason = reason;
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
