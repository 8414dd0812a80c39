import { z } from 'zod';
import type { ActionToolConfig } from '../../settings/tool-schemas';
import type { AgentTool, ToolContext, ToolResult } from '../tools/collection-tool';
import { fillPath } from './action-path';
import { renderConfirmation } from './confirm-template';

/** What an action tool hands the agent: the write to ask the member about. */
export type Proposal = { tool: string; args: Record<string, unknown>; question: string };

/** Reads the record an action is about as the member (a read tool's get_), or says why not. */
export type ReadRecord = (
  collection: string,
  documentId: string,
  context: ToolContext
) => Promise<Record<string, unknown> | { error: string }>;

const describe = (error: z.ZodError) =>
  error.issues.map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`).join('; ');

/**
 * An action the model may propose: its arguments checked against the admin's JSON schema (and
 * only the declared ones kept), the record it is about read as the member, and the question to
 * the member filled in. Nothing is written here — the proposal waits for the member's Yes, and
 * the host's own route then decides (see router/pending-actions.ts).
 */
export const createActionTool = (
  config: ActionToolConfig,
  readRecord: ReadRecord,
  timeZoneOf: (communityKey: string | undefined) => string
): AgentTool => {
  const validator = z.fromJSONSchema(config.parameters as never);
  const declared = Object.keys(config.parameters.properties);

  return {
    definition: {
      type: 'function',
      function: {
        name: config.name,
        description: `${config.description} Nothing happens until the member confirms: they are asked with Yes / No.`,
        parameters: config.parameters,
      },
    },
    async run(rawArgs, context): Promise<ToolResult> {
      if (!context.propose) return { error: 'Actions cannot be proposed in this conversation.' };
      const parsed = validator.safeParse(rawArgs ?? {});
      if (!parsed.success) return { error: `Invalid arguments: ${describe(parsed.error)}` };
      const given = parsed.data as Record<string, unknown>;
      const args = Object.fromEntries(
        declared.filter((name) => name in given).map((name) => [name, given[name]])
      );
      const path = fillPath(config.path, args);
      if (!path.ok) return { error: `Invalid arguments: ${path.argument ?? 'path'}: ${path.message}` };

      let record: Record<string, unknown> = {};
      if (config.record) {
        const found = await readRecord(
          config.record.collection,
          String(args[config.record.idArgument]),
          context
        );
        if ('error' in found) return { error: String(found.error) };
        record = found;
      }
      // The record's own fields win: the question shows what the member can see, whatever the model says.
      const question = renderConfirmation(
        config.confirm,
        { ...args, ...record },
        timeZoneOf(context.asker.communityKeys[0])
      );
      const proposed = context.propose({ tool: config.name, args, question });
      if (!proposed.ok) return { error: proposed.error };
      return {
        status: 'waiting_for_confirmation',
        question,
        note: 'Nothing is written yet: the member is sent this question with Yes / No. Do not call the action again; say in one short sentence what you proposed.',
      };
    },
  };
};
