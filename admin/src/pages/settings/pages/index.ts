/**
 * The pages of Settings → WhatsApp agent, in the menu's order, each at settings/whatsapp-agent/<path>.
 * None at the section's bare address: Strapi's settings menu marks a link active on every
 * address below it, so that one would look open on every page.
 */
export const SETTINGS_PAGES = [
  { id: 'connection', path: 'connection', label: 'Connection', Component: () => import('./ConnectionPage') },
  { id: 'senders', path: 'senders', label: 'Senders', Component: () => import('./SendersPage') },
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
