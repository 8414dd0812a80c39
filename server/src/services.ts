import { createAgentService } from './agent';
import { createAdaptersService } from './channels';
import { createHandoffService } from './conversation/service';
import { createIdentityService } from './identity';
import { createLinkingService } from './identity/linking';
import { createInboxService } from './inbox';
import { createMcpOAuthService } from './mcp/oauth/grants';
import { createMcpSessionsService } from './mcp/sessions';
import { createMcpTokenService } from './mcp/tokens';
import { createOutboxService } from './outbox';
import { createPrivacyService } from './privacy';
import { createQueueService } from './queue';
import { createRouterService } from './router';
import { createSchedulerService } from './scheduler';
import { createSendersService } from './senders';
import { createSearchService } from './agent/search';
import { createSettingsService } from './settings';
import { createCryptoService } from './settings/crypto';
import { createPluginConfigService } from './settings/plugin-config';
import { createUsageService } from './usage';
import { createWorkerService } from './worker';

/** The plugin's services, in the order a message meets them (settings first: everything reads them). */
export default {
  pluginConfig: createPluginConfigService,
  crypto: createCryptoService,
  settings: createSettingsService,
  inbox: createInboxService,
  queue: createQueueService,
  worker: createWorkerService,
  router: createRouterService,
  handoff: createHandoffService,
  identity: createIdentityService,
  linking: createLinkingService,
  mcpTokens: createMcpTokenService,
  mcpOAuth: createMcpOAuthService,
  mcpSessions: createMcpSessionsService,
  agent: createAgentService,
  search: createSearchService,
  outbox: createOutboxService,
  senders: createSendersService,
  adapters: createAdaptersService,
  privacy: createPrivacyService,
  scheduler: createSchedulerService,
  usage: createUsageService,
};
