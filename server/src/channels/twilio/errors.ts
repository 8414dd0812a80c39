import { ChannelSendError } from '../errors';

/** Twilio's REST errors carry the HTTP status and Twilio's own error code (e.g. 20003, 63016). */
export const describeTwilioError = (error: unknown) => {
  const { status, code, message } = (error ?? {}) as { status?: unknown; code?: unknown; message?: unknown };
  return {
    status: typeof status === 'number' ? status : undefined,
    code: typeof code === 'number' ? code : undefined,
    message: typeof message === 'string' ? message : String(error),
  };
};

/** 429 and 5xx (and no answer at all) are worth another try; a 4xx is not. */
export const toSendError = (error: unknown): ChannelSendError => {
  if (error instanceof ChannelSendError) return error;
  const { status, code, message } = describeTwilioError(error);
  return new ChannelSendError(message, {
    transient: status === undefined || status === 429 || status >= 500,
    code: code ?? null,
  });
};
