import crypto from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ActionToolConfig } from '../settings/tool-schemas';
import type { Proposal } from '../agent/actions/action-tool';
import { memberTool, readOwnProfiles } from '../agent/member-context';
import type { AgentTool, ToolContext, ToolResult } from '../agent/tools/collection-tool';
import { overLimitWording } from '../router/over-limit';
import { getService } from '../utils/get-service';
import { createMcpActions } from './actions';
import { exposedTools } from './exposed-tools';
import type { McpCaller } from './tokens';

/** The member's own profile, as a resource their assistant can read. */
export const PROFILE_URI = 'community://me/profile';

const INSTRUCTIONS =
  "Tools of the member's community, run with the member's own permissions: search and read members and events in their communities, and actions (such as an RSVP) that write only after the member confirms.";

const answer = (result: ToolResult): CallToolResult => ({
  content: [{ type: 'text', text: JSON.stringify(result) }],
  ...('error' in result ? { isError: true } : {}),
});

/** A tool's parameters (the JSON schema the LLM gets) as the schema the SDK validates and lists. */
const inputSchemaOf = (tool: AgentTool) =>
  z.fromJSONSchema(tool.definition.function.parameters as never) as z.ZodObject;

/**
 * The MCP server one request (or one session) talks to: the agent's tool registry as this member
 * sees it (their role's permissions, their communities, never themselves in lists), the
 * configured actions behind a confirmation, and their own profile as a resource. Built per
 * request, or per session for a client that can answer questions (sessions.ts), so a change in
 * the settings or the member's role shows at their next request or session.
 */
export const createMcpServer = async (strapi: Core.Strapi, caller: McpCaller, bearer: string) => {
  const agent = getService(strapi, 'agent');
  const settings = getService(strapi, 'settings');
  const usage = getService(strapi, 'usage');
  const registry = agent.tools();
  const configuredActions = new Map<string, ActionToolConfig>(
    settings.agent().actions.map((action) => [action.name, action])
  );
  const context: ToolContext = await agent.toolContext(caller.user);
  const actions = createMcpActions(strapi, caller, bearer);

  const server = new McpServer(
    { name: 'strapi-plugin-whatsapp-agent', version: '0.1.0' },
    { instructions: INSTRUCTIONS }
  );

  /** Every call counts like a WhatsApp turn (the daily limit, the plan), before it runs. */
  const overLimit = async (): Promise<CallToolResult | null> => {
    const account = await usage.accountOf(caller.user.id);
    const admission = await usage.admitMcpCall(account, crypto.randomUUID());
    if (admission.allowed) return null;
    const { limit, until } = overLimitWording(admission, new Date());
    return answer({
      error: `The community assistant has reached its limit (${limit}); it answers again ${until}.`,
    });
  };

  for (const [name, tool] of exposedTools(registry, settings.mcp().tools)) {
    const action = configuredActions.get(name);
    if (!action) {
      server.registerTool(
        name,
        {
          description: tool.definition.function.description,
          inputSchema: inputSchemaOf(tool),
          annotations: { readOnlyHint: true, openWorldHint: false },
        },
        async (args) => (await overLimit()) ?? answer(await tool.run(args, context))
      );
      continue;
    }
    server.registerTool(
      name,
      {
        description: `${action.description} Nothing is written until the member confirms: a client that can ask them (elicitation) shows the question during the call; otherwise the first call answers with the question to ask them and a confirmationToken; call again with that confirmationToken once they said yes.`,
        inputSchema: inputSchemaOf(tool).extend({
          confirmationToken: z
            .string()
            .max(64)
            .optional()
            .describe('From the first call, once the member has said yes to its question'),
        }),
        annotations: {
          readOnlyHint: false,
          destructiveHint: action.method === 'DELETE',
          idempotentHint: action.method === 'PUT' || action.method === 'DELETE',
          openWorldHint: false,
        },
      },
      async (input, extra) => {
        const { confirmationToken, ...args } = input as { confirmationToken?: string };
        const limited = await overLimit();
        if (limited) return limited;
        if (confirmationToken) return answer(await actions.confirm(action, confirmationToken));
        let proposal: Proposal | undefined;
        const proposed = await tool.run(args, {
          ...context,
          propose: (next) => {
            proposal = next;
            return { ok: true };
          },
        });
        if (!proposal) return answer(proposed);
        // Only a session's server knows the client's capabilities: a stateless one never asks.
        if (server.server.getClientCapabilities()?.elicitation?.form)
          return answer(
            await actions.proposeAndAsk(action, proposal, async (question, timeoutMs) => {
              const reply = await server.server.elicitInput(
                { mode: 'form', message: question, requestedSchema: { type: 'object', properties: {} } },
                // On the stream of this tools/call, where the client listens while it waits.
                { relatedRequestId: extra.requestId, timeout: timeoutMs, signal: extra.signal }
              );
              return reply.action;
            })
          );
        return answer(await actions.propose(proposal));
      }
    );
  }

  const ownTool = memberTool(
    settings.agent().tools,
    getService(strapi, 'pluginConfig').get().member.contentType
  );
  if (ownTool && registry.has(`get_${ownTool.name}`)) {
    server.registerResource(
      'my-profile',
      PROFILE_URI,
      {
        title: 'My profile',
        description: "The member's own profile in the community, as they may read it",
        mimeType: 'application/json',
      },
      async (uri) => ({
        contents: [
          {
            uri: uri.href,
            mimeType: 'application/json',
            text: JSON.stringify(await readOwnProfiles(strapi, ownTool, ownTool.returnedFields, context)),
          },
        ],
      })
    );
  }
  return server;
};
