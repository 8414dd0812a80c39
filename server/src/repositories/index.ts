import type { Core } from '@strapi/strapi';
import { createChannelRepository } from './channel';
import { createCommunityPlanRepository } from './community-plan';
import { createInboundMessageRepository } from './inbound-message';
import { createLinkCodeRepository } from './link-code';
import { createMcpTokenRepository } from './mcp-token';
import { createOAuthClientRepository } from './oauth-client';
import { createOAuthGrantRepository } from './oauth-grant';
import { createOutboundMessageRepository } from './outbound-message';
import { createPendingActionRepository } from './pending-action';
import { createProactiveMessageRepository } from './proactive-message';
import { createSenderRepository } from './sender';
import { createUsagePeriodRepository } from './usage-period';
import { createUsageRecordRepository } from './usage-record';
import { createUsageReservationRepository } from './usage-reservation';

/**
 * The plugin's own tables, one repository each: the only code that calls `strapi.db.query` on
 * them. A service builds the ones it needs once, in its factory.
 */
export const createRepositories = (strapi: Core.Strapi) => ({
  channels: createChannelRepository(strapi),
  inbound: createInboundMessageRepository(strapi),
  outbound: createOutboundMessageRepository(strapi),
  linkCodes: createLinkCodeRepository(strapi),
  mcpTokens: createMcpTokenRepository(strapi),
  oauthClients: createOAuthClientRepository(strapi),
  oauthGrants: createOAuthGrantRepository(strapi),
  usage: createUsageRecordRepository(strapi),
  plans: createCommunityPlanRepository(strapi),
  periods: createUsagePeriodRepository(strapi),
  reservations: createUsageReservationRepository(strapi),
  pendingActions: createPendingActionRepository(strapi),
  proactive: createProactiveMessageRepository(strapi),
  senders: createSenderRepository(strapi),
});

export type Repositories = ReturnType<typeof createRepositories>;
