import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import { may, NO_PERMISSION, refused, structured, type AdminToolContext, type StrapiMcp } from './types';

type Refusal = ReturnType<typeof refused>;

/**
 * One of the plugin's tools in Strapi's MCP server, behind one of the plugin's RBAC actions:
 * Strapi lists it only to admin tokens whose role holds the action, and the handler checks again
 * before running (as Strapi's own tools do), answering a token without it with what to ask for.
 * `run` returns the figures (sent as text and as structured content) or a refusal of its own.
 */
export const permissionGatedTool = <Input extends z.ZodObject, Output extends z.ZodObject>(
  mcp: StrapiMcp,
  tool: {
    name: string;
    title: string;
    description: string;
    /** The plugin action the token's role must hold, and what it allows, for the refusal ("see usage"). */
    action: string;
    allows: string;
    input: Input;
    output: Output;
    run: (
      strapi: Core.Strapi,
      context: AdminToolContext,
      args: z.infer<Input>
    ) => Promise<z.infer<Output> | Refusal>;
  }
) =>
  mcp.registerTool({
    name: tool.name,
    title: tool.title,
    description: tool.description,
    auth: { policies: [{ action: tool.action }] },
    resolveInputSchema: () => tool.input,
    resolveOutputSchema: () => tool.output,
    createHandler:
      (strapi: Core.Strapi, context) =>
      async ({ args }) => {
        if (!may(context, tool.action)) return refused(NO_PERMISSION(tool.allows));
        const result = await tool.run(strapi, context, args as z.infer<Input>);
        return 'isError' in result && result.isError === true
          ? (result as Refusal)
          : structured(result as z.infer<Output>);
      },
  });
