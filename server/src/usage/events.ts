import type { Core } from '@strapi/strapi';
import type { LimitState, Plan } from '../admin-api';
import { PLUGIN_ID } from '../constants';

export type UsageEventPayload = { community: string; period: string; plan: Plan; limit: LimitState };

/**
 * `whatsapp-agent.usage.near-limit` and `whatsapp-agent.usage.limit-reached` on Strapi's
 * eventHub, once per community and month: the host can email the owner or offer an upgrade
 * (`strapi.eventHub.on('whatsapp-agent.usage.limit-reached', …)`).
 */
export const emitUsageEvent = (
  strapi: Core.Strapi,
  name: 'near-limit' | 'limit-reached',
  payload: UsageEventPayload
) => {
  strapi.log.info(
    `[${PLUGIN_ID}] Community ${payload.community} ${name === 'near-limit' ? 'is near' : 'has reached'} its ${payload.plan.kind} plan's limit for ${payload.period} (${payload.limit.percent ?? 0} %).`
  );
  void strapi.eventHub.emit(`${PLUGIN_ID}.usage.${name}`, payload);
};
