// Public routes under /api/whatsapp-agent. The webhooks authenticate themselves (path token +
// Twilio signature); the member routes go through users-permissions like any content API route
// (the Authenticated role is granted them once at install, see bootstrap).
export const MEMBER_ACTIONS = [
  'plugin::whatsapp-agent.linkCodes.create',
  'plugin::whatsapp-agent.memberChannels.find',
  'plugin::whatsapp-agent.memberChannels.delete',
  'plugin::whatsapp-agent.memberChannels.findPreferences',
  'plugin::whatsapp-agent.memberChannels.updatePreferences',
];

export default {
  type: 'content-api' as const,
  routes: [
    { method: 'POST' as const, path: '/link-codes', handler: 'linkCodes.create', config: { policies: [] } },
    {
      method: 'GET' as const,
      path: '/channels/me',
      handler: 'memberChannels.find',
      config: { policies: [] },
    },
    {
      method: 'DELETE' as const,
      path: '/channels/me/:documentId',
      handler: 'memberChannels.delete',
      config: { policies: [] },
    },
    {
      method: 'GET' as const,
      path: '/channels/me/:documentId/preferences',
      handler: 'memberChannels.findPreferences',
      config: { policies: [] },
    },
    {
      method: 'PUT' as const,
      path: '/channels/me/:documentId/preferences',
      handler: 'memberChannels.updatePreferences',
      config: { policies: [] },
    },
    {
      method: 'POST' as const,
      path: '/webhooks/twilio/:token',
      handler: 'webhook.inbound',
      config: { auth: false as const, policies: [] },
    },
    {
      method: 'POST' as const,
      path: '/webhooks/twilio/:token/status',
      handler: 'webhook.status',
      config: { auth: false as const, policies: [] },
    },
    {
      // Any other POST under /webhooks answers like a wrong token does, so a probe cannot tell
      // a wrong token from a wrong path.
      method: 'POST' as const,
      path: '/webhooks/(.*)',
      handler: 'webhook.notFound',
      config: { auth: false as const, policies: [] },
    },
  ],
};
