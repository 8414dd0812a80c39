import { ChannelSendError, failureReason, type SendFailureReason } from '../errors';

/** Twilio's REST errors carry the HTTP status and Twilio's own error code (e.g. 20003, 63016). */
export const describeTwilioError = (error: unknown) => {
  const { status, code, message } = (error ?? {}) as { status?: unknown; code?: unknown; message?: unknown };
  return {
    status: typeof status === 'number' ? status : undefined,
    code: typeof code === 'number' ? code : undefined,
    message: typeof message === 'string' ? message : String(error),
  };
};

/**
 * Twilio answered, but not with what we can use (a price that is not a number, another
 * currency): said as it is, not as a network failure.
 */
export class TwilioAnswerError extends Error {
  override readonly name = 'TwilioAnswerError';
}

/** A failed call to Twilio as the admin reads it: what went wrong, and what to fix. */
export const twilioFailureMessage = (error: unknown) => {
  if (error instanceof TwilioAnswerError) return error.message;
  const { status, code, message } = describeTwilioError(error);
  if (status === 401 || code === 20003)
    return `Twilio rejected the credentials (${code ?? status}): check the Account SID and Auth Token.`;
  if (status) return `Twilio answered ${status}${code ? ` (error ${code})` : ''}: ${message}`;
  return `Could not reach Twilio: ${message}`;
};

/**
 * Twilio's error codes in the plugin's words (https://www.twilio.com/docs/api/errors): the only
 * place that knows 63016 means the 24-hour window is closed.
 */
const REASONS: Record<number, SendFailureReason> = {
  63016: 'window-closed',
  20429: 'rate-limited',
  63018: 'rate-limited',
  20003: 'auth-failed',
  21211: 'undeliverable',
  21408: 'undeliverable',
  21610: 'undeliverable',
  21614: 'undeliverable',
  63003: 'undeliverable',
  63024: 'undeliverable',
};

export const twilioFailureReason = (code: number | undefined, status?: number) =>
  failureReason(REASONS, code, status);

/** 429 and 5xx (and no answer at all) are worth another try; a 4xx is not. */
export const toSendError = (error: unknown): ChannelSendError => {
  if (error instanceof ChannelSendError) return error;
  const { status, code, message } = describeTwilioError(error);
  return new ChannelSendError(message, {
    transient: status === undefined || status === 429 || status >= 500,
    reason: twilioFailureReason(code, status),
    code: code ?? null,
  });
};
