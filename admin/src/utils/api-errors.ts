import { isFetchError } from '@strapi/strapi/admin';

type ValidationDetails = { errors?: Array<{ path?: Array<string | number>; message?: string }> };

/** The message the server put in `error.message`, else the transport's own. */
export const errorMessage = (error: unknown, fallback: string): string => {
  if (isFetchError(error)) return error.response?.data?.error?.message ?? error.message ?? fallback;
  return error instanceof Error && error.message ? error.message : fallback;
};

/**
 * A 400 ValidationError's field messages keyed by path ("twilio.accountSid", "tools.0.name"),
 * so each field shows its own.
 */
export const fieldErrors = (error: unknown): Record<string, string> => {
  if (!isFetchError(error)) return {};
  const details = error.response?.data?.error?.details as ValidationDetails | undefined;
  const result: Record<string, string> = {};
  for (const item of details?.errors ?? []) {
    const key = (item.path ?? []).join('.');
    if (item.message && !(key in result)) result[key] = item.message;
  }
  return result;
};
