import type { Core } from '@strapi/strapi';
import type { SetupCheck } from '../admin-api';
import { withBudget } from './budget';
import { checkModel } from './model';
import { checkPublicUrl } from './public-url';
import { checkQueue, checkScheduler } from './queue';
import { checkTemplates } from './templates';
import { checkToolPermissions } from './tool-permissions';
import { twilioChecks } from './twilio';

/** Long enough for Twilio's client (10 s timeout per call) to fail on its own first, with its own words. */
export const CHECK_BUDGET_MS = 12_000;

/**
 * The setup checklist (Settings → WhatsApp agent → Setup): every check at once, each within its
 * own budget, in the order an admin sets things up.
 */
export const runSetupChecks = async (
  strapi: Core.Strapi,
  budgetMs = CHECK_BUDGET_MS
): Promise<SetupCheck[]> => {
  const twilio = twilioChecks(strapi);
  const checks: Array<[string, () => Promise<SetupCheck>]> = [
    ['credentials', twilio.credentials],
    ['sender', twilio.sender],
    ['webhook', twilio.webhook],
    ['publicUrl', () => checkPublicUrl(strapi)],
    ['model', () => checkModel(strapi)],
    ['toolPermissions', () => checkToolPermissions(strapi)],
    ['templates', () => checkTemplates(strapi)],
    ['queue', () => checkQueue(strapi)],
    ['scheduler', () => checkScheduler(strapi)],
  ];
  return Promise.all(checks.map(([id, check]) => withBudget(id, check, budgetMs)));
};
