/**
 * The admin permissions the server registers (server/src/permissions.ts), grouped the way the
 * pages ask for them. `subject: null`: they are plugin actions, not content-type actions.
 */
const action = (name: string) => [{ action: `plugin::whatsapp-agent.${name}`, subject: null }];

export const PERMISSIONS = {
  settingsRead: action('settings.read'),
  settingsUpdate: action('settings.update'),
  channelsRead: action('channels.read'),
  channelsRevoke: action('channels.revoke'),
  conversationsRead: action('conversations.read'),
  conversationsReply: action('conversations.reply'),
  conversationsAssign: action('conversations.assign'),
  usageRead: action('usage.read'),
};
