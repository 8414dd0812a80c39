import { z } from 'zod';
import { actionPathProblem } from '../agent/actions/action-path';

/** The collections the agent may read and the actions it may propose, as configured or set in the panel. */

export const attributeName = z.string().regex(/^[A-Za-z_][\w]*$/, 'must be an attribute name');

export const collectionToolSchema = z.object({
  contentType: z
    .string()
    .regex(/^(api|plugin)::[\w-]+\.[\w-]+$/, 'must be a collection type uid such as api::event.event'),
  /** Tools are named search_<name> and get_<name>. */
  name: z.string().regex(/^[a-z][a-z0-9_]{1,30}$/, 'must be lowercase letters, digits and _'),
  description: z.string().min(1),
  searchableFields: z.array(attributeName).min(1),
  returnedFields: z.array(attributeName).min(1),
  /** For dated collections: enables the from/to filter and sorts by it. */
  dateField: attributeName.optional(),
  /**
   * The relation to the record's community: results are then limited to the asking member's
   * communities (records without one belong to `default`). It only narrows what REST returns.
   */
  communityField: attributeName.optional(),
  /**
   * On the member collection (`member.contentType`): adds suggest_<name>, "who should I meet?",
   * ranking members by overlap of these fields with the asker's own profile.
   */
  suggestFields: z.array(attributeName).min(1).optional(),
});

export type CollectionToolConfig = z.infer<typeof collectionToolSchema>;

/** The JSON schema of an action's arguments: an object of named, simple parameters. */
const actionParametersSchema = z
  .object({
    type: z.literal('object'),
    properties: z.record(z.string().regex(/^[A-Za-z_]\w*$/), z.record(z.string(), z.unknown())),
    required: z.array(z.string()).optional(),
  })
  .passthrough();

/**
 * An action the agent may propose — a write through one of the host's own routes, run with the
 * member's access token only after they confirmed it (the model never writes by itself).
 */
export const actionToolSchema = z.object({
  /** The tool's name as the model sees it, e.g. rsvp_event. */
  name: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'must be lowercase letters, digits and _'),
  description: z.string().min(1),
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
  /** The host's content-API route; `{name}` is filled from the argument of that name (the rest is the JSON body). */
  path: z
    .string()
    .regex(/^\/api\/[^\s?#]*$/, 'must be a path under /api/, e.g. /api/events/{documentId}/rsvp')
    .superRefine((path, context) => {
      const problem = actionPathProblem(path);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  parameters: actionParametersSchema,
  /**
   * What the member is asked before anything is written: `{argument}`, `{field}` of the record
   * (below), `{field:date}` for dates, e.g. "RSVP *{status}* to *{title}* on {startsAt:date}?".
   */
  confirm: z.string().min(1).max(500),
  /**
   * The record the action is about, read as the member through a read tool (`get_<collection>`),
   * so the question shows what the member can see of it — not what the model says it is.
   */
  record: z.object({ collection: z.string().min(1), idArgument: z.string().min(1) }).optional(),
  /**
   * After it is done, a member who has not opted in to reminders is offered them (a *Remind me*
   * button): an RSVP is the moment they want one.
   */
  offerReminders: z.boolean().default(false),
});

export type ActionToolConfig = z.infer<typeof actionToolSchema>;
