import type { Core } from '@strapi/strapi';

/** Strapi's own MCP server (`strapi.ai.mcp`, Strapi 5.54+), where an admin's assistant connects. */
export type StrapiMcp = Core.Strapi['ai']['mcp'];

/** What Strapi's MCP hands a tool's handler: the admin token's ability and its owner. */
export type AdminToolContext = Parameters<Parameters<StrapiMcp['registerTool']>[0]['createHandler']>[1];

/** A tool's answer: the same figures as text (for clients that read text) and as structured content. */
export const structured = <T extends Record<string, unknown>>(data: T) => ({
  content: [{ type: 'text' as const, text: JSON.stringify(data) }],
  structuredContent: data,
});

/** A refusal the assistant can relay: what is missing, and who can grant it. */
export const refused = (message: string) => ({
  content: [{ type: 'text' as const, text: message }],
  isError: true as const,
});

export const NO_PERMISSION = (what: string) =>
  `This admin token may not ${what}: ask a super admin to add the WhatsApp agent permission to your role (Settings → Roles), then create the token again.`;

/** Whether the token may do a plugin action (plugin actions have no subject). */
export const may = (context: AdminToolContext, action: string) =>
  (context.userAbility as unknown as { can: (action: string) => boolean }).can(action);
