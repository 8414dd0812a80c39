// Public routes under /api/whatsapp-agent. The webhooks authenticate themselves (path token +
// Twilio signature), so users-permissions does not guard them.
export default {
  type: 'content-api' as const,
  routes: [
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
