import type { Context } from 'koa';
import type { ApiErrorBody } from '../admin-api';

/**
 * An error answered in Strapi's own shape, by hand. For a 5xx this is the only way the reason
 * reaches the caller: Koa marks a thrown 5xx as not to be exposed, and Strapi then answers
 * "Service Unavailable" without it (and logs it as an error with its stack) — no help for a state
 * an admin fixes in the settings.
 */
export const answerError = (ctx: Context, status: number, name: string, message: string) => {
  ctx.status = status;
  ctx.body = { data: null, error: { status, name, message, details: {} } } satisfies ApiErrorBody;
};
