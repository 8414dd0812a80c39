import type { Core } from '@strapi/strapi';
import { registerNearLimitTool } from './near-limit-tool';
import { registerUsageTool } from './usage-tool';
import { registerWaitingTool } from './waiting-tool';

/**
 * The plugin's tools for admins, in Strapi's own MCP server (`/mcp`, admin tokens): usage per
 * community and month, communities near their limit, conversations waiting for a person. Strapi
 * lists a tool only to a token whose permissions hold its action; each handler checks again.
 * Strapi before 5.54 has no `strapi.ai.mcp`, and one with MCP switched off never serves them.
 */
export const registerAdminMcpTools = (strapi: Core.Strapi) => {
  const mcp = strapi.ai?.mcp;
  if (!mcp?.registerTool || !mcp.isEnabled()) return;
  registerUsageTool(mcp);
  registerNearLimitTool(mcp);
  registerWaitingTool(mcp);
};
