import { createChannelsService } from './channels';
import { createInboxService } from './inbox';
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
};
