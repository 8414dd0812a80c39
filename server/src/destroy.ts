import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  // Let turns in progress finish (their leases are released) before the database closes.
  await getService(strapi, 'scheduler').stop();
  getService(strapi, 'mcpSessions').closeAll();
  await getService(strapi, 'handoff').stop();
  await getService(strapi, 'queue').stop();
  await getService(strapi, 'outbox').stop();
  await getService(strapi, 'search').stop();
  getService(strapi, 'settings').stop();
  getService(strapi, 'privacy').stop();
};

export default destroy;
