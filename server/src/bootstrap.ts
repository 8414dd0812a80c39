import type { Core } from '@strapi/strapi';
import { registerAdminMcpTools } from './mcp/admin-tools';
import { assertConfiguredMcpTools } from './mcp/configured-tools';
import { grantMemberPermissionsOnce } from './member-permissions';
import { registerAdminActions } from './permissions';
import { registerUserCleanup } from './identity/user-cleanup';
import { getService } from './utils/get-service';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'crypto').assertConfigured();
  getService(strapi, 'usage').assertCommunityPath();
  const settings = getService(strapi, 'settings');
  await settings.load();
  assertConfiguredMcpTools(strapi);
  await grantMemberPermissionsOnce(strapi);
  await registerAdminActions(strapi);
  // Before Strapi's MCP server starts (after the plugins' bootstrap), which refuses new tools.
  registerAdminMcpTools(strapi);
  registerUserCleanup(strapi);
  getService(strapi, 'agent').watchPermissions();
  getService(strapi, 'identity').watchMembers();
  await getService(strapi, 'search').start();

  const missing = [
    !settings.twilio()?.accountSid && 'TWILIO_ACCOUNT_SID',
    !settings.twilio()?.authToken && 'TWILIO_AUTH_TOKEN',
    !settings.twilio()?.whatsappNumber && 'TWILIO_WHATSAPP_NUMBER',
  ].filter(Boolean);
  // Either provider carries WhatsApp: only when neither does is it worth saying.
  if (missing.length > 0 && !settings.meta()) {
    strapi.log.info(
      `[whatsapp-agent] Twilio is not configured (${missing.join(', ')} not set), nor Meta's Cloud API (META_WHATSAPP_PHONE_NUMBER_ID, META_WHATSAPP_ACCESS_TOKEN): webhooks answer 503 and no message is sent until one is.`
    );
  }

  await getService(strapi, 'queue').start();
  // Retention is background work: the instances that answer do it.
  if (getService(strapi, 'pluginConfig').get().queue.role !== 'web') getService(strapi, 'privacy').start();
  getService(strapi, 'scheduler').start();
  getService(strapi, 'handoff').start();
};

export default bootstrap;
