import { ACTION } from '../permissions';

// Admin-panel routes under /whatsapp-agent: every one is for authenticated admins holding the
// named plugin permission (Settings → Roles in the admin panel).
const route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: string, action: string) => ({
  method,
  path,
  handler,
  config: {
    policies: [
      'admin::isAuthenticatedAdmin',
      { name: 'admin::hasPermissions', config: { actions: [action] } },
    ],
  },
});

export default {
  type: 'admin' as const,
  routes: [
    route('GET', '/settings', 'adminSettings.find', ACTION.settingsRead),
    route('PUT', '/settings', 'adminSettings.update', ACTION.settingsUpdate),
    route('POST', '/settings/check-twilio', 'adminSettings.checkTwilio', ACTION.settingsRead),
    route('POST', '/settings/check-meta', 'adminSettings.checkMeta', ACTION.settingsRead),
    route('POST', '/settings/test-llm', 'adminSettings.testLlm', ACTION.settingsRead),
    route('POST', '/settings/test-transcription', 'adminSettings.testTranscription', ACTION.settingsRead),
    route('POST', '/settings/templates/check', 'adminSettings.checkTemplate', ACTION.settingsRead),
    route(
      'POST',
      '/settings/webhook-token/rotate',
      'adminSettings.rotateWebhookToken',
      ACTION.settingsUpdate
    ),
    // Senders (README: Senders): numbers on Twilio (sub-)accounts besides the default one.
    route('GET', '/senders', 'adminSenders.find', ACTION.settingsRead),
    route('POST', '/senders', 'adminSenders.create', ACTION.settingsUpdate),
    route('PUT', '/senders/:id', 'adminSenders.update', ACTION.settingsUpdate),
    route('DELETE', '/senders/:id', 'adminSenders.delete', ACTION.settingsUpdate),
    route('POST', '/senders/:id/check', 'adminSenders.check', ACTION.settingsRead),
    // The setup checklist; the test message also needs settings.update (re-checked in the handler).
    route('GET', '/setup/checks', 'adminSetup.checks', ACTION.settingsRead),
    route('POST', '/setup/test-message', 'adminSetup.testMessage', ACTION.settingsUpdate),
    route('GET', '/usage', 'adminUsage.report', ACTION.usageRead),
    route('GET', '/usage.csv', 'adminUsage.statement', ACTION.usageRead),
    route('GET', '/communities', 'adminUsage.communities', ACTION.usageRead),
    route('PUT', '/communities/:key/plan', 'adminUsage.setPlan', ACTION.settingsUpdate),
    route('GET', '/content-types', 'adminSettings.contentTypes', ACTION.settingsRead),
    route('GET', '/channels', 'adminChannels.find', ACTION.channelsRead),
    route('POST', '/channels/:documentId/revoke', 'adminChannels.revoke', ACTION.channelsRevoke),
    route(
      'GET',
      '/channels/:documentId/conversation',
      'adminChannels.conversation',
      ACTION.conversationsRead
    ),
    route('GET', '/usage/twilio', 'adminTwilioUsage.find', ACTION.usageRead),
    // People in the loop (README): the inbox, one conversation, and a manager's actions on it.
    route('GET', '/inbox', 'adminConversations.inbox', ACTION.conversationsRead),
    route('GET', '/inbox/waiting', 'adminConversations.waitingCount', ACTION.conversationsRead),
    route('GET', '/conversations/:documentId', 'adminConversations.find', ACTION.conversationsRead),
    route(
      'POST',
      '/conversations/:documentId/assign',
      'adminConversations.assign',
      ACTION.conversationsAssign
    ),
    route(
      'POST',
      '/conversations/:documentId/resolve',
      'adminConversations.resolve',
      ACTION.conversationsAssign
    ),
    route('POST', '/conversations/:documentId/reply', 'adminConversations.reply', ACTION.conversationsReply),
    route('POST', '/conversations/:documentId/notes', 'adminConversations.note', ACTION.conversationsReply),
    route('GET', '/managers', 'adminConversations.managers', ACTION.conversationsAssign),
    route('GET', '/manager-scopes', 'adminConversations.scopes', ACTION.settingsRead),
    route('PUT', '/manager-scopes', 'adminConversations.setScopes', ACTION.settingsUpdate),
  ],
};
