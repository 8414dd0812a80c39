import channel from './channel';
import communityPlan from './community-plan';
import handoffEvent from './handoff-event';
import inboundMessage from './inbound-message';
import linkCode from './link-code';
import mcpToken from './mcp-token';
import oauthClient from './oauth-client';
import oauthGrant from './oauth-grant';
import outboundMessage from './outbound-message';
import pendingAction from './pending-action';
import proactiveMessage from './proactive-message';
import sender from './sender';
import usagePeriod from './usage-period';
import usageRecord from './usage-record';
import usageReservation from './usage-reservation';

export default {
  channel,
  'inbound-message': inboundMessage,
  'outbound-message': outboundMessage,
  'link-code': linkCode,
  'usage-record': usageRecord,
  'usage-period': usagePeriod,
  'usage-reservation': usageReservation,
  'community-plan': communityPlan,
  'pending-action': pendingAction,
  'proactive-message': proactiveMessage,
  'handoff-event': handoffEvent,
  'mcp-token': mcpToken,
  'oauth-client': oauthClient,
  'oauth-grant': oauthGrant,
  sender,
};
