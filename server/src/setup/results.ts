import type { SetupCheck } from '../admin-api';

/** The three ways a line of the checklist can read. */
export const passed = (id: string, detail: string): SetupCheck => ({ id, status: 'ok', detail, fix: '' });
export const failed = (id: string, detail: string, fix: string): SetupCheck => ({
  id,
  status: 'fail',
  detail,
  fix,
});
export const skipped = (id: string, detail: string, fix = ''): SetupCheck => ({
  id,
  status: 'skipped',
  detail,
  fix,
});
