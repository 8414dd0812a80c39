import { useRBAC } from '@strapi/strapi/admin';
import { PERMISSIONS } from '../permissions';

/**
 * Which pages of the plugin's main-menu entry the admin may open. Two checks, not one:
 * useRBAC names an allowed action after its uid's last segment, so channels.read and
 * usage.read would both come back as `canRead`.
 */
export const useMainPermissions = () => {
  const channels = useRBAC(PERMISSIONS.channelsRead);
  const usage = useRBAC(PERMISSIONS.usageRead);
  const conversations = useRBAC(PERMISSIONS.conversationsRead);
  const settings = useRBAC(PERMISSIONS.settingsRead);
  return {
    isLoading: channels.isLoading || usage.isLoading || conversations.isLoading || settings.isLoading,
    canReadChannels: Boolean(channels.allowedActions.canRead),
    canReadUsage: Boolean(usage.allowedActions.canRead),
    canReadConversations: Boolean(conversations.allowedActions.canRead),
    canReadSettings: Boolean(settings.allowedActions.canRead),
  };
};
