import { isFetchError } from '@strapi/strapi/admin';
import { apiErrorBodySchema, validationDetailsSchema } from '../api/schemas';

/** The `error` of a failed request's body, when it has Strapi's shape. */
const apiError = (error: unknown) =>
  isFetchError(error)
    ? apiErrorBodySchema.shape.error.safeParse(error.response?.data?.error).data
    : undefined;

/** The message the server put in `error.message`, else the transport's (or the client's) own. */
export const errorMessage = (error: unknown, fallback: string): string => {
  if (isFetchError(error)) return apiError(error)?.message ?? error.message ?? fallback;
  return error instanceof Error && error.message ? error.message : fallback;
};

/**
 * A 400 ValidationError's field messages keyed by path ("twilio.accountSid", "tools.0.name"),
 * so each field shows its own.
 */
export const fieldErrors = (error: unknown): Record<string, string> => {
  const details = validationDetailsSchema.safeParse(apiError(error)?.details).data;
  const result: Record<string, string> = {};
  for (const item of details?.errors ?? []) {
    const key = item.path.join('.');
    if (item.message && !(key in result)) result[key] = item.message;
  }
  return result;
};
