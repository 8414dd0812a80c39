import { errors } from '@strapi/utils';
import { isMonth, monthOf, utcMonth, type Month } from './period';

export const MONTH_FORMAT = 'must be one month as YYYY-MM, e.g. 2026-03';

const refuse = (message: string) =>
  new errors.ValidationError(`month: ${message}`, { errors: [{ path: ['month'], message }] });

/**
 * The `month` query parameter of the admin routes (usage, statement, Twilio's bill): absent, this
 * month (UTC). Anything else that is not one valid month is refused naming the parameter — never
 * replaced by another month, whose figures would pass for the ones asked for (`?month=a&month=b`,
 * or year 0099, which the Date API reads as 1999).
 */
export const monthParam = (value: unknown, now = new Date()): Month => {
  if (value === undefined || value === '') return monthOf(utcMonth(now));
  if (Array.isArray(value)) throw refuse('give one month, not several');
  if (typeof value !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw refuse(MONTH_FORMAT);
  if (!isMonth(value)) throw refuse('must be a month from 2000-01 on');
  return monthOf(value);
};
