// Admin-panel routes under /whatsapp-agent; every one carries admin::hasPermissions.
export default {
  type: 'admin' as const,
  routes: [] as const,
};
