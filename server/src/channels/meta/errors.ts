import { ChannelSendError, failureReason, type SendFailureReason } from '../errors';
import { MetaApiError } from './graph';

/**
 * The Cloud API's error codes in the plugin's words
 * (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes): the only place
 * that knows 131047 means the 24-hour window is closed.
 */
const REASONS: Record<number, SendFailureReason> = {
  131047: 'window-closed',
  130429: 'rate-limited',
  131056: 'rate-limited',
  80007: 'rate-limited',
  4: 'rate-limited',
  131026: 'undeliverable',
  131021: 'undeliverable',
  190: 'auth-failed',
  10: 'auth-failed',
  200: 'auth-failed',
};

export const metaFailureReason = (code: number | undefined, status?: number) =>
  failureReason(REASONS, code, status);

/** A failed Graph API call as the admin reads it: what went wrong, and what to fix. */
export const metaFailureMessage = (error: unknown) => {
  if (!(error instanceof MetaApiError)) return `Could not reach the Graph API: ${String(error)}`;
  const { status, code, message } = error;
  if (code === 190)
    return `Meta rejected the access token (error 190: expired or revoked): create a new system user token with whatsapp_business_messaging and set it in Settings → WhatsApp agent → Cloud API.`;
  if (metaFailureReason(code, status) === 'auth-failed')
    return `Meta refused the request (error ${code ?? status}): the token lacks a permission (whatsapp_business_messaging, whatsapp_business_management) or the ids belong to another business. ${message}`;
  if (status) return `The Graph API answered ${status}${code ? ` (error ${code})` : ''}: ${message}`;
  return message;
};

/** Rate limits, 5xx and no answer at all are worth another try; anything else is not. */
export const toSendError = (error: unknown): ChannelSendError => {
  if (error instanceof ChannelSendError) return error;
  const { status, code } = error instanceof MetaApiError ? error : { status: undefined, code: undefined };
  const reason = metaFailureReason(code, status);
  return new ChannelSendError(
    reason === 'auth-failed' ? metaFailureMessage(error) : (error as Error).message,
    {
      transient: reason === 'rate-limited' || reason === 'unavailable',
      reason,
      code: code ?? null,
    }
  );
};
