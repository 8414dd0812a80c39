import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';

export const HANDOFF_TOOL_NAME = 'handoff_to_person';

/** Why the model asks for a person, as the managers read it in the inbox. */
export const handoffArgs = z
  .object({
    reason: z.enum(['member_asked', 'cannot_help', 'complaint', 'safety']).catch('member_asked'),
    summary: z.string().trim().max(500).catch(''),
  })
  // A model that sends something else still hands over: the member asked, most likely.
  .catch({ reason: 'member_asked', summary: '' });
export type HandoffRequest = z.infer<typeof handoffArgs>;

const REASONS: Record<HandoffRequest['reason'], string> = {
  member_asked: 'The member asked for a person',
  cannot_help: 'The assistant cannot help',
  complaint: 'A complaint',
  safety: 'A safety concern',
};

/** The line the inbox and the event show: the reason in words, then the model's summary. */
export const describeRequest = ({ reason, summary }: HandoffRequest) =>
  [REASONS[reason], summary].filter(Boolean).join(': ');

/** Offered to the model on every turn; the router hands the conversation over after the turn. */
export const HANDOFF_TOOL: ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: HANDOFF_TOOL_NAME,
    description:
      'Hand this conversation to a community manager (a person). From then on you stay silent until they hand it back.',
    parameters: {
      type: 'object',
      properties: {
        reason: {
          type: 'string',
          enum: Object.keys(REASONS),
          description: 'Why a person is needed',
        },
        summary: {
          type: 'string',
          description: 'One or two sentences for the manager: what the member needs, in their words',
        },
      },
      required: ['reason', 'summary'],
      additionalProperties: false,
    },
  },
};

/** What the model is told, whatever instructions the admin wrote: when to hand over. */
export const HANDOFF_GUIDANCE = `Call ${HANDOFF_TOOL_NAME} when the member asks to talk to a person (a human, a community manager, someone from the team), when you cannot help with what they need, for a complaint, or for a safety concern. Then tell them in one short sentence that a community manager will answer here; do not promise a time.`;

/** The tool's answer to the model: it only has to say so in words. */
export const HANDOFF_ACCEPTED = {
  ok: true,
  note: 'A community manager will take over after this reply. Tell the member in one short sentence.',
};
