import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from './constants';

/** The plugin's admin RBAC actions, defined once (mirrored in admin/src/permissions.ts). */
const ACTIONS = {
  settingsRead: { uid: 'settings.read', displayName: 'Read settings', subCategory: 'settings' },
  settingsUpdate: { uid: 'settings.update', displayName: 'Change settings', subCategory: 'settings' },
  channelsRead: { uid: 'channels.read', displayName: 'See linked members', subCategory: 'channels' },
  channelsRevoke: { uid: 'channels.revoke', displayName: 'Revoke a linked member', subCategory: 'channels' },
  conversationsRead: {
    uid: 'conversations.read',
    displayName: 'Read conversations',
    subCategory: 'conversations',
  },
  conversationsReply: {
    uid: 'conversations.reply',
    displayName: 'Reply to members and write internal notes',
    subCategory: 'conversations',
  },
  conversationsAssign: {
    uid: 'conversations.assign',
    displayName: 'Take over, assign and resolve conversations',
    subCategory: 'conversations',
  },
  usageRead: { uid: 'usage.read', displayName: 'See usage and costs', subCategory: 'usage' },
} as const;

export const ACTION = Object.fromEntries(
  Object.entries(ACTIONS).map(([key, action]) => [key, `plugin::${PLUGIN_ID}.${action.uid}`])
) as Record<keyof typeof ACTIONS, string>;

export const registerAdminActions = async (strapi: Core.Strapi) => {
  await strapi.service('admin::permission').actionProvider.registerMany(
    Object.values(ACTIONS).map((action) => ({
      section: 'plugins',
      pluginName: PLUGIN_ID,
      displayName: action.displayName,
      uid: action.uid,
      subCategory: action.subCategory,
    }))
  );
};
