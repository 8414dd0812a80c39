import type { Core } from '@strapi/strapi';
import { SETTINGS_FIELDS } from '../settings/fields';
import { getService } from '../utils/get-service';
import { unknownMcpTools } from './exposed-tools';

/**
 * At boot, once the settings are loaded: the agent's tools come from the collections and actions
 * chosen (panel or host config) over the content types, all known by then — nothing else adds
 * tools. A name in WHATSAPP_AGENT_MCP_TOOLS (or the host config's `mcp.tools`) that is not one of
 * them stops the start, as a malformed value does, rather than going silently unlisted. The
 * panel's own choice was checked when it was saved.
 */
export const assertConfiguredMcpTools = (strapi: Core.Strapi) => {
  const { tools, toolsSource } = getService(strapi, 'settings').mcp();
  if (toolsSource === 'admin') return;
  const [issue] = unknownMcpTools(tools, () => getService(strapi, 'agent').tools());
  if (!issue) return;
  const origin = toolsSource === 'environment' ? ` (${SETTINGS_FIELDS.mcp.tools.env})` : '';
  throw new Error(
    `Invalid whatsapp-agent plugin config: mcp.tools${origin}: ${issue.message}: name only tools the agent has, or leave it unset to list all of them`
  );
};
