import adminChannels from './admin-channels';
import adminConversations from './admin-conversations';
import adminSenders from './admin-senders';
import adminSettings from './admin-settings';
import adminSetup from './admin-setup';
import adminTwilioUsage from './admin-twilio-usage';
import adminUsage from './admin-usage';
import linkCodes from './link-codes';
import linkingPage from './linking-page';
import mcp from './mcp';
import mcpOAuth from './mcp-oauth';
import mcpTokens from './mcp-tokens';
import memberChannels from './member-channels';
import webhook from './webhook';

export default {
  webhook,
  linkCodes,
  linkingPage,
  memberChannels,
  mcp,
  mcpTokens,
  mcpOAuth,
  adminSettings,
  adminSenders,
  adminSetup,
  adminChannels,
  adminConversations,
  adminUsage,
  adminTwilioUsage,
};
