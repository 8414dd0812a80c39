/**
 * The pages of Settings → WhatsApp agent, in the menu's order. The first keeps the section's own
 * address (settings/whatsapp-agent), which texts and bookmarks point to.
 */
export const SETTINGS_PAGES = [
  { id: 'connection', path: '', label: 'Connection', Component: () => import('./ConnectionPage') },
  { id: 'ai', path: 'ai', label: 'AI and media', Component: () => import('./AiMediaPage') },
  { id: 'tools', path: 'tools', label: 'Tools and actions', Component: () => import('./ToolsActionsPage') },
  {
    id: 'messages',
    path: 'messages',
    label: 'Templates and messages',
    Component: () => import('./MessagesPage'),
  },
  {
    id: 'prices',
    path: 'prices',
    label: 'Prices and privacy',
    Component: () => import('./PricesPrivacyPage'),
  },
  { id: 'handoff', path: 'handoff', label: 'Handoff', Component: () => import('./HandoffPage') },
];
