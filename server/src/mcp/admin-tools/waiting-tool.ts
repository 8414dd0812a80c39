import { z } from 'zod';
import { ACTION } from '../../permissions';
import { getService } from '../../utils/get-service';
import { permissionGatedTool } from './gated-tool';
import { refused, type StrapiMcp } from './types';

const input = z.object({
  community: z
    .string()
    .max(64)
    .optional()
    .describe('Only this community (its documentId); every community the admin manages when left out'),
});

const output = z.object({
  waiting: z.array(
    z.object({
      conversation: z.string(),
      community: z.string().nullable(),
      since: z.string().nullable(),
      reason: z.string().nullable(),
    })
  ),
  withPerson: z.number(),
});

/**
 * Conversations waiting for a person (asked for, nobody took them yet), longest waiting first,
 * in the communities this admin manages (the inbox's own scope). No phone number nor message
 * text: the inbox in the admin panel is where a person reads and answers them.
 */
export const registerWaitingTool = (mcp: StrapiMcp) =>
  permissionGatedTool(mcp, {
    name: 'whatsapp_agent_waiting_conversations',
    title: 'WhatsApp agent: conversations waiting for a person',
    description:
      "Members' WhatsApp conversations waiting for a person (handed over by the assistant, nobody assigned yet), longest waiting first, with when and why they asked; withPerson counts those a manager already has. Open them in the admin panel's inbox to answer.",
    action: ACTION.conversationsRead,
    allows: 'read conversations',
    input,
    output,
    async run(strapi, context, args) {
      const handoff = getService(strapi, 'handoff');
      const scope = await handoff.scopes.of(Number(context.user.id));
      if (args.community && scope && !scope.includes(args.community))
        return refused(`You do not manage the community ${args.community}.`);
      const states = await handoff.repository.withPerson({
        communities: args.community ? [args.community] : scope,
      });
      const waiting = states.filter((state) => state.answeredBy === 'waiting');
      return {
        waiting: await Promise.all(
          waiting.map(async (state) => ({
            conversation: state.documentId,
            community: state.community,
            since: state.since?.toISOString() ?? null,
            reason:
              (await handoff.repository.eventsOf(state.channelId, 20))
                .filter((event) => event.kind === 'requested')
                .at(-1)?.reason ?? null,
          }))
        ),
        withPerson: states.length - waiting.length,
      };
    },
  });
