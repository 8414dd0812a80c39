import { createAgentService } from './agent';
import { createChannelsService } from './channels';
import { createConversationService } from './conversation';
import { createCryptoService } from './crypto';
import { createIdentityService } from './identity';
import { createInboxService } from './inbox';
import { createLinkingService } from './linking';
import { createOutboxService } from './outbox';
import { createPluginConfigService } from './plugin-config';
import { createQueueService } from './queue';
import { createSettingsService } from './settings';
import { createWorkerService } from './worker';

export default {
  pluginConfig: createPluginConfigService,
  settings: createSettingsService,
  channels: createChannelsService,
  inbox: createInboxService,
  outbox: createOutboxService,
  queue: createQueueService,
  worker: createWorkerService,
  crypto: createCryptoService,
  identity: createIdentityService,
  linking: createLinkingService,
  conversation: createConversationService,
  agent: createAgentService,
};
