import { describeTwilioError } from '../../channels/twilio-client';

/** 429 and 5xx are worth another try; a 4xx (bad number, outside the 24-hour window…) is not. */
export const isTransient = (error: unknown) => {
  const { status } = describeTwilioError(error);
  return status === undefined || status === 429 || status >= 500;
};

export const backoffMs = (attempt: number, baseMs: number) => baseMs * 2 ** (attempt - 1);

/** Runs `send` up to `attempts` times, waiting baseMs, 2·baseMs, … between transient failures. */
export const withRetries = async <T>(send: () => Promise<T>, { attempts, baseMs }: { attempts: number; baseMs: number }): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt, baseMs)));
    }
  }
};
