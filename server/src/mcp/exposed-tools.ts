import type { AgentTool } from '../agent/tools/collection-tool';
import type { FieldIssue } from '../utils/zod-issues';

/**
 * Which of the agent's tools the members' MCP endpoint lists (Settings → Tools and actions, or
 * WHATSAPP_AGENT_MCP_TOOLS): all of them when nothing is chosen, else the chosen ones. A name
 * chosen in the panel that has since left the registry (its collection or action removed) is
 * simply not listed (one from the environment or host config stops the start instead, see
 * configured-tools.ts); a tool that is not listed cannot be called either.
 */
export const exposedTools = (registry: Map<string, AgentTool>, selection: string[] | null) =>
  selection === null ? [...registry] : [...registry].filter(([name]) => selection.includes(name));

/** A chosen name the registry (as the same change leaves it) does not have, as a field issue. */
export const unknownMcpTools = (
  selection: string[] | null | undefined,
  registry: () => Map<string, AgentTool>
): FieldIssue[] => {
  if (!selection) return [];
  const names = registry();
  const unknown = selection.filter((name) => !names.has(name));
  return unknown.length === 0
    ? []
    : [
        {
          path: ['mcp', 'tools'],
          message: `${unknown.join(', ')}: no such tool of the agent (it has ${[...names.keys()].join(', ') || 'none'})`,
        },
      ];
};
